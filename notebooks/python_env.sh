# Sourced by run_notebooks.sh and lab.sh: finds, or installs, what their Python side needs.
#
#   ensure_python "MODULES" REQUIREMENTS_FILE DEBIAN_PACKAGE...
#     Sets PYTHON to an interpreter that imports every module of MODULES (space-separated). In order: $PYTHON if set,
#     build/venv, /usr/bin/python3. When none does: as root (or with password-less sudo) on Debian or Ubuntu, the
#     Debian packages are installed with apt-get; otherwise a virtual environment build/venv is made and the pinned
#     REQUIREMENTS_FILE installed into it with pip from the package index. LSTMLENS_PYTHON_ENV=venv takes the last
#     way whatever the machine has (how PythonEnvIT tests it as root).
#   ensure_browser
#     Sets BROWSER_OK=1 when a Chromium is on PATH, installing Debian's chromium when root; otherwise BROWSER_OK=0
#     and says why (Ubuntu's chromium is a snap, which containers lack).
# Needs ROOT (the repository) set by the caller.

py_say() { printf '== %s\n' "$*"; }
py_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() { # runs "$@" as root, or returns 1 when that is not possible without a password
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

can_apt() { command -v apt-get >/dev/null 2>&1 && { [[ $(id -u) -eq 0 ]] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }; }

APT_UPDATED=0
apt_install() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || return 1
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

imports() { [[ -n "$1" && -x "$1" ]] && "$1" -c "import ${2// /, }" >/dev/null 2>&1; }

ensure_python() {
  local modules="$1" requirements="$2"; shift 2
  local debian=("$@") candidate forced=0
  [[ "${LSTMLENS_PYTHON_ENV:-}" == venv ]] && forced=1
  for candidate in "${PYTHON:-}" "$ROOT/build/venv/bin/python" /usr/bin/python3; do
    [[ $forced -eq 1 && "$candidate" != "$ROOT/build/venv/bin/python" ]] && continue
    if imports "$candidate" "$modules"; then PYTHON="$candidate"; return 0; fi
  done
  if [[ $forced -eq 0 ]] && can_apt; then
    py_say "installing Debian packages for ${modules}: python3 ${debian[*]}"
    apt_install python3 "${debian[@]}" || py_die "apt-get could not install python3 ${debian[*]}"
    imports /usr/bin/python3 "$modules" || py_die "/usr/bin/python3 still cannot import ${modules} after apt-get"
    PYTHON=/usr/bin/python3
    return 0
  fi
  py_say "making a Python virtual environment in build/venv with $(grep -c '==' "$requirements") pinned packages" \
         "($requirements)"
  command -v python3 >/dev/null 2>&1 \
    || py_die "no python3 on PATH. Install it (Debian/Ubuntu: sudo apt-get install python3 python3-venv), or run" \
              "this script as root to install Debian's packages (${debian[*]})"
  [[ -x "$ROOT/build/venv/bin/python" ]] || python3 -m venv "$ROOT/build/venv" \
    || py_die "python3 cannot make a virtual environment in build/venv (Debian/Ubuntu: sudo apt-get install" \
              "python3-venv), or run this script as root to install Debian's packages (${debian[*]})"
  "$ROOT/build/venv/bin/python" -m pip install -q --retries 1 --timeout 15 -r "$requirements" \
    || py_die "pip could not install $requirements into build/venv (is the package index reachable?); or run this" \
              "script as root to install Debian's packages (${debian[*]})"
  imports "$ROOT/build/venv/bin/python" "$modules" || py_die "build/venv cannot import ${modules} after pip"
  PYTHON="$ROOT/build/venv/bin/python"
}

find_browser() { command -v chromium || command -v chromium-browser || command -v google-chrome || true; }

ensure_browser() {
  BROWSER_OK=1
  [[ -n "$(find_browser)" ]] && return 0
  if can_apt; then
    py_say "installing Debian's chromium for the screenshot check"
    apt_install chromium >/dev/null 2>&1 || true
    [[ -n "$(find_browser)" ]] && return 0
  fi
  BROWSER_OK=0
  py_say "no Chromium on this machine and none could be installed (Debian: apt-get install chromium, as root; Ubuntu's" \
         "chromium is a snap, which containers lack): the screenshot check of the tour is SKIPPED"
}
