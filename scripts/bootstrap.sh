#!/usr/bin/env bash
# Makes a fresh Debian machine ready for `npm start` / `npm test`: installs what is missing
# (Docker engine, gVisor's runsc, debootstrap for the offline sandbox image build, npm packages),
# registers runsc with Docker, starts dockerd, generates the Prisma client. Idempotent and quiet
# when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[bootstrap] $*"; }

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v runsc >/dev/null || missing+=(runsc)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v go >/dev/null || missing+=(golang-go)   # builds fake-gcs-server for the storage tests
command -v chromium >/dev/null || missing+=(chromium) # the browser tests (Playwright drives Debian's Chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "missing: ${missing[*]} — install them (as root on Debian: apt-get install -y ${missing[*]})"
    exit 1
  fi
fi

# gVisor: registered as a Docker runtime with networking off (runsc refuses the root netns otherwise).
daemon_json=/etc/docker/daemon.json
if [ "$(id -u)" -eq 0 ] && ! grep -q '"runsc"' "$daemon_json" 2>/dev/null; then
  say "registering runsc with Docker"
  mkdir -p /etc/docker
  node -e '
    const fs = require("fs"); const f = process.argv[1];
    const cfg = fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : {};
    cfg.runtimes = { ...(cfg.runtimes || {}), runsc: { path: require("child_process").execSync("command -v runsc", { shell: "/bin/sh" }).toString().trim(), runtimeArgs: ["--network=none"] } };
    fs.writeFileSync(f, JSON.stringify(cfg, null, 2));' "$daemon_json"
  if docker info >/dev/null 2>&1; then
    if command -v systemctl >/dev/null && systemctl is-active --quiet docker 2>/dev/null; then systemctl restart docker
    else pkill -HUP dockerd || true; sleep 1; fi
  fi
fi

if ! docker info >/dev/null 2>&1; then
  if command -v systemctl >/dev/null && systemctl start docker 2>/dev/null && docker info >/dev/null 2>&1; then :
  else
    say "starting dockerd"
    setsid nohup dockerd >/var/log/dockerd.log 2>&1 < /dev/null &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
    docker info >/dev/null 2>&1 || { say "dockerd did not start; see /var/log/dockerd.log"; tail -20 /var/log/dockerd.log; exit 1; }
  fi
fi

# npm packages: install when missing or when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm install --no-audit --no-fund --loglevel=error
fi

npx tsx packages/db/src/cli/generate.ts
