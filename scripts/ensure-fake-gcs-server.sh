#!/usr/bin/env bash
# Installs fake-gcs-server (github.com/fsouza/fake-gcs-server, a Google Cloud
# Storage emulator) into .data/bin/ (gitignored) unless it is already there.
# Idempotent; safe to run concurrently (an flock serialises the build).
# Prints the binary's absolute path on stdout; progress goes to stderr.
#
# Env: FAKE_GCS_SERVER_VERSION (default v1.56.1, the version verified here; "latest"
# works too), FAKE_GCS_SERVER_BIN_DIR
# (default: <repo>/.data/bin). Needs Go and the Go module proxy.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="${FAKE_GCS_SERVER_BIN_DIR:-$repo_root/.data/bin}"
version="${FAKE_GCS_SERVER_VERSION:-v1.56.1}"
bin="$bin_dir/fake-gcs-server"

# "works" = executable and prints its usage (Go's flag package exits 2 on -help).
works() {
  [ -x "$bin" ] || return 1
  local usage
  usage="$("$bin" -help 2>&1 || true)"
  grep -q -- '-backend' <<<"$usage"
}

if works; then echo "$bin"; exit 0; fi

mkdir -p "$bin_dir"
exec 9>"$bin_dir/.fake-gcs-server.lock"
flock 9
if works; then echo "$bin"; exit 0; fi   # another process built it while we waited

if ! command -v go >/dev/null 2>&1; then
  for d in /usr/local/go/bin /usr/lib/go/bin "$HOME/go/bin"; do
    [ -x "$d/go" ] && PATH="$d:$PATH" && break
  done
fi
command -v go >/dev/null 2>&1 || { echo "ensure-fake-gcs-server: Go is not installed (needed to build fake-gcs-server)" >&2; exit 1; }

echo "ensure-fake-gcs-server: building github.com/fsouza/fake-gcs-server@$version into $bin_dir ($(go version))" >&2
tmp_bin="$(mktemp -d "$bin_dir/.build.XXXXXX")"
trap 'rm -rf "$tmp_bin"' EXIT
# CGO off: a static binary, no C toolchain needed.
GOBIN="$tmp_bin" CGO_ENABLED=0 \
  go install "github.com/fsouza/fake-gcs-server@$version" >&2
mv -f "$tmp_bin/fake-gcs-server" "$bin"
works || { echo "ensure-fake-gcs-server: built $bin but it does not run" >&2; exit 1; }
echo "$bin"
