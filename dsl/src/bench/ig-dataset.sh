#!/usr/bin/env bash
# Issue 14 "Fast": integrated gradients over a dataset, LSTM Lens against PyTorch (Captum's algorithm on
# torch.autograd) and JAX vmap(grad), float32 and double, side by side in one run; then heap use over a
# 1,000,000-sequence stream with a 64 MB heap.
#
#   dsl/src/bench/ig-dataset.sh                 # 10,000 sequences of case (a)'s shape, 64 IG steps (long: minutes)
#   IG_SEQUENCES=1000 STREAM=100000 dsl/src/bench/ig-dataset.sh      # a reduced run
#
# Uses the peers' venv of run-all.sh ($LSTMLENS_PEERS_VENV, default ~/.cache/lstmlens/peers-venv). Writes
# dsl/target/bench/ig_peers.json and check_ig.json (the weights, check sequences and PyTorch float64's attributions,
# which IgDatasetBench checks ours against before timing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dsl="$(cd "$here/../.." && pwd)"
out="$dsl/target/bench"
venv="${LSTMLENS_PEERS_VENV:-$HOME/.cache/lstmlens/peers-venv}"
n="${IG_SEQUENCES:-10000}"
stream="${STREAM:-1000000}"
mkdir -p "$out"

# shellcheck source=dsl/src/bench/prepare.sh
source "$here/prepare.sh"

echo "== peers: PyTorch (Captum's algorithm), JAX vmap(grad); $n sequences" >&2
IG_SEQUENCES="$n" "$venv/bin/python" "$here/peers/ig_peers.py" "$out/ig_peers.json" 2> >(grep -v -i -E 'warn|cuda|gpu' >&2)
echo "== LSTM Lens: DatasetRun, integrated gradients, $n sequences" >&2
java --add-modules=jdk.incubator.vector -cp "$cp" org.lstmlens.bench.IgDatasetBench "$out/check_ig.json" "$n" \
    2>/dev/null
"$venv/bin/python" - "$out/ig_peers.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("peers (%d threads), sequences/s:" % d["threads"])
for r in d["results"]:
    print("  %-16s %-8s %9.1f  (max |a - torch float64| %.2g)" % (r["peer"], r["dtype"], r["sequences_per_second"],
                                                                  r["max_abs_vs_torch_float64"]))
PY
echo "== heap over a stream of $stream sequences, -Xmx64m" >&2
java -Xmx64m --add-modules=jdk.incubator.vector -cp "$cp" org.lstmlens.bench.HeapFlatBench "$stream" 2>/dev/null
