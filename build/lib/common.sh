# Helpers shared by build/run, build/test and bench/*. Source it; it defines functions only.
# shellcheck shell=bash

PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PORTAL_ROOT

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# as_root CMD...: runs CMD as root (directly, or through sudo when available).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "'$*' needs root and sudo is not available; install the packages by hand"
  fi
}

# ensure_packages PKG...: installs the Debian packages that are missing (apt-get update only when needed).
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/portal-apt.log 2>&1; then
    as_root apt-get update -q >>/tmp/portal-apt.log 2>&1 || true
    as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/portal-apt.log 2>&1 \
      || { tail -n 30 /tmp/portal-apt.log >&2; die "could not install ${missing[*]}"; }
  fi
}

# require_tools: the .NET SDK and Node are the two things a machine must already have.
require_tools() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is required: https://dotnet.microsoft.com/download"
  command -v node >/dev/null 2>&1 || die "Node.js (node, npm) is required"
  command -v npm >/dev/null 2>&1 || die "npm is required"
}

# web_install: npm ci when package-lock.json changed since the last install.
web_install() {
  local web="$PORTAL_ROOT/src/Portal.Web" stamp="$PORTAL_ROOT/src/Portal.Web/node_modules/.portal-lock"
  if [ -f "$stamp" ] && cmp -s "$web/package-lock.json" "$stamp"; then return 0; fi
  log "Installing the web app's npm packages (npm ci)"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  cp "$web/package-lock.json" "$stamp"
}

web_build() {
  log "Building the web app (vite build)"
  (cd "$PORTAL_ROOT/src/Portal.Web" && npm run --silent build) || die "the web app did not build"
}

# free_port FROM: the first port from FROM up that nothing listens on at 127.0.0.1.
free_port() {
  local port
  for port in $(seq "$1" $(($1 + 500))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# random_secret: 32 URL-safe random characters.
random_secret() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
