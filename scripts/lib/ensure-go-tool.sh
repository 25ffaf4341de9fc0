# Sourced by scripts/ensure-<tool>.sh: installs a Go command-line tool (an emulator for the tests)
# into .data/bin/ (gitignored) with `go install`, unless a working one is already there.
# Idempotent; safe to run concurrently (an flock serialises the build). Prints the binary's
# absolute path on stdout; progress goes to stderr. Needs Go and the Go module proxy.
#
#   ensure_go_tool NAME MODULE@VERSION WORKS
# NAME: the binary's name; WORKS: a shell function that succeeds when "$bin" runs.
# Env: GO_TOOLS_BIN_DIR (default: <repo>/.data/bin).

ensure_go_tool() {
  local name="$1" module="$2" works="$3"
  local repo_root
  repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local bin_dir="${GO_TOOLS_BIN_DIR:-$repo_root/.data/bin}"
  bin="$bin_dir/$name"

  if "$works"; then echo "$bin"; return 0; fi

  mkdir -p "$bin_dir"
  exec 9>"$bin_dir/.$name.lock"
  flock 9
  if "$works"; then echo "$bin"; return 0; fi   # another process built it while we waited

  if ! command -v go >/dev/null 2>&1; then
    local d
    for d in /usr/local/go/bin /usr/lib/go/bin "$HOME/go/bin"; do
      [ -x "$d/go" ] && PATH="$d:$PATH" && break
    done
  fi
  command -v go >/dev/null 2>&1 || { echo "ensure-$name: Go is not installed (needed to build $name)" >&2; return 1; }

  echo "ensure-$name: building $module into $bin_dir ($(go version))" >&2
  local tmp_bin
  tmp_bin="$(mktemp -d "$bin_dir/.build.XXXXXX")"
  # CGO off: a static binary, no C toolchain needed.
  if ! GOBIN="$tmp_bin" CGO_ENABLED=0 go install "$module" >&2; then
    rm -rf "$tmp_bin"
    echo "ensure-$name: go install $module failed (is the Go module proxy reachable?)" >&2
    return 1
  fi
  mv -f "$tmp_bin/$name" "$bin"
  rm -rf "$tmp_bin"
  "$works" || { echo "ensure-$name: built $bin but it does not run" >&2; return 1; }
  echo "$bin"
}
