"""PyTorch LSTMs with a projection (nn.LSTM(proj_size=p)): h = W_hr (o * tanh(c)) has p values, c has hidden_size.
Writes torch_lstm_projection.json beside this script: per case the module's parameters as torch names them
(weight_ih_l0 [4u, d], weight_hh_l0 [4u, p], bias_ih_l0, bias_hh_l0 [4u], weight_hr_l0 [p, u]; gate rows i, f, g, o),
the input (seq, batch, d), the initial state if any, and torch's forward output (seq, batch, p), h_n (1, batch, p),
c_n (1, batch, u) computed in float32 (as the module runs) and again with the module in float64.
Run with the fixture venv: python torch_lstm_projection.py
"""
import json
import os

import torch

torch.manual_seed(7)
CASES = [
    # name, input_size, hidden_size, proj_size, bias, batch, seq, initial state
    ("proj_bias_initial", 3, 5, 2, True, 2, 7, True),
    ("proj_no_bias", 4, 6, 3, False, 3, 5, False),
]

out = {"torch": torch.__version__, "cases": []}
for name, d, u, p, bias, batch, seq, initial in CASES:
    m = torch.nn.LSTM(d, u, num_layers=1, bias=bias, proj_size=p)
    with torch.no_grad():
        for prm in m.parameters():  # larger than the default init, so the gates leave their linear range
            prm.uniform_(-0.9, 0.9)
    x = torch.randn(seq, batch, d) * 1.3
    state = (torch.randn(1, batch, p) * 0.5, torch.randn(1, batch, u)) if initial else None
    with torch.no_grad():
        y, (hn, cn) = m(x, state)
        m64 = m.double()
        y64, (hn64, cn64) = m64(x.double(), None if state is None else (state[0].double(), state[1].double()))
    case = {"name": name, "input_size": d, "hidden_size": u, "proj_size": p, "bias": bias,
            "params": {n: prm.detach().float().tolist() for n, prm in m.named_parameters()},
            "x": x.tolist(), "output": y.tolist(), "h_n": hn.tolist(), "c_n": cn.tolist(),
            "output_f64": y64.tolist(), "h_n_f64": hn64.tolist(), "c_n_f64": cn64.tolist()}
    if initial:
        case["h_0"] = state[0].tolist()
        case["c_0"] = state[1].tolist()
    print(f"{name}: output {tuple(y.shape)}, h_n {tuple(hn.shape)}, c_n {tuple(cn.shape)}, "
          f"max |float32 - float64| {float((y.double() - y64).abs().max()):.2e}")
    out["cases"].append(case)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_lstm_projection.json")
with open(path, "w") as f:
    json.dump(out, f)
    f.write("\n")
print("wrote", path, os.path.getsize(path), "bytes")
