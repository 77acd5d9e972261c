#!/usr/bin/env bash
# `npm run bench [-- coverage|siting …]`: the benchmarks, one `BENCH name ours=… baseline=…
# ratio=… target=… PASS|FAIL` line per comparison, each baseline measured in the same run.
# The coverage benchmark runs on the scale dataset N = ${BENCH_SCALE:-36}: the Shinjuku layers
# replicated 36 times (≈ 21,000 roads, 3,600 cameras, 42,000 streetlights, 92,000 buildings).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export NX_DAEMON=false NX_NO_CLOUD=true

ensure_node_modules
bash scripts/services.sh
npx nx run-many -t build --output-style=static >/tmp/mimamori-bench-build.log 2>&1 || { cat /tmp/mimamori-bench-build.log; fail "build failed"; }
say "preparing the scale dataset (N = ${BENCH_SCALE:-36})…"
BENCH_DATABASE_URL=$(node db/dist/cli/bench-data.js --scale "${BENCH_SCALE:-36}")
export BENCH_DATABASE_URL
node --max-old-space-size=4096 workers/dist/bench/run.js "$@"
