#!/usr/bin/env bash
# Build the kernel, install it into build/jupyter (not the user's Jupyter folders), run every tutorial notebook
# headless through it, and look at the tour's HTML with a headless browser.
#
#   notebooks/run_notebooks.sh [run_all.py options...]     e.g. --check, --write-back, a notebook path
#
# Executed notebooks, HTML and the tour's screenshot land in build/notebooks/. Exit status: non-zero if the build,
# the install, any notebook, or the screenshot check fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-/usr/bin/python3}"
PREFIX="$ROOT/build/jupyter"
cd "$ROOT"

echo "== build"
mvn -q -B -DskipTests package
echo "== install the lstm-lens kernel into $PREFIX"
install/install.sh --prefix "$PREFIX" --jar kernel/target/lstm-lens-kernel.jar
export JUPYTER_PATH="$PREFIX/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

echo "== notebooks"
status=0
"$PYTHON" notebooks/run_all.py "$@" || status=$?
if [[ -f build/notebooks/00_tour.html ]]; then
  echo "== the tour, as a browser shows it"
  "$PYTHON" notebooks/screenshot.py build/notebooks/00_tour.html || status=1
fi
exit "$status"
