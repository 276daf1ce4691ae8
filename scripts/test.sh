#!/usr/bin/env bash
# All of Moat's tests, on a fresh machine: installs what is missing, builds, runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --servers
npm run --silent build
npx vitest run "$@"
