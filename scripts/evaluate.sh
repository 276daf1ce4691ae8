#!/usr/bin/env bash
# The detection evaluation of docs/evaluation.md, end to end: simulate each scenario and seed,
# scan it twice (with the accounts side file, and the exchange log alone), score both against
# truth with `moat eval`, and print one table. The detector never reads truth.jsonl.
#
#   npm run evaluate                                  # small, medium, hard × seeds 1–4 (≈ 12 min on 2 cores)
#   SCENARIOS=small SEEDS="3 4" npm run evaluate      # a subset
#   EVAL_DIR=/data/eval CONFIG=my.yaml npm run evaluate
#   ELICIT_SCALE=0.5 npm run evaluate                 # red-team stress: fleets ask for the reasoning half as often
#
# Seeds 1 and 2 are the ones the thresholds were developed on; 3 and 4 are held out (never
# looked at while tuning), so a gap between the two halves of the table is overfitting.
# Simulated data is kept in $EVAL_DIR and reused when present (same seed, same bytes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent build
dir=${EVAL_DIR:-/tmp/moat-eval}
scenarios=${SCENARIOS:-small medium hard}
seeds=${SEEDS:-1 2 3 4}
elicit=${ELICIT_SCALE:-1}
tag=""
[ "$elicit" != 1 ] && tag="-elicit$elicit"
config=()
[ -n "${CONFIG:-}" ] && config=(--config "$CONFIG")
mkdir -p "$dir"
rows=()
for s in $scenarios; do
  for n in $seeds; do
    data="$dir/data/$s-$n$tag"
    if [ ! -s "$data/truth.jsonl" ]; then
      echo "evaluate: simulating $s seed $n (elicit scale $elicit)" >&2
      rm -rf "$data"
      node bin/moat.js simulate --scenario "$s" --seed "$n" --elicit-scale "$elicit" --out "$data" --quiet
    fi
    for mode in accounts log-alone; do
      out="$dir/scan/$s-$n$tag-$mode"
      echo "evaluate: scanning $s seed $n ($mode)" >&2
      if [ "$mode" = accounts ]; then
        node bin/moat.js scan "$data/exchanges.jsonl" --accounts "$data/accounts.jsonl" "${config[@]}" --out "$out" --quiet >/dev/null
      else
        # the log alone: read from stdin, so no accounts file beside it is picked up
        node bin/moat.js scan - "${config[@]}" --out "$out" --quiet < "$data/exchanges.jsonl" >/dev/null
      fi
      node bin/moat.js eval --data "$data" --verdicts "$out/accounts.jsonl" --json --quiet > "$out/eval.json"
      rows+=("$s $n$tag $mode $out/eval.json")
    done
  done
done
node --input-type=module -e '
import { readFileSync } from "node:fs";
const pct = (x) => (x * 100).toFixed(1) + " %";
console.log("| scenario | seed | input | recall | precision | legit flagged (FPR) | leakage | median delay |");
console.log("|---|---|---|---|---|---|---|---|");
for (const row of process.argv.slice(1)) {
  const [s, n, mode, file] = row.split(" ");
  const o = JSON.parse(readFileSync(file, "utf8")).overall;
  const delay = o.median_h === null ? "—" : o.median_h.toFixed(1) + " h";
  console.log(`| ${s} | ${n} | ${mode} | ${pct(o.recall)} | ${pct(o.precision)} | ${o.false_positives} (${(o.false_positive_rate * 100).toFixed(2)} %) | ${pct(o.leakage)} | ${delay} |`);
}
' "${rows[@]}"
echo "evaluate: per-campaign and per-persona tables: moat eval --data $dir/data/S-N --verdicts $dir/scan/S-N-MODE/accounts.jsonl" >&2
