# Shared helpers of the project scripts.
say() { printf '\033[1;34m[mimamori]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31m[mimamori] %s\033[0m\n' "$*" >&2; exit 1; }

# Installs the locked dependencies when node_modules is missing or older than the lock file.
# (`npm install --no-save` rather than `npm ci`: npm 11 writes lock files without other
# platforms' optional binaries, which its own `npm ci` then refuses.)
ensure_node_modules() {
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    say "installing npm dependencies…"
    npm install --no-save --no-audit --no-fund
  fi
}

# Chromium (browser tests), CJK fonts (Japanese rendering) and GDAL (the OGC/MVT interop checks).
ensure_test_tools() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -d /usr/share/fonts/opentype/noto ]] || missing+=(fonts-noto-cjk)
  command -v ogrinfo >/dev/null 2>&1 || missing+=(gdal-bin)
  [[ ${#missing[@]} -eq 0 ]] && return
  if [[ ! -f /etc/debian_version ]]; then fail "please install ${missing[*]} (needed by the tests)"; fi
  local SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    sudo -n true 2>/dev/null || fail "the tests need ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' once"
    SUDO="sudo -n"
  fi
  say "installing ${missing[*]} (Debian packages)…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}
