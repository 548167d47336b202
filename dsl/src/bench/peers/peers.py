"""The peers of LSTM Lens's forward pass, on the cases of ForwardBench (issue 8), in one process.

Keras 3 predict_on_batch on JAX, PyTorch nn.LSTM on CPU under no_grad, and a hand-written NumPy loop, each in
float64 and float32, on the same shapes, weights layout (Keras: kernel F x 4u, recurrent u x 4u, gates i f c o) and
semantics (sigmoid gates, tanh, zero initial state, the last output only). Before timing, every peer's output is
checked against the NumPy float64 loop, so a peer that computes something else (or not in double) is flagged.

Timing: a warm-up, then ROUNDS rounds of at least MIN_ROUND_S seconds each; the figure is the best round's mean
(in ms per forward pass), which favours the peers. Writes JSON to the path given as the first argument.
"""
import json
import os
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)  # without it JAX silently computes "float64" in float32

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

CASES = {"A": (1, 32, 64, 100), "B": (64, 128, 256, 100), "C": (1, 128, 512, 1000)}  # batch, features, units, T
ROUNDS = int(os.environ.get("PEERS_ROUNDS", "5"))
MIN_ROUND_S = float(os.environ.get("PEERS_ROUND_SECONDS", "1.0"))


def weights(features, units, rng):
    limit = np.sqrt(6.0 / (features + 4 * units))
    kernel = rng.uniform(-limit, limit, (features, 4 * units))
    recurrent = rng.uniform(-1, 1, (units, 4 * units)) / np.sqrt(units)
    bias = np.zeros(4 * units)
    bias[units:2 * units] = 1.0
    return kernel, recurrent, bias


def numpy_lstm(x, kernel, recurrent, bias):
    """The hand-written loop: x.W + b hoisted over all steps, then h.U and the gates per step."""
    batch, steps, _ = x.shape
    units = recurrent.shape[0]
    xw = x @ kernel + bias
    h = np.zeros((batch, units), x.dtype)
    c = np.zeros((batch, units), x.dtype)
    one = x.dtype.type(1)
    for t in range(steps):
        z = xw[:, t, :] + h @ recurrent
        i = one / (one + np.exp(-z[:, :units]))
        f = one / (one + np.exp(-z[:, units:2 * units]))
        g = np.tanh(z[:, 2 * units:3 * units])
        o = one / (one + np.exp(-z[:, 3 * units:]))
        c = f * c + i * g
        h = o * np.tanh(c)
    return h


def keras_peer(x, kernel, recurrent, bias, dtype):
    batch, steps, features = x.shape
    units = recurrent.shape[0]
    model = keras.Sequential([keras.Input((steps, features), batch_size=batch, dtype=dtype),
                              keras.layers.LSTM(units, dtype=dtype)])
    model.layers[0].set_weights([kernel.astype(dtype), recurrent.astype(dtype), bias.astype(dtype)])
    xs = x.astype(dtype)
    return lambda: np.asarray(model.predict_on_batch(xs))


def torch_peer(x, kernel, recurrent, bias, dtype):
    units = recurrent.shape[0]
    tdt = torch.float64 if dtype == "float64" else torch.float32
    lstm = torch.nn.LSTM(kernel.shape[0], units, batch_first=True).to(tdt)
    with torch.no_grad():  # PyTorch's gates are i f g o as rows: the transposed Keras blocks
        lstm.weight_ih_l0.copy_(torch.from_numpy(kernel.T.copy()))
        lstm.weight_hh_l0.copy_(torch.from_numpy(recurrent.T.copy()))
        lstm.bias_ih_l0.copy_(torch.from_numpy(bias))
        lstm.bias_hh_l0.zero_()
    xs = torch.from_numpy(x.astype(dtype))

    def run():
        with torch.no_grad():
            _, (h, _) = lstm(xs)
        return h[0].numpy()
    return run


def numpy_peer(x, kernel, recurrent, bias, dtype):
    args = [a.astype(dtype) for a in (x, kernel, recurrent, bias)]
    return lambda: numpy_lstm(*args)


def time_it(fn):
    fn()
    fn()
    best = float("inf")
    for _ in range(ROUNDS):
        n, start = 0, time.perf_counter()
        while True:
            fn()
            n += 1
            elapsed = time.perf_counter() - start
            if elapsed >= MIN_ROUND_S and n >= 2:
                break
        best = min(best, elapsed / n)
    return best * 1e3


def main(out_path):
    rng = np.random.default_rng(42)
    results = []
    for name, (batch, features, units, steps) in CASES.items():
        kernel, recurrent, bias = weights(features, units, rng)
        x = rng.uniform(-1, 1, (batch, steps, features))
        reference = numpy_lstm(x, kernel, recurrent, bias)
        for dtype in ("float64", "float32"):
            for peer, make in (("keras-jax", keras_peer), ("torch", torch_peer), ("numpy", numpy_peer)):
                fn = make(x, kernel, recurrent, bias, dtype)
                deviation = float(np.max(np.abs(fn() - reference)))
                ms = time_it(fn)
                results.append({"case": name, "precision": "double" if dtype == "float64" else "float32",
                                "peer": peer, "ms": ms, "max_abs_dev_from_f64": deviation})
                print(f"  {name} {dtype:8s} {peer:10s} {ms:9.3f} ms  (max |out - numpy f64| = {deviation:.1e})",
                      file=sys.stderr, flush=True)
    versions = {"keras": keras.__version__, "jax": jax.__version__, "torch": torch.__version__,
                "numpy": np.__version__, "torch_threads": torch.get_num_threads()}
    with open(out_path, "w") as f:
        json.dump({"versions": versions, "results": results}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
