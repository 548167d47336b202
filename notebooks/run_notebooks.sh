#!/usr/bin/env bash
# The main job, on a fresh clone: build, install the kernel into build/jupyter (not the user's Jupyter folders), run
# every tutorial notebook headless through it, and look at the tour's HTML with a headless browser.
#
#   notebooks/run_notebooks.sh [run_all.py options...]     e.g. --check, --write-back, a notebook path
#
# Needs Java 17+ and Maven; installs what else it lacks (notebooks/python_env.sh): as root, Debian's
# python3-jupyter-client, python3-nbclient, python3-nbformat, python3-nbconvert, python3-pil and chromium; otherwise
# a virtual environment build/venv with the pinned notebooks/requirements.txt. Without a Chromium the screenshot
# check and the browser check of the views (browser_check.py: hover text, no sideways scrolling, picking a unit) are
# skipped, saying so. Executed notebooks, HTML and the tour's screenshot land in build/notebooks/.
# Exit status: non-zero if the build, the install, any notebook, the screenshot or the browser check fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/build/jupyter"
cd "$ROOT"
# shellcheck source=notebooks/python_env.sh
source "$ROOT/notebooks/python_env.sh"

command -v java >/dev/null 2>&1 || py_die "java is not on PATH (Java 17 or later; Debian: apt-get install openjdk-17-jdk-headless)"
command -v mvn >/dev/null 2>&1 || py_die "mvn is not on PATH (Maven 3.8 or later; Debian: apt-get install maven)"
ensure_python "jupyter_client nbclient nbformat nbconvert PIL" "$ROOT/notebooks/requirements.txt" \
  python3-jupyter-client python3-nbclient python3-nbformat python3-nbconvert python3-pil
ensure_browser
py_say "Python: $PYTHON"

py_say "build"
mvn -q -B -DskipTests package
py_say "install the lstm-lens kernel into $PREFIX"
install/install.sh --prefix "$PREFIX" --jar kernel/target/lstm-lens-kernel.jar
export JUPYTER_PATH="$PREFIX/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
# 10_spark runs Apache Spark inside the kernel: the kernel appends the jars LSTMLENS_CLASSPATH names (the Spark
# module's and Spark's own, as the build listed them) to its class path
export LSTMLENS_CLASSPATH="$(cat "$ROOT/dsl/spark/target/kernel-classpath.txt")"

py_say "notebooks"
status=0
"$PYTHON" notebooks/run_all.py "$@" || status=$?
if [[ -f build/notebooks/00_tour.html ]]; then
  if [[ $BROWSER_OK -eq 1 ]]; then
    py_say "the tour, as a browser shows it"
    "$PYTHON" notebooks/screenshot.py build/notebooks/00_tour.html || status=1
    py_say "views in a browser: hover text, no sideways scrolling, picking a unit"
    "$PYTHON" notebooks/browser_check.py || status=1
  else
    py_say "the tour's screenshot check and the browser check of the views: SKIPPED (no Chromium, see above)"
  fi
fi
exit "$status"
