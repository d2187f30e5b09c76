# Shared set-up for ./run_app.sh and ./run_tests.sh: sourced, not run.
#
# Makes what is missing and skips what is there:
#   - a Python >= 3.11 (checked, never installed: the message says how),
#   - a virtual environment in the checkout (.venv/), made with the system's venv module
#     (Debian's python3-venv is installed with apt if the module is missing),
#   - the pinned requirements, installed again only when requirements.txt changes,
#   - Debian's chromium, for the real-browser tests (need_chromium).
# Works as root or with sudo. Every failure ends with a message that says what to do.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
VENV_PY="$VENV/bin/python"
STAMP="$VENV/.requirements.sha256"
MIN_PY="3.11"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore

say() { printf 'comp-align: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

as_root() {
  # Run a command as root: directly when we are root, else through sudo, else explain.
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "'$*' needs root; run this as root or install sudo"
  fi
}

py_ok() {  # is $1 a Python >= MIN_PY?
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

find_python() {
  local c
  for c in ${PYTHON:-} python3.13 python3.12 python3.11 python3 python; do
    if command -v "$c" >/dev/null 2>&1 && py_ok "$c"; then command -v "$c"; return 0; fi
  done
  local seen
  seen="$( (python3 --version || python --version) 2>&1 | head -n 1 || true)"
  die "comp-align needs Python $MIN_PY or newer; found: ${seen:-no python3 on PATH}.
  On Debian/Ubuntu: apt-get install -y python3 (Debian 12 and Ubuntu 24.04 ship 3.11+), or set PYTHON=/path/to/python3.11"
}

apt_install() {  # apt_install PACKAGE...: apt-get update once per run, then install
  command -v apt-get >/dev/null 2>&1 || die "cannot install $* automatically (no apt-get here); install it with your package manager"
  if [ -z "${_APT_UPDATED:-}" ]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed (see above)"
    _APT_UPDATED=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || die "could not install $* with apt-get (see above)"
}

ensure_venv() {
  if [ -x "$VENV_PY" ] && py_ok "$VENV_PY"; then return 0; fi
  local py
  py="$(find_python)"
  [ -e "$VENV" ] && { say "removing the broken virtual environment $VENV"; rm -rf "$VENV"; }
  say "creating a virtual environment in .venv/ with $py ($("$py" --version 2>&1))"
  if ! "$py" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    # Debian/Ubuntu split the venv module (and its bundled pip) into python3.X-venv.
    local ver
    ver="$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    say "the venv module of $py is missing; installing python$ver-venv"
    apt_install "python$ver-venv"
    "$py" -m venv "$VENV" || die "could not create the virtual environment with $py -m venv"
  fi
}

ensure_requirements() {
  local want
  want="$(sha256sum "$ROOT/requirements.txt" | cut -d' ' -f1)"
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then return 0; fi
  say "installing the pinned requirements into .venv/ (requirements.txt)"
  "$VENV_PY" -m pip install -q -r "$ROOT/requirements.txt" \
    || die "a package could not be installed (pip's message is above). Check that PyPI is reachable, then run this again."
  printf '%s\n' "$want" > "$STAMP"
}

need_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  say "Debian chromium is missing (the real-browser tests drive /usr/bin/chromium)"
  apt_install chromium
  [ -x /usr/bin/chromium ] || die "chromium was installed but /usr/bin/chromium is not there"
}

missing_debs() {  # the Debian packages of "$@" that are not installed
  local p
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf '%s ' "$p"
  done
}

need_debs() {  # need_debs WHAT PACKAGE...: install the Debian packages that are missing
  local what="$1"; shift
  local missing
  missing="$(missing_debs "$@")"
  [ -z "$missing" ] && return 0
  say "missing for $what: $missing"
  # shellcheck disable=SC2086
  apt_install $missing
}

need_pdf_libs() {  # plan documents as PDF (WeasyPrint): pango and fonts
  need_debs "PDF plan documents" libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
}

ensure_bytecode() {  # the app's own modules compiled (as pip compiles what it installs): a start reads bytecode
  # even where PYTHONDONTWRITEBYTECODE is set; compileall compiles only what changed (~0.2 s when nothing did).
  # Streamlit compiles app.py and the pages from their source itself: only the imported packages gain
  "$VENV_PY" -m compileall -q -j 0 "$ROOT/ui" "$ROOT/comp_models" >/dev/null 2>&1 \
    || say "could not write bytecode beside the sources (read-only?): each start compiles them again"
}

setup_python() {
  ensure_venv
  ensure_requirements
  ensure_bytecode
}
