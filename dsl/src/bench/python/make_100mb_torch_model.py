"""Writes a 100 MB PyTorch state_dict for the load benchmarks: nn.LSTM(1024, 1024, num_layers=3), 25.2 M float32
parameters, saved as torch.save's zip (/tmp/lstmlens-100mb.pt) and as safetensors (/tmp/lstmlens-100mb.safetensors).

    /work/venv-fx/bin/python dsl/src/bench/python/make_100mb_torch_model.py [/tmp/lstmlens-100mb]

Values are random (torch's default init, seed 0); only the size and layout matter.
"""
import sys

import torch
from safetensors.torch import save_file

stem = sys.argv[1] if len(sys.argv) > 1 else "/tmp/lstmlens-100mb"
torch.manual_seed(0)
lstm = torch.nn.LSTM(1024, 1024, num_layers=3)
sd = lstm.state_dict()
torch.save(sd, stem + ".pt")
save_file(sd, stem + ".safetensors")
print(sum(p.numel() for p in lstm.parameters()), "parameters ->", stem + ".pt,", stem + ".safetensors")
