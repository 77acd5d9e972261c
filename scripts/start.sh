#!/usr/bin/env bash
# `npm start`: the whole platform with the demo data, at http://localhost:${PORT:-3000}.
# Installs what is missing, makes sure PostgreSQL + PostGIS and Redis run (Docker Compose
# when a Docker engine answers, else the local Debian/Ubuntu packages), migrates, loads the
# demo once, then runs the API (which serves the web app) and one worker.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

if [[ "${MIMAMORI_USE_DOCKER:-auto}" != "no" ]] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  say "Docker engine found: starting with docker compose"
  docker compose up -d --build
  say "Mimamori is starting at http://localhost:${PORT:-3000} (docker compose logs -f api)"
  exit 0
fi

export MIMAMORI_DEMO="${MIMAMORI_DEMO:-true}"
export PORT="${PORT:-3000}"
export NX_DAEMON=false NX_NO_CLOUD=true

ensure_node_modules
bash scripts/services.sh
say "building…"
npx nx run-many -t build --output-style=static >/tmp/mimamori-build-$$.log 2>&1 || { cat /tmp/mimamori-build-$$.log; fail "build failed"; }
say "migrating and loading the demo data (once)…"
if [[ "$MIMAMORI_DEMO" =~ ^(1|true|yes|on)$ ]]; then node db/dist/cli/demo.js; else node db/dist/cli/migrate.js; fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

node workers/dist/main.js &
pids+=($!)
node api/dist/main.js &
pids+=($!)

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1; then
    say "Mimamori is running at http://localhost:$PORT  (demo logins: admin / planner / police / viewer, password mimamori-demo; Ctrl-C stops)"
    break
  fi
  sleep 1
done
# Stop everything as soon as either process exits.
wait -n "${pids[@]}"
