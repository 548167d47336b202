"""Writes the PyTorch fixtures of dsl/src/test/data/torch with torch itself, and torch's own forward outputs.

Run with the fixtures venv (torch 2.13 CPU, safetensors):

    /work/venv-fx/bin/python dsl/src/test/data/torch/make_torch_fixtures.py

Every model has fixed seeds and small sizes (units 3 to 8). Each NAME is saved as
  NAME.pt           torch.save(model.state_dict())                     (zip, pickle protocol 2)
  NAME.safetensors  safetensors.torch.save_file(model.state_dict())
  NAME.ts.pt        torch.jit.save(torch.jit.script(model))             (TorchScript archive)
and NAME.expected.json holds the input x (batch, steps, features; float32 values), torch's forward output on it in
float32 (the model as saved) and in float64 (model.double() on the same weights), sum(p.numel()), the module as
built, and the options our loader needs for what a state_dict cannot say (an nn.RNN's nonlinearity, a Linear head).
A bare nn.LSTM / nn.GRU / nn.RNN outputs PyTorch's `output` (batch, steps, D * H_out); its input is fed
batch-first here (the weights do not depend on batch_first).

Also: dtype variants of one LSTM (float64, float16, bfloat16 storages; expected outputs from torch in float64 on the
rounded weights), strided views (a transposed view and a slice of a larger storage saved as they are), the legacy
non-zip torch.save format, a checkpoint dict around a state_dict, and bad inputs torch writes (a whole pickled
module, a state_dict without recurrent weights).
"""
import json
import os
import sys

import torch
import torch.nn as nn
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_num_threads(1)


class NestedLstm(nn.Module):
    """An LSTM inside a submodule and a Linear head on the last step: keys encoder.lstm.*, fc.*."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Module()
        self.encoder.lstm = nn.LSTM(3, 6, batch_first=True)
        self.fc = nn.Linear(6, 2)

    def forward(self, x):
        out, _ = self.encoder.lstm(x)
        return self.fc(out[:, -1])


class NestedBiGruEveryStep(nn.Module):
    """A bidirectional GRU and a Linear applied to every step of its output."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(2, 4, bidirectional=True, batch_first=True)
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out)


class NestedBiLstmFinalState(nn.Module):
    """Two bidirectional LSTM layers and a Linear on the last layer's final h of both directions."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)
        self.out = nn.Linear(8, 2)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.out(torch.cat([h[-2], h[-1]], 1))


class Bare(nn.Module):
    """A bare recurrent module, fed batch-first; returns PyTorch's `output`."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        out, _ = self.rnn(x.transpose(0, 1))
        return out.transpose(0, 1)


def bare(make):
    return lambda: make()


MODELS = [
    # name, constructor, (batch, steps, features), options, notes
    ("lstm_1layer", lambda: nn.LSTM(3, 5), (2, 6, 3), {}, "nn.LSTM(3, 5)"),
    ("lstm_2layer", lambda: nn.LSTM(3, 4, num_layers=2), (2, 5, 3), {}, "nn.LSTM(3, 4, num_layers=2)"),
    ("lstm_bidirectional", lambda: nn.LSTM(3, 4, bidirectional=True), (2, 6, 3), {},
     "nn.LSTM(3, 4, bidirectional=True)"),
    ("lstm_bidirectional_2layer", lambda: nn.LSTM(2, 3, num_layers=2, bidirectional=True), (3, 5, 2), {},
     "nn.LSTM(2, 3, num_layers=2, bidirectional=True): layer 1 reads both directions (2*3)"),
    ("lstm_proj", lambda: nn.LSTM(3, 6, proj_size=3), (2, 6, 3), {}, "nn.LSTM(3, 6, proj_size=3)"),
    ("lstm_proj_2layer_bidirectional", lambda: nn.LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2),
     (2, 5, 3), {}, "nn.LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2)"),
    ("lstm_no_bias", lambda: nn.LSTM(3, 4, bias=False), (2, 6, 3), {}, "nn.LSTM(3, 4, bias=False)"),
    ("gru_1layer", lambda: nn.GRU(3, 5), (2, 6, 3), {}, "nn.GRU(3, 5)"),
    ("gru_2layer_bidirectional", lambda: nn.GRU(3, 4, num_layers=2, bidirectional=True), (2, 5, 3), {},
     "nn.GRU(3, 4, num_layers=2, bidirectional=True)"),
    ("gru_no_bias", lambda: nn.GRU(2, 3, bias=False), (2, 5, 2), {}, "nn.GRU(2, 3, bias=False)"),
    ("rnn_tanh", lambda: nn.RNN(3, 5), (2, 7, 3), {}, "nn.RNN(3, 5) (tanh, the default)"),
    ("rnn_relu", lambda: nn.RNN(3, 5, nonlinearity="relu"), (2, 7, 3), {"nonlinearity": "relu"},
     "nn.RNN(3, 5, nonlinearity='relu'): a state_dict does not say relu; TorchScript does"),
    ("rnn_relu_2layer_bidirectional", lambda: nn.RNN(2, 4, num_layers=2, nonlinearity="relu", bidirectional=True),
     (2, 5, 2), {"nonlinearity": "relu"}, "nn.RNN(2, 4, num_layers=2, nonlinearity='relu', bidirectional=True)"),
    ("nested_lstm_last_step", NestedLstm, (3, 6, 3), {"head": "fc", "head_input": "last_step"},
     "NestedLstm: encoder.lstm = nn.LSTM(3, 6, batch_first=True), fc = nn.Linear(6, 2) on out[:, -1]"),
    ("nested_bigru_every_step", NestedBiGruEveryStep, (2, 5, 2), {"head": "head", "head_input": "every_step"},
     "NestedBiGruEveryStep: rnn = nn.GRU(2, 4, bidirectional=True, batch_first=True), head = nn.Linear(8, 3) on every"
     " step of out"),
    ("nested_bilstm_final_state", NestedBiLstmFinalState, (2, 6, 3), {"head": "out", "head_input": "final_state"},
     "NestedBiLstmFinalState: lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True), out = "
     "nn.Linear(8, 2) on cat(h_n[-2], h_n[-1])"),
]


def seeded_weights(module, seed):
    """N(0, 0.5) for every parameter (biases included, so both PyTorch biases matter)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.5)


def wrap(module):
    return module if not isinstance(module, nn.RNNBase) else Bare(module)


def forward(model, x):
    with torch.no_grad():
        return model(x)


def nested(t):
    return t.tolist()


def write(name, make, shape, options, notes, seed):
    torch.manual_seed(seed)
    module = make()
    seeded_weights(module, seed)
    module.eval()
    model = wrap(module)
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(1000 + seed))
    y32 = forward(model, x)
    model64 = wrap(make())
    model64.load_state_dict(model.state_dict())
    model64 = model64.double().eval()
    y64 = forward(model64, x.double())
    sd = module.state_dict()
    torch.save(sd, os.path.join(HERE, name + ".pt"))
    save_file({k: v.contiguous() for k, v in sd.items()}, os.path.join(HERE, name + ".safetensors"))
    torch.jit.save(torch.jit.script(module), os.path.join(HERE, name + ".ts.pt"))
    files = [name + ".pt", name + ".safetensors", name + ".ts.pt"]
    expected = {
        "name": name, "torch_version": torch.__version__, "module": notes, "options": options,
        # TorchScript archives state an nn.RNN's nonlinearity: they need no option for it
        "torchscript_options": {k: v for k, v in options.items() if k != "nonlinearity"},
        "files": files, "params": sum(p.numel() for p in module.parameters()),
        "input": nested(x.double()), "output_f32": nested(y32.double()), "output_f64": nested(y64),
    }
    # torch's autograd in float64: d sum_b y[b, (t,) k] / dx, for one output value (a middle step of a sequence, the
    # last feature: for a bidirectional module a reverse-direction unit)
    x64 = x.double().clone().requires_grad_(True)
    y = model64(x64)
    t = y.shape[1] // 2 if y.dim() == 3 else None
    k = y.shape[-1] - 1
    (y[:, t, k] if t is not None else y[:, k]).sum().backward()
    expected["gradient_target"] = {"timestep": t, "index": k}
    expected["input_gradient"] = nested(x64.grad)
    if name in ("lstm_1layer", "gru_1layer", "rnn_tanh", "lstm_proj"):
        # the tensors as torch holds them, for the views' tests (which block and which bias is shown where)
        expected["state_dict"] = {k: nested(v.double()) for k, v in sd.items()}
    with open(os.path.join(HERE, name + ".expected.json"), "w") as f:
        json.dump(expected, f)
    return module, model, x


def variants(module, x):
    """lstm_1layer's weights in other dtypes and layouts, each with torch's float64 output on exactly those values."""
    sd = module.state_dict()

    def expected(name, weights, files, notes):
        m = nn.LSTM(3, 5).double().eval()
        m.load_state_dict({k: v.double() for k, v in weights.items()})
        y = forward(Bare(m), x.double())
        with open(os.path.join(HERE, name + ".expected.json"), "w") as f:
            json.dump({"name": name, "torch_version": torch.__version__, "module": notes, "options": {},
                       "torchscript_options": {}, "files": files,
                       "params": sum(v.numel() for v in weights.values()), "input": nested(x.double()),
                       "output_f64": nested(y)}, f)

    f64 = {k: v.double() for k, v in sd.items()}
    torch.save(f64, os.path.join(HERE, "lstm_f64.pt"))
    save_file(f64, os.path.join(HERE, "lstm_f64.safetensors"))
    expected("lstm_f64", f64, ["lstm_f64.pt", "lstm_f64.safetensors"], "lstm_1layer's weights as float64")
    f16 = {k: v.half() for k, v in sd.items()}
    save_file(f16, os.path.join(HERE, "lstm_f16.safetensors"))
    torch.save(f16, os.path.join(HERE, "lstm_f16.pt"))
    expected("lstm_f16", f16, ["lstm_f16.pt", "lstm_f16.safetensors"], "lstm_1layer's weights rounded to float16")
    bf16 = {k: v.bfloat16() for k, v in sd.items()}
    torch.save(bf16, os.path.join(HERE, "lstm_bf16.pt"))
    save_file(bf16, os.path.join(HERE, "lstm_bf16.safetensors"))
    expected("lstm_bf16", bf16, ["lstm_bf16.pt", "lstm_bf16.safetensors"], "lstm_1layer's weights rounded to bfloat16")

    # views saved as views: weight_ih_l0 a transpose (strides (1, 20)), weight_hh_l0 rows of a larger storage
    # (offset 20), bias_hh_l0 every other element of a storage (stride 2)
    big_t = sd["weight_ih_l0"].t().contiguous()                    # (3, 20)
    bigger = torch.cat([torch.full((1, 5), 7.0), sd["weight_hh_l0"], torch.full((2, 5), -7.0)])
    spaced = torch.stack([sd["bias_hh_l0"], torch.full((20,), 9.0)], 1).reshape(-1)   # b0, 9, b1, 9, ...
    views = {"weight_ih_l0": big_t.t(), "weight_hh_l0": bigger[1:21], "bias_ih_l0": sd["bias_ih_l0"],
             "bias_hh_l0": spaced[0::2]}
    assert not views["weight_ih_l0"].is_contiguous() and views["weight_hh_l0"].storage_offset() == 5
    assert views["bias_hh_l0"].stride() == (2,)
    torch.save(views, os.path.join(HERE, "lstm_strided.pt"))
    expected("lstm_strided", sd, ["lstm_strided.pt"], "lstm_1layer's weights saved as strided views")

    # state_dict(keep_vars=True): nn.Parameters, pickled through torch._utils._rebuild_parameter
    torch.save(module.state_dict(keep_vars=True), os.path.join(HERE, "lstm_parameters.pt"))
    expected("lstm_parameters", sd, ["lstm_parameters.pt"], "lstm_1layer's state_dict(keep_vars=True): Parameters")

    torch.save(sd, os.path.join(HERE, "lstm_legacy.pt"), _use_new_zipfile_serialization=False)
    expected("lstm_legacy", sd, ["lstm_legacy.pt"], "lstm_1layer saved in the legacy (non-zip) torch.save format")

    opt = torch.optim.Adam(module.parameters())
    module(torch.randn(4, 2, 3))[0].sum().backward()
    opt.step()
    trained = {k: v.clone() for k, v in module.state_dict().items()}
    torch.save({"model": trained, "optimizer": opt.state_dict(), "epoch": 3},
               os.path.join(HERE, "lstm_checkpoint.pt"))
    expected("lstm_checkpoint", trained, ["lstm_checkpoint.pt"],
             "a checkpoint dict {'model': state_dict, 'optimizer': Adam's state_dict, 'epoch': 3} of lstm_1layer "
             "after one Adam step")


def bad_inputs():
    torch.manual_seed(7)
    torch.save(nn.LSTM(3, 4), os.path.join(HERE, "bad_whole_module.pt"))
    m = nn.Module()
    m.embed = nn.Embedding(10, 4)
    m.fc = nn.Linear(4, 2)
    torch.save(m.state_dict(), os.path.join(HERE, "bad_no_recurrent.pt"))


def main():
    modules = {}
    for seed, (name, make, shape, options, notes) in enumerate(MODELS, start=1):
        modules[name] = write(name, make, shape, options, notes, seed)
    module, _, x = modules["lstm_1layer"]
    variants(module, x)
    bad_inputs()
    print("torch", torch.__version__, "wrote", len(os.listdir(HERE)), "files", file=sys.stderr)


if __name__ == "__main__":
    main()
