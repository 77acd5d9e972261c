#!/usr/bin/env bash
# `npm test`: the same service check as `npm start`, then type-check, lint, unit,
# integration (real PostGIS + Redis) and browser (Debian Chromium) tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export NX_DAEMON=false NX_NO_CLOUD=true NODE_ENV=test

ensure_node_modules
bash scripts/services.sh
ensure_test_tools

run() {
  say "$1"
  shift
  npx nx run-many "$@" --output-style=stream --skip-nx-cache
}
run "building" -t build
run "type-checking and linting" -t typecheck lint
run "unit tests" -t test
run "integration tests (real PostGIS + Redis)" -t integration --parallel=1
run "browser tests (Chromium)" -t e2e --parallel=1
say "all tests passed"
