# Sourced by run-all.sh and ig-dataset.sh: makes the peers' venv on first use and compiles the benchmarks.
# Needs $here (this folder), $dsl (the dsl module), $out (dsl/target/bench) and $venv; sets $cp (the classpath).
if [ ! -x "$venv/bin/python" ]; then
    echo "== making the peers' venv at $venv" >&2
    /usr/bin/python3 -m venv "$venv"
fi
# a no-op when every pin is installed; adds what a venv made from an older requirements.txt lacks
"$venv/bin/pip" install --quiet --retries 1 -r "$here/peers/requirements.txt"

echo "== compiling the benchmarks (mvn -Pbench)" >&2
(cd "$dsl" && mvn -q -B -Pbench test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out/classpath.txt" >&2)
cp="$dsl/target/test-classes:$dsl/target/classes:$(cat "$out/classpath.txt")"
