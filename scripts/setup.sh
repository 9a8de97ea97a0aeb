#!/usr/bin/env bash
# Sets up everything hatcp needs on a Debian machine, idempotently: Debian packages, a running
# Docker engine, npm packages, the TypeScript build, and the node image. Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
  say "must run as root (it installs packages, starts dockerd, sets bridge modes)"; exit 2
fi

# Debian packages the harness and its tests use on the host.
need=(docker.io tcpdump debootstrap iproute2 iptables nftables)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A Docker engine: use the one that answers, else start dockerd in the background.
if ! timeout 10 docker info >/dev/null 2>&1; then
  say "starting dockerd"
  mkdir -p /var/log
  nohup dockerd >/var/log/hatcp-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    timeout 5 docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  timeout 10 docker info >/dev/null 2>&1 || { say "dockerd did not come up; see /var/log/hatcp-dockerd.log"; tail -20 /var/log/hatcp-dockerd.log >&2; exit 1; }
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
node bin/hatcp.js image ensure
