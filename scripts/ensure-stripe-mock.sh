#!/usr/bin/env bash
# Installs stripe-mock (github.com/stripe/stripe-mock, Stripe's own mock of its API, which
# validates requests against Stripe's OpenAPI spec) into .data/bin/ unless it is already there.
# Idempotent and safe to run concurrently; prints the binary's absolute path on stdout.
#
# Env: STRIPE_MOCK_VERSION (default v0.203.0, the version verified here), GO_TOOLS_BIN_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-go-tool.sh"

# "works" = executable and reports its version.
works() { [ -x "$bin" ] && "$bin" -version >/dev/null 2>&1; }

ensure_go_tool stripe-mock "github.com/stripe/stripe-mock@${STRIPE_MOCK_VERSION:-v0.203.0}" works
