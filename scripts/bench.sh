#!/usr/bin/env bash
# Every benchmark in turn; each prints its figures as ratios measured in this one run.
# Pass names to run a subset: npm run bench -- ingest scan
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --servers   # decide and detect-stream start a redis-server
npm run --silent build
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(ingest adapters simulate signals scan scan-memory report gateway decide detect-stream)
for n in "${names[@]}"; do
  f="bench/$n.ts"
  [ -f "$f" ] || { echo "bench: no $f" >&2; exit 1; }
  echo "== bench $n"
  node --import tsx "$f"
done
