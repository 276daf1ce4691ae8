#!/usr/bin/env bash
# The main job on the embedded default, no server needed: simulate traffic with campaigns hidden
# in it, scan it online, score the verdicts against the simulator's ground truth, write the report.
# Usage: npm run demo [-- SCENARIO [SEED]]     (default: small 1; try medium)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-small}"
seed="${2:-1}"
out="out/demo-$scenario"
bash scripts/ensure-deps.sh
npm run --silent build
rm -rf "$out"
moat() { node bin/moat.js "$@"; }
echo "== 1/4 simulate: scenario $scenario, seed $seed → $out/data"
moat simulate --scenario "$scenario" --seed "$seed" --out "$out/data"
echo "== 2/4 scan (online detector; never reads truth.jsonl)"
moat scan "$out/data" --out "$out/scan"
echo "== 3/4 eval against ground truth"
moat eval --data "$out/data" --verdicts "$out/scan/accounts.jsonl"
echo "== 4/4 report"
moat report "$out/scan" --out "$out/report"
echo
echo "Report: $out/report/report.html  (also report.json, stix.json)"
