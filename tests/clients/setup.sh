#!/usr/bin/env bash
# Installs the real client tools used by the end-to-end suite into project-local folders:
#   <repo>/.venv                      Python venv (awscli, boto3, pytest, aiosmtpd, ...)
#   tests/clients/js/node_modules     npm ci from the committed package-lock.json
#   /usr/bin/chromium                 Debian's chromium package (apt-get), driven by playwright-core
#                                     in the browser tests; Playwright's own browser download is
#                                     never used (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)
#   promtool, nginx                   from Debian's prometheus and nginx packages (only the file,
#                                     into the cache): test_metrics.py checks /metrics and the
#                                     alert rules, test_nodes_behind_proxy.py balances three nodes
# Downloads are cached outside the clone. Idempotent: a stamp file holding the hash of the
# inputs makes a second run a no-op (well under a second).
#
# Env:
#   PYTHON            interpreter to build the venv from (default: python3)
#   PIP_CACHE_DIR     default $HOME/.cache/cognate/pip
#   npm_config_cache  default $HOME/.cache/cognate/npm
#   COGNATE_TOOLS_DIR default $HOME/.cache/cognate/tools (promtool, nginx)
#   COGNATE_SETUP_FORCE=1   reinstall even when the stamps match
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="$REPO/.venv"
JS="$HERE/js"
REQ="$HERE/requirements.txt"

export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$HOME/.cache/cognate/pip}"
export npm_config_cache="${npm_config_cache:-$HOME/.cache/cognate/npm}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
TOOLS_DIR="${COGNATE_TOOLS_DIR:-$HOME/.cache/cognate/tools}"
PYTHON="${PYTHON:-python3}"
FORCE="${COGNATE_SETUP_FORCE:-0}"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# Serialise concurrent runs on the same clone (two terminals, or pytest + a developer).
if command -v flock >/dev/null 2>&1; then
  lock="${TMPDIR:-/tmp}/cognate-setup-$(printf '%s' "$REPO" | sha256sum | cut -c1-16).lock"
  exec 9>"$lock"
  flock 9
fi

mkdir -p "$PIP_CACHE_DIR" "$npm_config_cache" "$TOOLS_DIR"

# ---------------------------------------------------------------- Python venv
command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || die "$PYTHON is $("$PYTHON" -V 2>&1); awscli needs Python >= 3.10"

py_ver="$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
py_hash="$( { cat "$REQ"; echo "python=$py_ver"; } | sha256sum | cut -d' ' -f1)"
py_stamp="$VENV/.cognate-requirements.sha256"

venv_ok() {
  [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1
}

if [ "$FORCE" != 1 ] && venv_ok && [ -f "$py_stamp" ] && [ "$(cat "$py_stamp")" = "$py_hash" ]; then
  log "python venv up to date ($VENV)"
else
  if ! venv_ok; then
    log "creating venv $VENV with $PYTHON ($py_ver)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
  elif [ "$("$VENV/bin/python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')" != "$py_ver" ]; then
    log "venv python differs from $PYTHON ($py_ver); recreating"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  rm -f "$py_stamp"
  log "pip install -r $REQ"
  "$VENV/bin/python" -m pip install --require-virtualenv -q -r "$REQ" \
    || die "pip install failed"
  "$VENV/bin/python" -m pip check >/dev/null || die "pip check failed: $("$VENV/bin/python" -m pip check 2>&1)"
  "$VENV/bin/aws" --version >/dev/null 2>&1 || die "aws CLI not runnable in $VENV"
  printf '%s\n' "$py_hash" >"$py_stamp"
  log "python venv ready"
fi

# ---------------------------------------------------------------- Debian packages
# Installs Debian package $1 (for $2, what is missing) as root or with password-less sudo; the
# package index is refreshed once per run.
apt_updated=0
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root or password-less sudo for: $*"
  fi
}
apt_update() {
  if [ "$apt_updated" = 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
    apt_updated=1
  fi
}
apt_install() {
  local package="$1" missing="$2" as_root
  if [ "$(id -u)" = 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    as_root=(sudo -n)
  else
    die "$missing missing and cannot install it: not root and no password-less sudo. Install Debian's package as root \
(apt-get install --no-install-recommends $package), then rerun."
  fi
  command -v apt-get >/dev/null 2>&1 || die "$missing missing and apt-get not found: install $package so that $missing exists"
  apt_update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null \
    || die "apt-get install $package failed"
}

# ---------------------------------------------------------------- chromium
# The browser tests launch /usr/bin/chromium (see js/browser.mjs). Only installed when missing,
# so a second run costs one stat.
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  log "chromium present ($CHROMIUM)"
else
  log "installing Debian's chromium (apt-get; takes a minute or two)"
  started=$SECONDS
  apt_install chromium "$CHROMIUM"
  [ -x "$CHROMIUM" ] || die "chromium installed but $CHROMIUM is missing"
  "$CHROMIUM" --headless --no-sandbox --version >/dev/null 2>&1 \
    || die "$CHROMIUM does not run: $("$CHROMIUM" --headless --no-sandbox --version 2>&1 | tail -n 5)"
  log "chromium ready: $("$CHROMIUM" --version 2>/dev/null) ($((SECONDS - started)) s)"
fi

# ---------------------------------------------------------------- promtool, nginx
# test_metrics.py runs `promtool check metrics` on a scrape and `promtool check rules` on
# ops/prometheus/alerts.yml; test_nodes_behind_proxy.py puts three nodes behind nginx. Debian
# ships promtool in its prometheus package and nginx in its nginx package; only the one file
# is taken out of each package (apt-get download + dpkg-deb, nothing installed, no service
# started) into the cache outside the clone, and linked into the venv.
take_from_deb() {
  local package="$1" inside="$2" tool
  tool="$TOOLS_DIR/$(basename "$inside")"
  if [ -x "$tool" ]; then
    log "$(basename "$inside") present ($tool)"
  else
    log "taking $(basename "$inside") out of Debian's $package package"
    started=$SECONDS
    command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 \
      || die "$tool missing and apt-get/dpkg-deb not found: put $(basename "$inside") at $tool"
    work="$(mktemp -d)"
    if ! (cd "$work" && apt-get download "$package" >/dev/null 2>&1); then
      apt_update
      (cd "$work" && apt-get download "$package" >/dev/null) || die "apt-get download $package failed"
    fi
    dpkg-deb -x "$work/${package}"_*.deb "$work/x" || die "cannot unpack the $package package"
    install -m 0755 "$work/x/$inside" "$tool"
    rm -rf "$work"
    "$tool" -v >/dev/null 2>&1 || "$tool" --version >/dev/null 2>&1 || die "$tool does not run"
    log "$(basename "$inside") ready ($((SECONDS - started)) s)"
  fi
  ln -sf "$tool" "$VENV/bin/$(basename "$inside")"
}
take_from_deb prometheus usr/bin/promtool
take_from_deb nginx usr/sbin/nginx

# ---------------------------------------------------------------- node_modules
command -v node >/dev/null 2>&1 || die "node not found (Node >= 20 required)"
command -v npm >/dev/null 2>&1 || die "npm not found"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "node $(node --version) is too old; Node >= 20 required"

[ -f "$JS/package-lock.json" ] || die "$JS/package-lock.json missing"
js_hash="$( { cat "$JS/package.json" "$JS/package-lock.json"; echo "node=$(node --version)"; } | sha256sum | cut -d' ' -f1)"
js_stamp="$JS/node_modules/.cognate-lock.sha256"

if [ "$FORCE" != 1 ] && [ -f "$js_stamp" ] && [ "$(cat "$js_stamp")" = "$js_hash" ]; then
  log "node_modules up to date ($JS/node_modules)"
else
  log "npm ci in $JS"
  (cd "$JS" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) \
    || die "npm ci failed"
  printf '%s\n' "$js_hash" >"$js_stamp"
  log "node_modules ready"
fi
