"""Writes float32_gradients.json.gz: torch's own input gradients and integrated gradients, in float32 and in float64,
for the float32 gradient path of LSTM Lens (Influence.float32(), DatasetJob.float32()). Run with the fixtures venv:

    /work/venv-fx/bin/python dsl/src/test/data/torch/make_float32_gradients.py

Models (state_dict .pt files beside this script, float32 as torch.save writes them; fed batch-first):
  f32grad_lstm_small  nn.LSTM(4, 8),   30 steps, 5 sequences    float32 and float64
  f32grad_lstm_large  nn.LSTM(32, 64), 20 steps, 64 sequences   float32 and float64
  f32grad_gru_small   nn.GRU(4, 8),    30 steps, 5 sequences    float64 only (the float32 path's fallback runs double)
Weights N(0, 1/(in + hidden)) and biases N(0, 0.1^2), seeded, so that the gates stay away from saturation (|z| about
0.4 typically). Sequences x[i, t, j] = 0.8 sin(0.37 i + 0.23 t + 1.3 j), as dsl/src/bench/peers/ig_peers.py makes
them, rounded to float32 (both precisions read the same values). The explained scalar of each sequence is
f = w . h_last (output[:, -1]) with a fixed w (float32 values), summed over the batch for autograd:
  gradient     df/dx by torch.autograd, on the module in float32 (as saved) and on module.double() (same weights)
  ig           integrated gradients from a zero baseline with M = 16 points on the midpoint rule,
               alpha_k = (k + 1/2) / M, as ig_peers.py computes them (Captum's riemann_middle): the scaled inputs
               alpha_k x of all sequences stacked along the batch axis, one forward, one backward,
               attribution = x * mean_k df/dx(alpha_k x); in the dtype named
Numbers: float32 results in their shortest float32 form (read them back through a float to get the exact value: x
must be, the others are compared with a float32 bound), float64 results with 17 significant digits. Gzipped: the
large case alone holds 5 x 40,960 numbers.
"""
import gzip
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
M = 16
torch.set_num_threads(1)

CASES = [
    # name, module, sequences, steps, float32 too
    ("f32grad_lstm_small", lambda: nn.LSTM(4, 8, batch_first=True), 5, 30, True),
    ("f32grad_lstm_large", lambda: nn.LSTM(32, 64, batch_first=True), 64, 20, True),
    ("f32grad_gru_small", lambda: nn.GRU(4, 8, batch_first=True), 5, 30, False),
]


def seeded(module, seed):
    g = torch.Generator().manual_seed(seed)
    scale = 1.0 / np.sqrt(module.input_size + module.hidden_size)
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.randn(p.shape, generator=g) * (scale if name.startswith("weight") else 0.1))
    return module.eval()


def sequences(count, steps, features):
    i = np.arange(count)[:, None, None]
    t = np.arange(steps)[None, :, None]
    j = np.arange(features)[None, None, :]
    return (0.8 * np.sin(0.37 * i + 0.23 * t + 1.3 * j)).astype(np.float32)


def objective(module, w):
    def f(x):
        out, _ = module(x)
        return (out[:, -1, :] * w).sum()
    return f


def gradient(f, x):
    x = x.clone().requires_grad_(True)
    f(x).backward()
    return x.grad.detach()


def integrated_gradients(f, x):
    alphas = (torch.arange(M, dtype=x.dtype) + 0.5) / M
    scaled = (alphas[:, None, None, None] * x[None]).reshape(M * x.shape[0], *x.shape[1:])
    g = gradient(f, scaled).reshape(M, *x.shape).mean(0)
    return x * g


def f32(a):
    return [f32(v) for v in a] if isinstance(a, list) else float(str(np.float32(a)))


def f64(a):
    return [f64(v) for v in a] if isinstance(a, list) else float("%.17g" % a)


def case(seed, name, make, count, steps, float32):
    module = seeded(make(), seed)
    torch.save(module.state_dict(), os.path.join(HERE, name + ".pt"))
    x32 = torch.from_numpy(sequences(count, steps, module.input_size))
    w32 = torch.randn(module.hidden_size, generator=torch.Generator().manual_seed(100 + seed))
    module64 = make().double().eval()
    module64.load_state_dict({k: v.double() for k, v in module.state_dict().items()})
    f64_ = objective(module64, w32.double())
    x64 = x32.double()
    out = {"file": name + ".pt", "module": repr(module), "sequences": count, "steps": steps,
           "features": module.input_size, "units": module.hidden_size, "ig_steps": M,
           "w": f32(w32.tolist()), "x": f32(x32.tolist()),
           "gradient_f64": f64(gradient(f64_, x64).tolist()),
           "ig_f64": f64(integrated_gradients(f64_, x64).tolist())}
    if float32:
        f32_ = objective(module, w32)
        out["gradient_f32"] = f32(gradient(f32_, x32).tolist())
        out["ig_f32"] = f32(integrated_gradients(f32_, x32).tolist())
        diff = np.max(np.abs(np.array(out["ig_f32"]) - np.array(out["ig_f64"])))
        print(f"{name}: torch float32 IG against float64: max |diff| {diff:.2g}, max |a| "
              f"{np.max(np.abs(out['ig_f64'])):.2g}", file=sys.stderr)
    return out


def main():
    cases = {name: case(seed, name, make, count, steps, float32)
             for seed, (name, make, count, steps, float32) in enumerate(CASES, start=1)}
    text = json.dumps({"torch_version": torch.__version__, "cases": cases})
    with open(os.path.join(HERE, "float32_gradients.json.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as z:  # mtime 0: the same bytes on every run
            z.write(text.encode())


if __name__ == "__main__":
    main()
