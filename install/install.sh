#!/usr/bin/env bash
# Installs (or removes) the LSTM Lens Jupyter kernelspec "lstm-lens".
#
#   install/install.sh [--user | --prefix DIR | --sys-prefix] [--jar PATH] [--java PATH] [--heap SIZE]
#                      [--java-opt OPT]... [--no-cds] [--c1-only] [--uninstall] [--version]
#
#   --user        (default) the user's Jupyter data folder, e.g. ~/.local/share/jupyter/kernels/lstm-lens
#   --prefix DIR  DIR/share/jupyter/kernels/lstm-lens (what JUPYTER_PATH=DIR/share/jupyter finds)
#   --sys-prefix  the Python environment Jupyter runs in: <sys.prefix>/share/jupyter/kernels/lstm-lens
#   --jar PATH    the kernel's fat jar; default the one beside this script (an unpacked release archive), else
#                 kernel/target/lstm-lens-kernel.jar of the clone, built with Maven if missing
#   --java PATH   the java to run the kernel with (17 or later); default the java on PATH
#   --heap SIZE   the kernel's largest heap, as java's -Xmx takes it (e.g. 4g, 1500m); written into kernel.json.
#                 Default: half of this machine's memory in whole GB, at least 1g (@DEFAULT_HEAP@ here). A cell that
#                 needs more fails with OutOfMemoryError and the kernel carries on. Memory a large cell used is given
#                 back to the system about 5 s after the kernel goes idle (G1 collector, periodic collection).
#   --java-opt O  an extra JVM option for kernel.json (repeatable)
#   --no-cds      skip the class-data-sharing archive that makes the kernel start faster
#   --c1-only     run the quick C1 JIT only: the first few dozen cells answer faster (a trivial cell ~24 instead of
#                 ~32 ms, the first lstm cell ~0.5 instead of ~0.65 s), but the LSTM math runs the plain layer loop
#                 at C1 speed, several times slower, and later cells lose C2's speed (15 vs 18 ms after 300 cells).
#                 By default the kernel keeps C2 and the Vector API module, which the fused forward pass needs.
#   --uninstall   remove the kernelspec from the chosen place
#   --version     print the kernel's version (from the jar) and exit
#
# The jar is copied into the kernelspec folder and kernel.json names that copy by its absolute path, so a later
# `mvn clean` does not break installed kernels. Works with `jupyter` on PATH (its own kernelspec install) and without
# it (writes the standard folder directly).
set -euo pipefail

NAME=lstm-lens
DISPLAY_NAME="Java (LSTM Lens)"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCOPE=user
PREFIX=""
JAR=""
JAVA_BIN=""
JAVA_OPTS=()
HEAP=""
SHOW_VERSION=0
CDS=1
FULL_JIT=1
UNINSTALL=0

say() { printf 'lstm-lens install: %s\n' "$*"; }
die() { printf 'lstm-lens install: error: %s\n' "$*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --user) SCOPE=user ;;
    --prefix) [[ $# -ge 2 ]] || die "--prefix needs a folder"; SCOPE=prefix; PREFIX="$2"; shift ;;
    --prefix=*) SCOPE=prefix; PREFIX="${1#--prefix=}" ;;
    --sys-prefix) SCOPE=sys-prefix ;;
    --jar) [[ $# -ge 2 ]] || die "--jar needs a path"; JAR="$2"; shift ;;
    --java) [[ $# -ge 2 ]] || die "--java needs a path"; JAVA_BIN="$2"; shift ;;
    --java-opt) [[ $# -ge 2 ]] || die "--java-opt needs an option"; JAVA_OPTS+=("$2"); shift ;;
    --heap) [[ $# -ge 2 ]] || die "--heap needs a size such as 4g"; HEAP="$2"; shift ;;
    --heap=*) HEAP="${1#--heap=}" ;;
    --version) SHOW_VERSION=1 ;;
    --no-cds) CDS=0 ;;
    --c1-only) FULL_JIT=0 ;;
    --full-jit) FULL_JIT=1 ;; # the default since the fused vector pass; kept for old scripts
    --uninstall) UNINSTALL=1 ;;
    -h|--help) SHOW_HELP=1 ;;
    *) die "unknown option \"$1\"; expected --user, --prefix DIR, --sys-prefix, --jar, --java, --heap, --java-opt," \
           "--no-cds, --c1-only, --uninstall, --version, --help" ;;
  esac
  shift
done

# Half of this machine's memory, in whole GB, at least 1g: a notebook kernel is the main job of the machine it runs
# on, but the browser and the system need the rest (the JVM's own default, a quarter, stopped cells at 6 GB on a 24 GB
# machine while most of it was free).
default_heap() {
  local kb
  kb="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null || true)"
  if [[ -z "$kb" ]]; then kb="$(( $(sysctl -n hw.memsize 2>/dev/null || echo 4294967296) / 1024 ))"; fi
  local gb=$(( kb / 1024 / 1024 / 2 ))
  [[ $gb -ge 1 ]] || gb=1
  echo "${gb}g"
}

if [[ ${SHOW_HELP:-0} -eq 1 ]]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" \
    | sed "s/@DEFAULT_HEAP@/$(default_heap)/"
  exit 0
fi
[[ -n "$HEAP" ]] || HEAP="$(default_heap)"
[[ "$HEAP" =~ ^[0-9]+[kKmMgG]?$ ]] || die "--heap $HEAP is not a size java's -Xmx takes; expected e.g. 4g, 1500m"

have_jupyter() { command -v jupyter >/dev/null 2>&1; }
# `jupyter` alone may be jupyter-core without jupyter_client's kernelspec command
have_kernelspec() { have_jupyter && jupyter kernelspec --version >/dev/null 2>&1; }

# The Python that Jupyter runs in (for --sys-prefix): the one behind `jupyter`, else python3.
jupyter_python() {
  if have_jupyter; then
    local shebang
    shebang="$(head -n1 "$(command -v jupyter)" | sed -n 's/^#! *//p' | awk '{print $1}')"
    if [[ -n "$shebang" && -x "$shebang" ]]; then echo "$shebang"; return; fi
  fi
  command -v python3 || die "--sys-prefix needs python3 or jupyter on PATH"
}

kernels_dir() {
  case "$SCOPE" in
    prefix) mkdir -p "$PREFIX"; echo "$(cd "$PREFIX" && pwd)/share/jupyter/kernels" ;;
    sys-prefix) echo "$("$(jupyter_python)" -c 'import sys; print(sys.prefix)')/share/jupyter/kernels" ;;
    user)
      if have_jupyter; then
        echo "$(jupyter --data-dir)/kernels"
      elif [[ -n "${JUPYTER_DATA_DIR:-}" ]]; then
        echo "$JUPYTER_DATA_DIR/kernels"
      elif [[ "$(uname -s)" == Darwin ]]; then
        echo "$HOME/Library/Jupyter/kernels"
      else
        echo "${XDG_DATA_HOME:-$HOME/.local/share}/jupyter/kernels"
      fi ;;
  esac
}

TARGET="$(kernels_dir)/$NAME"

if [[ $UNINSTALL -eq 1 ]]; then
  if [[ -d "$TARGET" ]]; then
    rm -rf "$TARGET"
    say "removed the kernelspec $NAME from $TARGET"
  else
    say "no kernelspec $NAME in $TARGET: nothing to remove"
  fi
  exit 0
fi

# --- the jar: given, built, or already built ---
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -z "$JAR" && -f "$HERE/lstm-lens-kernel.jar" ]]; then
  JAR="$HERE/lstm-lens-kernel.jar" # an unpacked release archive: the jar beside this script
fi
if [[ -z "$JAR" ]]; then
  JAR="$ROOT/kernel/target/lstm-lens-kernel.jar"
  if [[ ! -f "$JAR" ]]; then
    command -v mvn >/dev/null 2>&1 || die "$JAR is missing and mvn is not on PATH to build it"
    say "building $JAR (mvn package -pl kernel -am)"
    (cd "$ROOT" && mvn -B -q -DskipTests package -pl kernel -am)
  fi
fi
[[ -f "$JAR" ]] || die "no kernel jar at $JAR"

# --- java: absolute, so the kernel does not depend on the PATH of whatever starts Jupyter ---
if [[ -z "$JAVA_BIN" ]]; then
  JAVA_BIN="$(command -v java || true)"
  [[ -n "$JAVA_BIN" ]] || die "java is not on PATH; give one with --java PATH (Java 17 or later)"
fi
JAVA_BIN="$(readlink -f "$JAVA_BIN")"
[[ -x "$JAVA_BIN" ]] || die "$JAVA_BIN is not an executable java"
JAVA_FEATURE="$("$JAVA_BIN" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${JAVA_FEATURE%%.*}" -ge 17 ]] 2>/dev/null || die "$JAVA_BIN is Java ${JAVA_FEATURE:-unknown}; LSTM Lens needs 17 or later"

if [[ $SHOW_VERSION -eq 1 ]]; then
  "$JAVA_BIN" -jar "$JAR" --version
  exit 0
fi

GC_OPTS=(-XX:+UseG1GC -XX:G1PeriodicGCInterval=5000)

json_string() { # a JSON string literal for $1
  local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"
}

write_spec() { # $1: folder holding the spec; $2: the folder the jar will finally live in
  local dir="$1" final="$2" argv
  # G1 with a periodic collection: memory a large cell used goes back to the system about 5 s after the kernel goes
  # idle (the serial collector, used before, kept a cell's high mark for good). The Vector API module and C2 run the
  # fused forward pass (several times the layer loop at C1 speed); C2 compiling JShell's javac costs the first few
  # dozen cells ~8 ms each on an idle 2-core machine and pays back after (--c1-only trades the other way). The CDS
  # archive (if made) maps the JDK compiler's classes from disk instead of loading them at every start.
  local opts=("-Xmx$HEAP" "${GC_OPTS[@]}" -Dfile.encoding=UTF-8 -Djava.awt.headless=true --add-modules=jdk.incubator.vector)
  if [[ $FULL_JIT -eq 0 ]]; then opts+=(-XX:TieredStopAtLevel=1); fi
  if [[ $CDS -eq 1 && -f "$dir/lstm-lens.jsa" ]]; then
    opts+=("-XX:SharedArchiveFile=$final/lstm-lens.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  opts+=("${JAVA_OPTS[@]+"${JAVA_OPTS[@]}"}")
  argv="$(json_string "$JAVA_BIN")"
  for o in "${opts[@]}"; do argv+=", $(json_string "$o")"; done
  argv+=", \"-jar\", $(json_string "$final/lstm-lens-kernel.jar"), \"{connection_file}\""
  cat > "$dir/kernel.json" <<EOF
{
  "argv": [$argv],
  "display_name": $(json_string "$DISPLAY_NAME"),
  "language": "java",
  "interrupt_mode": "message",
  "env": {},
  "metadata": {"debugger": false}
}
EOF
}

make_archive() { # $1: folder with the jar; records the classes a start and a first cell load
  [[ $CDS -eq 1 ]] || return 0
  if "$JAVA_BIN" -XX:ArchiveClassesAtExit="$1/lstm-lens.jsa" "${GC_OPTS[@]}" --add-modules=jdk.incubator.vector \
      -Xlog:cds=off -Xlog:cds+dynamic=off \
      -jar "$1/lstm-lens-kernel.jar" --warm-up >/dev/null 2>&1 && [[ -f "$1/lstm-lens.jsa" ]]; then
    say "made a class-data-sharing archive for a faster start ($1/lstm-lens.jsa)"
  else
    rm -f "$1/lstm-lens.jsa"
    say "no class-data-sharing archive (this java could not make one); the kernel starts without it"
  fi
}

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp "$JAR" "$STAGE/lstm-lens-kernel.jar"

if have_kernelspec; then
  case "$SCOPE" in
    user) SCOPE_ARGS=(--user) ;;
    prefix) SCOPE_ARGS=(--prefix "$(cd "$PREFIX" && pwd)") ;;
    sys-prefix) SCOPE_ARGS=(--sys-prefix) ;;
  esac
  write_spec "$STAGE" "$TARGET"
  OUT="$(jupyter kernelspec install --replace --name "$NAME" "${SCOPE_ARGS[@]}" "$STAGE" 2>&1)" \
    || die "jupyter kernelspec install failed: $OUT"
  INSTALLED="$(printf '%s\n' "$OUT" | sed -n "s/.*Installed kernelspec $NAME in //p" | tail -n1)"
  [[ -n "$INSTALLED" ]] || INSTALLED="$TARGET"
  HOW="with jupyter kernelspec install"
else
  INSTALLED="$TARGET"
  rm -rf "$INSTALLED"
  mkdir -p "$INSTALLED"
  cp "$STAGE/lstm-lens-kernel.jar" "$INSTALLED/"
  HOW="without jupyter's kernelspec command (wrote the folder directly)"
fi
# The archive records the jar's path, so it is made where the jar now lives; kernel.json then names both.
make_archive "$INSTALLED"
write_spec "$INSTALLED" "$INSTALLED"
say "installed the kernelspec $NAME (\"$DISPLAY_NAME\") $HOW in $INSTALLED"
say "kernel.json runs $JAVA_BIN (Java $JAVA_FEATURE) on $INSTALLED/lstm-lens-kernel.jar"
