#!/usr/bin/env bash
# `npm run worker`: one more worker process against DATABASE_URL / REDIS_URL (on this machine
# or another one: it joins the pool of the same Redis and PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
[[ -f workers/dist/main.js ]] || NX_DAEMON=false npx nx run @mimamori/workers:build --output-style=static
exec node workers/dist/main.js
