"""Prints the benchmark table from JMH's JSON (ours) and peers.py's JSON (theirs)."""
import json
import os
import sys

CASES = {"A": (1, 32, 64, 100), "B": (64, 128, 256, 100), "C": (1, 128, 512, 1000)}
PEERS = ("keras-jax", "torch", "numpy")
CELLS = ("LSTM", "GRU", "SimpleRNN")
BANDS = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}
# a "double" peer whose output is further than this from the NumPy float64 loop does not compute in double
DOUBLE_TOLERANCE = 1e-10


def gflops(cell, case, ms):
    batch, features, units, steps = CASES[case]
    return 2.0 * batch * steps * BANDS[cell] * units * (features + units) / (ms * 1e6)


def main(jmh_path, peers_path, kernel, threads="all"):
    ours = {}
    for r in json.load(open(jmh_path)):
        p = r["params"]
        if r["benchmark"].endswith("ForwardBench.forward") and p.get("kernel", "auto") == "auto":
            ours[(p.get("cell", "LSTM"), p["benchCase"], p["precision"])] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
    peers = json.load(open(peers_path))
    theirs = {(r.get("cell", "LSTM"), r["case"], r["precision"], r["peer"]): r for r in peers["results"]}

    print(f"LSTM Lens forward pass vs peers, same machine, same run ({os.cpu_count()} cores, threads: {threads});"
          f" kernel: {kernel}")
    print("peers: " + ", ".join(f"{k} {v}" for k, v in peers["versions"].items()))
    print("ms per forward pass (GFLOP/s = 2*batch*T*bands*u*(features+u) / time, bands: LSTM 4, GRU 3, SimpleRNN 1);"
          " ratio = best peer's ms / ours (> 1: we are faster)")
    print("targets: double >= 1.0 x the best double peer; float32 >= 1.0 x Keras + JAX ('vs keras')")
    print("* = not double: differs from a float64 NumPy loop by more than 1e-10 (excluded from the double best)")
    head = f"{'cell':9} {'case':4} {'precision':9} {'LSTM Lens':>18} " + " ".join(f"{p:>16}" for p in PEERS) + \
        f" {'best peer':>10} {'ratio':>6} {'vs keras':>8}"
    print(head)
    print("-" * len(head))
    for cell in CELLS:
        for case in CASES:
            for precision in ("double", "float32"):
                if (cell, case, precision) not in ours:
                    continue
                ms, err = ours[(cell, case, precision)]
                cells, best = [], None
                for peer in PEERS:
                    r = theirs.get((cell, case, precision, peer))
                    if r is None or "error" in r:
                        cells.append(f"{'-' if r is None else 'fails':>16}")
                        continue
                    not_double = precision == "double" and r["max_abs_dev_from_f64"] > DOUBLE_TOLERANCE
                    cells.append(f"{r['ms']:8.2f} ({gflops(cell, case, r['ms']):5.1f}){'*' if not_double else ' '}")
                    if not not_double and (best is None or r["ms"] < best[1]):
                        best = (peer, r["ms"])
                mine = f"{ms:7.2f}±{err:<5.2f}({gflops(cell, case, ms):5.1f})"
                ratio = f"{best[1] / ms:6.2f}" if best else "     -"
                keras = theirs.get((cell, case, precision, "keras-jax"))
                vs_keras = f"{keras['ms'] / ms:8.2f}" if keras and "ms" in keras else f"{'-':>8}"
                print(f"{cell:9} {case:4} {precision:9} {mine:>18} " + " ".join(cells)
                      + f" {best[0] if best else '-':>10} {ratio}"
                      f" {vs_keras}")
    print("(a) batch 1, 32 features, 64 units, 100 steps; (b) batch 64, 128 features, 256 units, 100 steps;"
          " (c) batch 1, 128 features, 512 units, 1000 steps")
    extras(json.load(open(jmh_path)))


def extras(jmh):
    """The input gradient of (c) against the forward pass measured in the same forks, and the 50 MB load."""
    score = {}
    for r in jmh:
        name = r["benchmark"].rsplit(".", 2)
        score[name[-2] + "." + name[-1]] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
    grad, fwd = score.get("GradientBench.inputGradient"), score.get("GradientBench.forward")
    if grad and fwd:
        print(f"input gradient of (c): {grad[0]:.1f} +- {grad[1]:.1f} ms = {grad[0] / fwd[0]:.2f} x the forward pass"
              f" measured beside it ({fwd[0]:.1f} +- {fwd[1]:.1f} ms); target <= 3")
    load = score.get("LoadBench.load")
    if load:
        print(f"loading the 50 MB model in a warm JVM: {load[0]:.1f} +- {load[1]:.1f} ms (fresh-JVM figure: LOAD.md)")


if __name__ == "__main__":
    main(*sys.argv[1:5])
