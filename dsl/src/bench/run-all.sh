#!/usr/bin/env bash
# Runs LSTM Lens's JMH benchmarks and the peers (Keras 3 + JAX, PyTorch, NumPy) on this machine in one run and
# prints one table: ms and GFLOP/s per cell (LSTM, GRU, SimpleRNN), case and precision, and each of ours as a ratio
# to the best peer, after checking that ours computes the peers' numbers on their own weights (CheckPeers).
#
#   dsl/src/bench/run-all.sh              # everything (about 15 minutes on 2 cores)
#   QUICK=1 dsl/src/bench/run-all.sh      # one fork, short iterations: checks the machinery, not for figures
#   THREADS=1 dsl/src/bench/run-all.sh    # everyone on one thread (BLAS, XLA, PyTorch): steadier on a busy machine
#
# Needs: Java 17 + Maven, Debian's python3 with venv (apt-get install python3-venv) and, for the native kernel,
# libblas.so.3 (apt-get install libopenblas0-pthread). The peers' venv is made once from peers/requirements.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dsl="$(cd "$here/../.." && pwd)"
out="$dsl/target/bench"
venv="${LSTMLENS_PEERS_VENV:-$HOME/.cache/lstmlens/peers-venv}"
mkdir -p "$out"
threads="${THREADS:-all}"
if [ "$threads" != all ]; then
    # the same thread budget for us (OpenBLAS) and every peer (numpy's OpenBLAS, PyTorch's OpenMP, XLA's Eigen)
    export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
    export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=$threads"
fi

# shellcheck source=dsl/src/bench/prepare.sh
source "$here/prepare.sh"
# the load benchmarks' files (LoadBench, TorchLoadBench read them from /tmp), made once
if [ ! -f /tmp/lstmlens-50mb.h5 ]; then
    echo "== writing /tmp/lstmlens-50mb.h5 (LoadBench)" >&2
    "$venv/bin/python" "$here/python/make_50mb_model.py" /tmp/lstmlens-50mb.h5
fi
if [ ! -f /tmp/lstmlens-100mb.pt ] || [ ! -f /tmp/lstmlens-100mb.safetensors ]; then
    echo "== writing /tmp/lstmlens-100mb.pt and .safetensors (TorchLoadBench)" >&2
    "$venv/bin/python" "$here/python/make_100mb_torch_model.py" /tmp/lstmlens-100mb
fi
kernel="$(java --add-modules=jdk.incubator.vector -cp "$cp" org.lstmlens.bench.WhichKernel 2>/dev/null)"

if [ -n "${QUICK:-}" ]; then
    jmh_opts=(-f 1 -wi 2 -i 3 -w 1 -r 1)
else
    jmh_opts=()  # the annotations: 2 forks x (4 warm-up + 5 measured) 1 s iterations
fi
echo "== JMH (kernel: $kernel)" >&2
java -cp "$cp" org.openjdk.jmh.Main 'org.lstmlens.bench.*' "${jmh_opts[@]}" -rf json -rff "$out/jmh.json" >&2

echo "== peers" >&2
if [ -n "${QUICK:-}" ]; then export PEERS_ROUNDS=2 PEERS_ROUND_SECONDS=0.3; fi
"$venv/bin/python" "$here/peers/peers.py" "$out/peers.json" 2> >(grep -v -i -E 'warn|cuda|gpu' >&2)

echo "== LSTM Lens on the peers' own weights and inputs (CheckPeers)" >&2
java --add-modules=jdk.incubator.vector -cp "$cp" org.lstmlens.bench.CheckPeers "$out/check" 2>/dev/null \
    || echo "CheckPeers: an output of ours is off (see above)"

"$venv/bin/python" "$here/peers/table.py" "$out/jmh.json" "$out/peers.json" "$kernel" "$threads"
