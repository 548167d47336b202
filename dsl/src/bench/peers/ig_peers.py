"""Integrated gradients over a dataset (issue 14 "Fast"): PyTorch and JAX peers of LSTM Lens's dataset run.

    ig_peers.py OUT.json          # run by ig-dataset.sh with the peers' venv (torch, jax, numpy)

The model is case (a)'s LSTM, 32 features -> 64 units, 100 steps (Keras layout and weights as peers.py makes them,
seed 8), and the explained scalar f(x) = sum of the last h. Integrated gradients with M = 64 points from a zero
baseline, midpoint rule alpha_k = (k + 1/2) / M (Captum's method="riemann_middle"; LSTM Lens uses the same rule):
attribution = (x - baseline) * mean_k df/dx(baseline + alpha_k (x - baseline)).
- PyTorch, float32 and float64: nn.LSTM with the same weights; as Captum computes it: the scaled inputs of a batch
  of sequences stacked along the batch axis (M x B rows), one forward, f summed, one backward (torch.autograd), the
  gradients averaged per sequence. Captum itself is not in the package index this machine reaches, so the same
  algorithm is written out here (captum.attr.IntegratedGradients with internal_batch_size = M * B does the same).
- JAX, float32 and float64 (x64 on): f by lax.scan, jax.grad, vmap over the alphas and over the sequences, jit.
Sequences: x[i, t, j] = 0.8 sin(0.37 i + 0.23 t + 1.3 j), the same formula IgDatasetBench uses. Before timing, every
peer's attributions of the first CHECK sequences are compared with PyTorch float64's; those, the weights and the
sequences are written to check_ig.json beside OUT.json for IgDatasetBench, which checks ours against them.
"""
import json
import os
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np
import torch

jax.config.update("jax_enable_x64", True)

FEATURES, UNITS, STEPS, M = 32, 64, 100, 64
SEQUENCES = int(os.environ.get("IG_SEQUENCES", "10000"))
BATCH = int(os.environ.get("IG_BATCH", "64"))
CHECK = 8
ROUNDS = int(os.environ.get("PEERS_ROUNDS", "3"))


def weights():
    rng = np.random.default_rng(8)
    n = 4 * UNITS
    limit = np.sqrt(6.0 / (FEATURES + n))
    kernel = rng.uniform(-limit, limit, (FEATURES, n))
    recurrent = rng.uniform(-1, 1, (UNITS, n)) / np.sqrt(UNITS)
    bias = np.zeros(n)
    bias[UNITS:2 * UNITS] = 1.0
    return kernel, recurrent, bias


def sequences(start, count):
    i = np.arange(start, start + count)[:, None, None]
    t = np.arange(STEPS)[None, :, None]
    j = np.arange(FEATURES)[None, None, :]
    return 0.8 * np.sin(0.37 * i + 0.23 * t + 1.3 * j)


def alphas(dtype):
    return ((np.arange(M) + 0.5) / M).astype(dtype)


def torch_ig(kernel, recurrent, bias, dtype):
    tdt = torch.float64 if dtype == "float64" else torch.float32
    net = torch.nn.LSTM(FEATURES, UNITS, batch_first=True).to(tdt)
    with torch.no_grad():  # Keras i f c o column blocks are PyTorch's i f g o row blocks, transposed
        net.weight_ih_l0.copy_(torch.from_numpy(kernel.T.copy()))
        net.weight_hh_l0.copy_(torch.from_numpy(recurrent.T.copy()))
        net.bias_ih_l0.copy_(torch.from_numpy(bias))
        net.bias_hh_l0.zero_()
    a = torch.from_numpy(alphas(dtype)).to(tdt)

    def attribute(x):  # x: (B, T, F); baseline 0
        xs = torch.from_numpy(x.astype(dtype))
        scaled = (a[:, None, None, None] * xs[None]).reshape(M * xs.shape[0], STEPS, FEATURES)
        scaled.requires_grad_(True)
        out, _ = net(scaled)
        out[:, -1, :].sum().backward()
        g = scaled.grad.reshape(M, xs.shape[0], STEPS, FEATURES).mean(0)
        return (xs * g).detach().numpy()
    return attribute


def jax_ig(kernel, recurrent, bias, dtype):
    W, U, b = (jnp.asarray(v, dtype) for v in (kernel, recurrent, bias))
    a = jnp.asarray(alphas(dtype))

    def f(x):  # one sequence (T, F) -> sum of the last h
        def step(carry, xt):
            h, c = carry
            z = xt @ W + h @ U + b
            i, fg, g, o = jnp.split(z, 4)
            c = jax.nn.sigmoid(fg) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h = jax.nn.sigmoid(o) * jnp.tanh(c)
            return (h, c), None
        zero = jnp.zeros(UNITS, dtype)
        (h, _), _ = jax.lax.scan(step, (zero, zero), x)
        return h.sum()

    grad = jax.grad(f)

    def one(x):
        return x * jax.vmap(lambda al: grad(al * x))(a).mean(0)
    batched = jax.jit(jax.vmap(one))
    return lambda x: np.asarray(batched(jnp.asarray(x, dtype)))


def run_all(attribute):
    """Sequences per second over the whole dataset, batch by batch; best of ROUNDS."""
    best = None
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for start in range(0, SEQUENCES, BATCH):
            attribute(sequences(start, min(BATCH, SEQUENCES - start)))
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    return SEQUENCES / best


def main(out_path):
    kernel, recurrent, bias = weights()
    x = sequences(0, CHECK)
    reference = torch_ig(kernel, recurrent, bias, "float64")(x)
    results = []
    for name, make in (("PyTorch", torch_ig), ("JAX vmap(grad)", jax_ig)):
        for dtype in ("float64", "float32"):
            attribute = make(kernel, recurrent, bias, dtype)
            err = float(np.max(np.abs(attribute(x) - reference)))
            attribute(sequences(0, BATCH))  # warm-up (and JAX's compile)
            rate = run_all(attribute)
            results.append({"peer": name, "dtype": dtype, "max_abs_vs_torch_float64": err,
                            "sequences_per_second": rate})
            print(f"{name:16s} {dtype}: {rate:9.1f} sequences/s (max |a - torch float64| {err:.2g})",
                  file=sys.stderr)
    with open(os.path.join(os.path.dirname(os.path.abspath(out_path)), "check_ig.json"), "w") as f:
        json.dump({"kernel": kernel.tolist(), "recurrent": recurrent.tolist(), "bias": bias.tolist(),
                   "x": x.tolist(), "attribution": reference.tolist(), "steps": M}, f)
    with open(out_path, "w") as f:
        json.dump({"sequences": SEQUENCES, "batch": BATCH, "ig_steps": M, "threads": torch.get_num_threads(),
                   "versions": {"torch": torch.__version__, "jax": jax.__version__, "numpy": np.__version__},
                   "results": results}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
