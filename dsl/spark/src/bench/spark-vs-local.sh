#!/usr/bin/env bash
# Issue 14 "Fast", Apache Spark: the dataset job in Spark's local mode against the data package's DatasetRun on the
# same threads, sequences and job (integrated gradients, 64 steps, case (a)'s shape: 100 steps x 32 features ->
# LSTM(64)); prints each path's seconds, sequences per second and Spark's overhead. A benchmark, not a test: run it
# alone on the machine (e.g. under nice), and give the load average with its figures.
#
#   dsl/spark/src/bench/spark-vs-local.sh                  # 10,000 sequences, 2 threads (long: tens of minutes)
#   SEQUENCES=1000 THREADS=2 dsl/spark/src/bench/spark-vs-local.sh
#
# The model is written once by Keras 3 (make_case_a.py) with the peers' venv of dsl/src/bench/run-all.sh
# ($LSTMLENS_PEERS_VENV, default ~/.cache/lstmlens/peers-venv, made here from dsl/src/bench/peers/requirements.txt
# if missing). Output: dsl/spark/target/bench/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(cd "$here/../.." && pwd)"
root="$(cd "$module/../.." && pwd)"
out="$module/target/bench"
venv="${LSTMLENS_PEERS_VENV:-$HOME/.cache/lstmlens/peers-venv}"
n="${SEQUENCES:-10000}"
threads="${THREADS:-2}"
mkdir -p "$out"

if [ ! -f "$out/case_a.keras" ]; then
    if [ ! -x "$venv/bin/python" ]; then
        echo "== making the peers' venv at $venv" >&2
        /usr/bin/python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --retries 1 -r "$root/dsl/src/bench/peers/requirements.txt"
    fi
    echo "== the model: Keras 3 writes case_a.keras" >&2
    "$venv/bin/python" "$here/make_case_a.py" "$out/case_a.keras" 2> >(grep -v -i -E 'warn|cuda|gpu' >&2)
fi
echo "== building the Spark module and its class path (with Spark)" >&2
# one reactor: the DSL on the class path is this tree's jar (the last module, dsl/spark, writes the file last)
(cd "$root" && mvn -q -B package dependency:build-classpath -pl dsl/spark -am -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" >&2)
# the JVM options a SparkSession needs on Java 17, as the module's tests get them (pom.xml, spark.jvm.options)
opens="$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' "$module/pom.xml")"
[ -n "$opens" ] || { echo "no spark.jvm.options in $module/pom.xml" >&2; exit 1; }
echo "== $n sequences, $threads threads; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
java -Xmx8g --add-modules=jdk.incubator.vector $opens \
    -Dlog4j2.configurationFile="$module/src/test/resources/log4j2-test.properties" -cp "$module/target/classes:$(cat "$out/classpath.txt")" \
    "$here/SparkVsLocal.java" "$out/case_a.keras" "$n" "$threads" "$out" 2> >(grep -v -E '^WARNING: Using incubator' >&2)
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
