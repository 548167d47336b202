"""The peers of LSTM Lens's forward pass, on the cases of ForwardBench (issue 8), in one process.

Keras 3 predict_on_batch on JAX, PyTorch (nn.LSTM, nn.GRU, nn.RNN) on CPU under no_grad, and a hand-written NumPy
loop, each in float64 and float32, for the LSTM, the GRU (reset_after=True: the Keras 3 default and PyTorch's
semantics) and SimpleRNN, on the same shapes, weights layout (Keras: kernel F x bands*u, recurrent u x bands*u;
LSTM gates i f c o, GRU z r h) and semantics (sigmoid gates, tanh, zero initial state, the last output only).
Before timing, every peer's output is checked against the NumPy float64 loop, so a peer that computes something
else (or not in double) is flagged; each case's weights, input and outputs are written to check/ beside the JSON
for CheckPeers, which runs LSTM Lens on the same numbers.

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
CELLS = tuple(os.environ.get("PEERS_CELLS", "LSTM,GRU,SimpleRNN").split(","))
BANDS = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}
ROUNDS = int(os.environ.get("PEERS_ROUNDS", "5"))
MIN_ROUND_S = float(os.environ.get("PEERS_ROUND_SECONDS", "1.0"))


def weights(cell, features, units, rng):
    """Keras-like: kernel at the Glorot limit, recurrent kernel scaled by 1/sqrt(units); LSTM's forget bias 1,
    GRU's two bias rows (reset_after=True, the Keras 3 default) and SimpleRNN's bias small and random."""
    n = BANDS[cell] * units
    limit = np.sqrt(6.0 / (features + n))
    kernel = rng.uniform(-limit, limit, (features, n))
    recurrent = rng.uniform(-1, 1, (units, n)) / np.sqrt(units)
    if cell == "LSTM":
        bias = np.zeros(n)
        bias[units:2 * units] = 1.0
    elif cell == "GRU":
        bias = rng.uniform(-0.1, 0.1, (2, n))  # row 0: input bias, row 1: recurrent bias
    else:
        bias = rng.uniform(-0.1, 0.1, n)
    return kernel, recurrent, bias


def sigmoid(z):
    one = z.dtype.type(1)
    return one / (one + np.exp(-z))


def numpy_loop(cell, x, kernel, recurrent, bias):
    """The hand-written loop: x.W + b hoisted over all steps, then h.U and the gates per step."""
    batch, steps, _ = x.shape
    units = recurrent.shape[0]
    xw = x @ kernel + (bias[0] if cell == "GRU" else bias)
    h = np.zeros((batch, units), x.dtype)
    c = np.zeros((batch, units), x.dtype)
    for t in range(steps):
        if cell == "LSTM":
            z = xw[:, t, :] + h @ recurrent
            i = sigmoid(z[:, :units])
            f = sigmoid(z[:, units:2 * units])
            g = np.tanh(z[:, 2 * units:3 * units])
            o = sigmoid(z[:, 3 * units:])
            c = f * c + i * g
            h = o * np.tanh(c)
        elif cell == "GRU":  # reset_after=True: r multiplies h.U_h + b'_h
            hu = h @ recurrent + bias[1]
            zr = sigmoid(xw[:, t, :2 * units] + hu[:, :2 * units])
            z, r = zr[:, :units], zr[:, units:]
            hh = np.tanh(xw[:, t, 2 * units:] + r * hu[:, 2 * units:])
            h = z * h + (1 - z) * hh
        else:
            h = np.tanh(xw[:, t, :] + h @ recurrent)
    return h


def keras_peer(cell, x, kernel, recurrent, bias, dtype):
    batch, steps, features = x.shape
    units = recurrent.shape[0]
    layer = {"LSTM": lambda: keras.layers.LSTM(units, dtype=dtype),
             "GRU": lambda: keras.layers.GRU(units, reset_after=True, dtype=dtype),
             "SimpleRNN": lambda: keras.layers.SimpleRNN(units, dtype=dtype)}[cell]()
    model = keras.Sequential([keras.Input((steps, features), batch_size=batch, dtype=dtype), layer])
    model.layers[0].set_weights([kernel.astype(dtype), recurrent.astype(dtype), bias.astype(dtype)])
    xs = x.astype(dtype)
    return lambda: np.asarray(model.predict_on_batch(xs))


def torch_blocks(m, cell, units):
    """Keras's column blocks (z, r, h for a GRU) as PyTorch's row blocks (r, z, n), transposed."""
    if cell != "GRU":
        return m.T.copy()
    z, r, h = (m[..., k * units:(k + 1) * units] for k in range(3))
    return np.concatenate([r, z, h], axis=-1).T.copy()


def torch_peer(cell, x, kernel, recurrent, bias, dtype):
    units = recurrent.shape[0]
    tdt = torch.float64 if dtype == "float64" else torch.float32
    kind = {"LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU, "SimpleRNN": torch.nn.RNN}[cell]
    net = kind(kernel.shape[0], units, batch_first=True).to(tdt)
    with torch.no_grad():  # PyTorch's gates are row blocks (LSTM i f g o, GRU r z n): the transposed Keras blocks
        net.weight_ih_l0.copy_(torch.from_numpy(torch_blocks(kernel, cell, units)))
        net.weight_hh_l0.copy_(torch.from_numpy(torch_blocks(recurrent, cell, units)))
        if cell == "GRU":  # nn.GRU is reset_after=True: n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
            net.bias_ih_l0.copy_(torch.from_numpy(torch_blocks(bias[0], cell, units)))
            net.bias_hh_l0.copy_(torch.from_numpy(torch_blocks(bias[1], cell, units)))
        else:
            net.bias_ih_l0.copy_(torch.from_numpy(bias))
            net.bias_hh_l0.zero_()
    xs = torch.from_numpy(x.astype(dtype))

    def run():
        with torch.no_grad():
            _, state = net(xs)
        return (state[0] if cell == "LSTM" else state)[0].numpy()
    return run


def numpy_peer(cell, x, kernel, recurrent, bias, dtype):
    args = [a.astype(dtype) for a in (x, kernel, recurrent, bias)]
    return lambda: numpy_loop(cell, *args)


def dump(path, cell, case, x, kernel, recurrent, bias, reference, outputs):
    """The case as LSTM Lens's CheckPeers reads it: little-endian float64 arrays, lengths first."""
    arrays = [x, kernel, recurrent, bias, reference] + [outputs[k] for k in sorted(outputs)]
    with open(path, "wb") as f:
        head = json.dumps({"cell": cell, "case": case, "shape": list(x.shape), "units": recurrent.shape[0],
                           "outputs": sorted(outputs)}).encode()
        f.write(np.array([len(head)], "<i4").tobytes() + head)
        for a in arrays:
            a = np.ascontiguousarray(a, "<f8")
            f.write(np.array([a.size], "<i8").tobytes() + a.tobytes())


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
    check_dir = os.path.join(os.path.dirname(os.path.abspath(out_path)), "check")
    os.makedirs(check_dir, exist_ok=True)
    results = []
    for cell in CELLS:
        rng = np.random.default_rng(42)
        for name, (batch, features, units, steps) in CASES.items():
            kernel, recurrent, bias = weights(cell, features, units, rng)
            x = rng.uniform(-1, 1, (batch, steps, features))
            reference = numpy_loop(cell, x, kernel, recurrent, bias)
            outputs = {}
            for dtype in ("float64", "float32"):
                for peer, make in (("keras-jax", keras_peer), ("torch", torch_peer), ("numpy", numpy_peer)):
                    fn = make(cell, x, kernel, recurrent, bias, dtype)
                    try:
                        out = fn()
                    except Exception as e:  # noqa: BLE001 (Keras 3.15.1's SimpleRNN fails in float64 on JAX)
                        message = str(e).strip().splitlines()
                        reason = next((m for m in message if "differ" in m or "type" in m), message[0])[:200]
                        results.append({"cell": cell, "case": name,
                                        "precision": "double" if dtype == "float64" else "float32",
                                        "peer": peer, "error": reason})
                        print(f"  {cell:9s} {name} {dtype:8s} {peer:10s} fails: {reason}", file=sys.stderr, flush=True)
                        continue
                    outputs[f"{peer}-{dtype}"] = out
                    deviation = float(np.max(np.abs(out - reference)))
                    ms = time_it(fn)
                    results.append({"cell": cell, "case": name,
                                    "precision": "double" if dtype == "float64" else "float32",
                                    "peer": peer, "ms": ms, "max_abs_dev_from_f64": deviation})
                    print(f"  {cell:9s} {name} {dtype:8s} {peer:10s} {ms:9.3f} ms  (max |out - numpy f64| ="
                          f" {deviation:.1e})", file=sys.stderr, flush=True)
            dump(os.path.join(check_dir, f"{cell}-{name}.bin"), cell, name, x, kernel, recurrent, bias, reference,
                 outputs)
    versions = {"keras": keras.__version__, "jax": jax.__version__, "torch": torch.__version__,
                "numpy": np.__version__, "torch_threads": torch.get_num_threads()}
    with open(out_path, "w") as f:
        json.dump({"versions": versions, "results": results}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
