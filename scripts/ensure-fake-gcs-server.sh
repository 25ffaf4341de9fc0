#!/usr/bin/env bash
# Installs fake-gcs-server (github.com/fsouza/fake-gcs-server, a Google Cloud Storage emulator)
# into .data/bin/ unless it is already there. Idempotent and safe to run concurrently; prints the
# binary's absolute path on stdout.
#
# Env: FAKE_GCS_SERVER_VERSION (default v1.56.1, the version verified here; "latest" works too),
# GO_TOOLS_BIN_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-go-tool.sh"

# "works" = executable and prints its usage (Go's flag package exits 2 on -help).
works() {
  [ -x "$bin" ] || return 1
  local usage
  usage="$("$bin" -help 2>&1 || true)"
  grep -q -- '-backend' <<<"$usage"
}

ensure_go_tool fake-gcs-server "github.com/fsouza/fake-gcs-server@${FAKE_GCS_SERVER_VERSION:-v1.56.1}" works
