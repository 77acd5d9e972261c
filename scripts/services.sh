#!/usr/bin/env bash
# Makes sure PostgreSQL with PostGIS and Redis are installed and running, and that the
# database of DATABASE_URL exists with PostGIS. Idempotent and quick when all is in place.
# Used by `npm start` and `npm test`. With Docker: `docker compose up` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

DATABASE_URL="${DATABASE_URL:-postgres://mimamori:mimamori@127.0.0.1:5432/mimamori}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"

eval "$(node -e '
  const d = new URL(process.argv[1]), r = new URL(process.argv[2]);
  const q = (s) => "\x27" + String(s).replace(/\x27/g, "") + "\x27";
  console.log([
    "PG_HOST=" + q(d.hostname || "127.0.0.1"), "PG_PORT=" + q(d.port || 5432),
    "PG_USER=" + q(decodeURIComponent(d.username || "mimamori")), "PG_PASS=" + q(decodeURIComponent(d.password || "")),
    "PG_DB=" + q(d.pathname.slice(1) || "mimamori"),
    "REDIS_HOST=" + q(r.hostname || "127.0.0.1"), "REDIS_PORT=" + q(r.port || 6379),
  ].join("\n"));
' "$DATABASE_URL" "$REDIS_URL")"

is_local() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }

can_install() {
  if [[ ! -f /etc/debian_version ]]; then
    fail "cannot install $1 automatically: this is not Debian/Ubuntu. Install $1 yourself (or use 'docker compose up')."
  fi
  if [[ $(id -u) -ne 0 ]] && ! sudo -n true 2>/dev/null; then
    fail "$1 is missing and installing it needs root: run 'sudo apt-get install -y $2' once, then retry."
  fi
}

apt_install() {
  can_install "$1" "$2"
  say "installing $2 (Debian packages)…"
  local SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo -n"
  if [[ ! -f /tmp/.mimamori-apt-updated ]]; then $SUDO apt-get update -qq && touch /tmp/.mimamori-apt-updated; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $2 >/dev/null
}

superuser_psql() {
  # Local clusters: the postgres OS user via the socket, else TCP as postgres (trust auth).
  if [[ $(id -u) -eq 0 ]] && id postgres >/dev/null 2>&1; then
    (cd /tmp && runuser -u postgres -- env PGOPTIONS="-c client_min_messages=warning" psql -v ON_ERROR_STOP=1 -qAt -p "$PG_PORT" "$@")
  else
    PGOPTIONS="-c client_min_messages=warning" psql -v ON_ERROR_STOP=1 -qAt -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@"
  fi
}

ensure_postgres() {
  if ! is_local "$PG_HOST"; then
    say "PostgreSQL at $PG_HOST is remote: not managing it"
    return
  fi
  if ! command -v pg_lsclusters >/dev/null 2>&1 && ! command -v psql >/dev/null 2>&1; then
    apt_install PostgreSQL "postgresql postgresql-contrib"
  fi
  local version
  version=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1}')
  [[ -n "$version" ]] || fail "no PostgreSQL cluster found (pg_lsclusters is empty)"
  if [[ ! -f "/usr/share/postgresql/$version/extension/postgis.control" ]]; then
    apt_install PostGIS "postgresql-$version-postgis-3"
  fi
  if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    say "starting PostgreSQL $version…"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break; sleep 1; done
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || fail "PostgreSQL does not answer on $PG_HOST:$PG_PORT"
  fi
  superuser_psql -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE "$PG_USER" LOGIN CREATEDB CREATEROLE PASSWORD '${PG_PASS:-mimamori}';
  END IF;
END \$\$;
SQL
  ensure_database "$PG_DB"
  # Test databases are cloned from this one (PostGIS needs a superuser to create).
  ensure_database mimamori_postgis_template
  superuser_psql -d postgres -c "UPDATE pg_database SET datistemplate = true WHERE datname = 'mimamori_postgis_template'"
}

ensure_database() {
  local db="$1"
  if [[ -z "$(superuser_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
    say "creating database $db"
    superuser_psql -d postgres -c "CREATE DATABASE \"$db\" OWNER \"$PG_USER\""
  fi
  superuser_psql -d "$db" -c "CREATE EXTENSION IF NOT EXISTS postgis"
}

ensure_redis() {
  if ! is_local "$REDIS_HOST"; then
    say "Redis at $REDIS_HOST is remote: not managing it"
    return
  fi
  if redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then return; fi
  command -v redis-server >/dev/null 2>&1 || apt_install Redis redis-server
  say "starting Redis on port $REDIS_PORT…"
  mkdir -p /tmp/mimamori-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir /tmp/mimamori-redis \
    --appendonly yes --maxmemory-policy noeviction >/dev/null
  for _ in $(seq 1 20); do redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return; sleep 0.5; done
  fail "Redis does not answer on $REDIS_HOST:$REDIS_PORT"
}

# Shapefile and GeoPackage imports and GeoPackage exports run GDAL's ogr2ogr.
ensure_gdal() {
  command -v ogr2ogr >/dev/null 2>&1 || apt_install GDAL gdal-bin
}

ensure_postgres
ensure_redis
ensure_gdal
say "PostgreSQL + PostGIS ($PG_HOST:$PG_PORT/$PG_DB) and Redis ($REDIS_HOST:$REDIS_PORT) are ready"
