# Shared helpers of the project scripts.
say() { printf '\033[1;34m[mimamori]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31m[mimamori] %s\033[0m\n' "$*" >&2; exit 1; }

# npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    say "installing npm dependencies…"
    npm ci --no-audit --no-fund
  fi
}
