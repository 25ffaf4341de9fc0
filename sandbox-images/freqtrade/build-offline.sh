#!/usr/bin/env bash
# Builds the TradeLab Freqtrade sandbox image without any container registry:
#   debootstrap (minbase bookworm) -> apt python3 -> venv + pinned pip install
#   -> our files -> `docker import`.
#
# usage: build-offline.sh TAG            e.g. build-offline.sh tradelab/freqtrade:0123456789abcdef
#
# Environment (all optional):
#   DEBIAN_MIRROR          default http://deb.debian.org/debian (plain HTTP, no CA needed)
#   TRADELAB_SANDBOX_CACHE default /var/cache/tradelab-sandbox: keeps the base root filesystem
#                          (debootstrap + apt + venv + pip), keyed by a hash of requirements.txt
#                          and this script, plus pip's wheel cache. Delete it to force a full build.
#   HOST_CA_BUNDLE         default /etc/ssl/certs/ca-certificates.crt: the host's CA bundle, used
#                          by pip inside the chroot during the build only (never left in the image).
#
# Must run as root (debootstrap, chroot, mount). Idempotent: re-running rebuilds the image under TAG
# from the cached base. Fails loudly on any error.
set -euo pipefail

TAG="${1:-}"
if [[ -z "$TAG" || "$TAG" == -* ]]; then
  echo "usage: $0 TAG" >&2
  exit 64
fi
if [[ "$(id -u)" != 0 ]]; then
  echo "build-offline.sh: must run as root (debootstrap/chroot)" >&2
  exit 1
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
CACHE_DIR="${TRADELAB_SANDBOX_CACHE:-/var/cache/tradelab-sandbox}"
HOST_CA="${HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
VENV=/opt/freqtrade-venv
PYVER=3.11
SITE="$VENV/lib/python$PYVER/site-packages"
APT_PACKAGES=(python3 python3-venv ca-certificates libgomp1)

T0=$(date +%s.%N)
stamp() { # stamp LABEL START -> prints elapsed seconds
  awk -v a="$2" -v b="$(date +%s.%N)" -v l="$1" 'BEGIN { printf "[build-offline] %-28s %6.1fs\n", l, b - a }' >&2
}
log() { echo "[build-offline] $*" >&2; }

for tool in debootstrap docker tar awk sha256sum flock mount; do
  command -v "$tool" >/dev/null || { echo "build-offline.sh: missing tool: $tool" >&2; exit 1; }
done
docker info >/dev/null 2>&1 || { echo "build-offline.sh: docker daemon not reachable" >&2; exit 1; }
[[ -s "$HOST_CA" ]] || { echo "build-offline.sh: host CA bundle $HOST_CA missing" >&2; exit 1; }

mkdir -p "$CACHE_DIR" "$CACHE_DIR/pip-cache"

# ---------------------------------------------------------------------------------------------
# Stage 1: base root filesystem (slow, cached). Its key covers everything it is made of.
# ---------------------------------------------------------------------------------------------

# Mounts made inside a chroot under construction; undone on any exit.
MOUNTS=()
WORK=""
cleanup() {
  local rc=$?
  local i
  for ((i=${#MOUNTS[@]}-1; i>=0; i--)); do
    umount -l "${MOUNTS[$i]}" 2>/dev/null || true
  done
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    rm -rf --one-file-system "$WORK"
  fi
  if [[ $rc -ne 0 ]]; then
    echo "[build-offline] FAILED (exit $rc)" >&2
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_in() { # mount_in TYPE-OR--bind SRC DEST
  mkdir -p "$3"
  if [[ "$1" == --bind ]]; then mount --bind "$2" "$3"; else mount -t "$1" "$2" "$3"; fi
  MOUNTS+=("$3")
}
umount_all() {
  local i
  for ((i=${#MOUNTS[@]}-1; i>=0; i--)); do umount "${MOUNTS[$i]}"; done
  MOUNTS=()
}

build_base() {
  local root="$1"
  local t
  t=$(date +%s.%N)
  log "debootstrap --variant=minbase $SUITE from $MIRROR"
  debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$root.debootstrap.log" 2>&1 || {
    tail -n 30 "$root.debootstrap.log" >&2; return 1; }
  rm -f "$root.debootstrap.log"
  stamp "debootstrap" "$t"

  mount_in proc proc "$root/proc"
  # The build needs DNS and (for pip over HTTPS) the host's CA; both are removed again below.
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  install -m 0644 "$HOST_CA" "$root/tmp/build-host-ca.crt"

  t=$(date +%s.%N)
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -euc "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${APT_PACKAGES[*]} >/dev/null"
  stamp "apt-get install" "$t"

  t=$(date +%s.%N)
  chroot "$root" /usr/bin/python3 -m venv "$VENV"
  install -m 0644 "$HERE/requirements.txt" "$root/tmp/requirements.txt"
  mount_in --bind "$CACHE_DIR/pip-cache" "$root/tmp/pip-cache"
  # sdnotify only exists as an sdist (pure Python); everything else must come as a wheel.
  chroot "$root" /usr/bin/env -i PATH="$VENV/bin:/usr/sbin:/usr/bin:/sbin:/bin" HOME=/root \
    PIP_CERT=/tmp/build-host-ca.crt PIP_CACHE_DIR=/tmp/pip-cache PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$VENV/bin/pip" install --quiet --only-binary=:all: --no-binary=sdnotify \
      -r /tmp/requirements.txt
  chroot "$root" /usr/bin/env -i PATH="$VENV/bin:/usr/bin:/bin" "$VENV/bin/pip" check >&2
  stamp "venv + pip install" "$t"

  # Non-root user of the sandbox (uid/gid 1000, like the official image's ftuser).
  chroot "$root" groupadd -g 1000 ftuser
  chroot "$root" useradd -u 1000 -g 1000 -m -d /home/ftuser -s /bin/bash ftuser

  umount_all
  # Remove build-only host material and caches.
  rm -f "$root/tmp/build-host-ca.crt" "$root/tmp/requirements.txt" "$root/etc/resolv.conf"
  rmdir "$root/tmp/pip-cache"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
         "$root"/var/log/* "$root"/root/.cache "$root"/tmp/* \
         "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/*
  # Test suites of the big scientific packages: never imported at run time, ~100 MB.
  rm -rf "$root$SITE"/pandas/tests "$root$SITE"/pyarrow/tests "$root$SITE"/pyarrow/include \
         "$root$SITE"/ccxt/test
  # pyarrow's Arrow Flight and S3 (~55 MB): only loaded by `import pyarrow.flight` / S3FileSystem,
  # which pyarrow.fs treats as optional. Feather/parquet reading does not link them.
  rm -f "$root$SITE"/pyarrow/libarrow_flight.so* "$root$SITE"/pyarrow/libarrow_python_flight.so* \
        "$root$SITE"/pyarrow/_flight.cpython-* "$root$SITE"/pyarrow/libarrow_s3.so* \
        "$root$SITE"/pyarrow/_s3fs.cpython-* "$root$SITE"/pyarrow/_pyarrow_cpp_tests.cpython-*
  find "$root$SITE/numpy" "$root$SITE/scipy" -depth -type d -name tests -exec rm -rf {} +
  # Byte-compile everything now: at run time the root filesystem is read-only, so modules
  # without a .pyc would be recompiled by every container start.
  chroot "$root" "$VENV/bin/python" -m compileall -q -j 0 "$SITE" >/dev/null || true
}

# Key of the cached base: the recipe (the build_base function's text and its variables) and the
# pinned requirements. Changing anything else in this folder only redoes stage 2.
BASE_KEY="$( { echo "suite=$SUITE mirror=$MIRROR apt=${APT_PACKAGES[*]} venv=$VENV";
               declare -f build_base; cat "$HERE/requirements.txt"; } | sha256sum | cut -c1-16)"
BASE_DIR="$CACHE_DIR/base-$BASE_KEY"

exec 9>"$CACHE_DIR/.lock"
flock 9   # one build at a time on this machine (shared cache)

if [[ -d "$BASE_DIR" && -f "$BASE_DIR/.tradelab-base-complete" ]]; then
  log "base root filesystem cached: $BASE_DIR"
else
  log "building base root filesystem $BASE_DIR"
  TB=$(date +%s.%N)
  rm -rf --one-file-system "$BASE_DIR.tmp"
  WORK="$BASE_DIR.tmp"
  mkdir -p "$WORK"
  build_base "$WORK/rootfs"
  touch "$WORK/rootfs/.tradelab-base-complete"
  mv "$WORK/rootfs" "$BASE_DIR"
  rm -rf "$WORK"; WORK=""
  stamp "base total" "$TB"
  # Keep only the current base (each one is ~0.5 GB).
  for old in "$CACHE_DIR"/base-*; do
    [[ "$old" == "$BASE_DIR" ]] && continue
    log "pruning old base $old"
    rm -rf --one-file-system "$old"
  done
fi

# ---------------------------------------------------------------------------------------------
# Stage 2: our files on a hard-linked copy of the base (new files only, base never modified).
# ---------------------------------------------------------------------------------------------
T2=$(date +%s.%N)
WORK="$(mktemp -d "$CACHE_DIR/image.XXXXXX")"
ROOT="$WORK/rootfs"
cp -al "$BASE_DIR" "$ROOT"
rm -f "$ROOT/.tradelab-base-complete"

# Must never be shadowed by a distribution sitecustomize earlier on sys.path.
for f in "$ROOT"/usr/lib/python3*/sitecustomize.py "$ROOT"/etc/python3*/sitecustomize.py; do
  [[ -e "$f" || -L "$f" ]] && rm -f "$f"
done
install -m 0644 "$HERE/sitecustomize.py" "$ROOT$SITE/sitecustomize.py"
mkdir -p "$ROOT$SITE/tradelab_sandbox"
for f in "$HERE"/tradelab_sandbox/*.py; do
  install -m 0644 "$f" "$ROOT$SITE/tradelab_sandbox/"
done
chroot "$ROOT" "$VENV/bin/python" -m compileall -q "$SITE/sitecustomize.py" "$SITE/tradelab_sandbox" >/dev/null
# Mount points of the runner's contract. `--tmpfs /output` takes the mode of the image's
# directory, so /output (like /tmp) must be world-writable for uid 1000 to write there.
install -d -m 0755 "$ROOT/job" "$ROOT/data"
install -d -m 1777 "$ROOT/output"
chmod 1777 "$ROOT/tmp"
# Fail here rather than in a sandbox run: the imports strategies rely on.
chroot "$ROOT" /usr/bin/env -i PATH="$VENV/bin:/usr/bin:/bin" HOME=/tmp "$VENV/bin/python" -c '
import talib.abstract, technical.qtpylib, freqtrade.vendor.qtpylib.indicators, pandas_ta, sitecustomize
import tradelab_sandbox.wrapper, tradelab_sandbox.testdata, tradelab_sandbox.freqtrade_main, tradelab_sandbox.indicators
print("[build-offline] imports ok: freqtrade", __import__("freqtrade").__version__, file=__import__("sys").stderr)'
find "$ROOT/tmp" -mindepth 1 -delete
stamp "stage 2 (our files)" "$T2"

T3=$(date +%s.%N)
OLD_ID="$(docker image inspect --format '{{.Id}}' "$TAG" 2>/dev/null || true)"
FT_VERSION="$(chroot "$ROOT" "$VENV/bin/python" -c 'import freqtrade; print(freqtrade.__version__)')"
tar --numeric-owner -C "$ROOT" -c . | docker import \
  --change 'USER 1000:1000' \
  --change 'WORKDIR /tmp' \
  --change "ENV PATH=$VENV/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV VIRTUAL_ENV=$VENV" \
  --change 'ENV HOME=/tmp' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV LC_ALL=C.UTF-8' \
  --change 'ENV PYTHONDONTWRITEBYTECODE=1' \
  --change 'ENV PYTHONUNBUFFERED=1' \
  --change 'ENV PYTHONFAULTHANDLER=1' \
  --change "LABEL org.tradelab.sandbox=freqtrade org.tradelab.freqtrade-version=$FT_VERSION org.tradelab.base-key=$BASE_KEY" \
  --change "ENTRYPOINT [\"$VENV/bin/python\", \"-P\", \"-m\", \"tradelab_sandbox\"]" \
  --change 'CMD []' \
  - "$TAG" >/dev/null
stamp "tar | docker import" "$T3"

# A rebuild under the same tag leaves the previous image dangling: drop it (unless in use).
NEW_ID="$(docker image inspect --format '{{.Id}}' "$TAG")"
if [[ -n "$OLD_ID" && "$OLD_ID" != "$NEW_ID" ]]; then
  docker rmi "$OLD_ID" >/dev/null 2>&1 || log "previous image $OLD_ID still in use; not removed"
fi

SIZE="$(docker image inspect --format '{{.Size}}' "$TAG")"
log "built $TAG (freqtrade $FT_VERSION, $((SIZE / 1000000)) MB)"
stamp "total" "$T0"
