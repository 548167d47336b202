"""Parameter counts as PyTorch itself reports them: sum(p.numel() for p in module.parameters()), one layer, one
direction, for the shapes LSTM Lens's ParamCount must reproduce (two biases per cell, bias=False, proj_size).
Writes torch_param_counts.json beside this script. Run with the fixture venv: python torch_param_counts.py
"""
import json
import os

import torch

torch.manual_seed(0)
CASES = [
    # name, module, features, units, bias, proj_size
    ("lstm", torch.nn.LSTM, 3, 5, True, 0),
    ("lstm_no_bias", torch.nn.LSTM, 3, 5, False, 0),
    ("lstm_proj", torch.nn.LSTM, 3, 5, True, 2),
    ("lstm_proj_no_bias", torch.nn.LSTM, 4, 6, False, 3),
    ("gru", torch.nn.GRU, 3, 5, True, 0),
    ("gru_no_bias", torch.nn.GRU, 3, 5, False, 0),
    ("rnn_tanh", torch.nn.RNN, 3, 5, True, 0),
    ("rnn_no_bias", torch.nn.RNN, 2, 7, False, 0),
]

out = {"torch": torch.__version__, "cases": []}
for name, cls, d, u, bias, proj in CASES:
    kw = {"proj_size": proj} if proj else {}
    m = cls(input_size=d, hidden_size=u, num_layers=1, bias=bias, **kw)
    shapes = {n: list(p.shape) for n, p in m.named_parameters()}
    total = sum(p.numel() for p in m.parameters())
    print(f"{name}: {total} {shapes}")
    out["cases"].append({"name": name, "features": d, "units": u, "bias": bias, "proj_size": proj,
                         "total": total, "shapes": shapes})

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_param_counts.json"), "w") as f:
    # one case per line, so a diff shows which count changed
    f.write('{"torch": %s, "cases": [\n' % json.dumps(out["torch"]))
    f.write(",\n".join(json.dumps(c) for c in out["cases"]))
    f.write("\n]}\n")
