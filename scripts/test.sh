#!/usr/bin/env bash
# All of Moat's tests, on a fresh machine: installs what is missing, builds, runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --servers
npm run --silent build
npm run --silent typecheck   # tests and benchmarks are strict TypeScript too
mkdir -p out
summary=out/test-results.json
rm -f "$summary"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$summary" "$@" || status=$?
# One plain closing line for CI: "tests: N passed, N failed".
if [ -f "$summary" ]; then
  node -e 'const r=require(process.argv[1]);console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$(pwd)/$summary"
fi
exit $status
