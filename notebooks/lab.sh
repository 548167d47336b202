#!/usr/bin/env bash
# Opens the tutorials in JupyterLab with the lstm-lens kernel installed: builds the kernel, installs it for this user
# (install/install.sh), makes sure a JupyterLab is there, and starts it in notebooks/.
#
#   notebooks/lab.sh [jupyter lab options...]       e.g. --no-browser --port 8899
#
# JupyterLab: the one on PATH if any; else a virtual environment build/venv with the pinned
# notebooks/lab-requirements.txt from the package index. Debian 12 packages no JupyterLab, so as root without the
# package index it falls back to Debian's classic Notebook (python3-notebook), saying so.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=notebooks/python_env.sh
source "$ROOT/notebooks/python_env.sh"

command -v java >/dev/null 2>&1 || py_die "java is not on PATH (Java 17 or later)"
[[ -f kernel/target/lstm-lens-kernel.jar ]] || { py_say "build"; mvn -q -B -DskipTests package; }
install/install.sh --jar kernel/target/lstm-lens-kernel.jar
# 10_spark needs Apache Spark in the kernel: the jars the Spark module's build listed (kernel/README.md, "Extra jars")
if [[ -z "${LSTMLENS_CLASSPATH:-}" && -f dsl/spark/target/kernel-classpath.txt ]]; then
  export LSTMLENS_CLASSPATH="$(cat dsl/spark/target/kernel-classpath.txt)"
fi

if command -v jupyter-lab >/dev/null 2>&1; then
  exec jupyter-lab --notebook-dir="$ROOT/notebooks" "$@"
fi
if [[ -x build/venv/bin/jupyter-lab ]] || { command -v python3 >/dev/null 2>&1 && python3 -m venv build/venv \
     && build/venv/bin/python -m pip install -q --retries 1 --timeout 15 -r notebooks/requirements.txt \
       -r notebooks/lab-requirements.txt; }; then
  exec build/venv/bin/jupyter-lab --notebook-dir="$ROOT/notebooks" "$@"
fi
py_say "no JupyterLab could be installed from the package index; opening Debian's classic Notebook instead"
ensure_python "notebook" /dev/null python3-notebook
exec "$PYTHON" -m notebook --notebook-dir="$ROOT/notebooks" "$@"
