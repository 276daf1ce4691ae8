#!/usr/bin/env bash
# Installs what Moat needs on a fresh Debian + Node 20 machine: npm packages, then (tests only)
# the Debian servers the integration tests start themselves. Fails with a clear line if it can't.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -L node_modules ]; then
  # a worktree sharing another checkout's packages: reinstalling here would empty that one
  echo "moat: node_modules is a link; not reinstalling npm packages through it" >&2
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "moat: installing npm packages (npm ci)" >&2
  npm ci --no-fund --no-audit --loglevel=error
fi
if [ "${1:-}" = "--servers" ]; then
  need=()
  command -v redis-server >/dev/null || need+=(redis-server)
  command -v nats-server >/dev/null || need+=(nats-server)
  command -v nginx >/dev/null || need+=(nginx-light)
  command -v chromium >/dev/null || need+=(chromium)
  if [ ${#need[@]} -gt 0 ]; then
    echo "moat: installing Debian packages: ${need[*]}" >&2
    if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
      echo "moat: need root (or sudo) to apt-get install ${need[*]}; install them and re-run" >&2
      exit 1
    fi
    SUDO=""; [ "$(id -u)" != 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
