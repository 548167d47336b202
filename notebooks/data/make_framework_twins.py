"""Write the PyTorch and ONNX twins of two trained notebook models, for notebook 08 (across frameworks).

Run from the repository root with the venv of dsl/src/test/data/compare/requirements.txt (keras 3 + jax, torch,
onnx, onnxruntime):

    /work/venv-fx/bin/python notebooks/data/make_framework_twins.py          # a few seconds

It reads lag5.keras (LSTM(8) -> Dense(1)) and gru_lag3.keras (GRU(8), reset_after=True -> Dense(1)), trained by
make_models.py and make_gru_models.py, and writes, with the hand mapping of dsl/src/test/data/compare/
make_compare_fixtures.py (imported, so there is one mapping):

- NAME.pt: torch.save of the state_dict of a module with `rnn` (nn.LSTM / nn.GRU, batch_first) and `head`
  (nn.Linear) holding the same weights: keys rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0,
  head.weight, head.bias. The LSTM's one Keras bias is split into bias_ih = b - r and bias_hh = r (r seeded), as a
  PyTorch model holds two; the GRU's two Keras bias rows are its bias_ih and bias_hh in PyTorch's order r, z, n.
- NAME.onnx: the LSTM / GRU operator, then the head on the last step (Gather, Squeeze, MatMul, Add).
- framework_twins.expected.json: per model the arrays as the files hold them (read back from the .pt with torch.load
  and from the .onnx with onnx.load), PyTorch's parameter count, and the three frameworks' outputs on the model's
  stored input: Keras's predict (from NAME.expected.json), torch's forward, onnxruntime's run. The script stops if
  torch or onnxruntime differ from Keras by more than 2e-5.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "dsl", "src", "test", "data", "compare"))

import make_compare_fixtures as fx  # noqa: E402  (sets the Keras backend before keras is imported)
import keras  # noqa: E402
import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime  # noqa: E402
import torch  # noqa: E402
from onnx import numpy_helper  # noqa: E402

SEED = 20261208
MODELS = {"lag5": "lstm", "gru_lag3": "gru"}


class Twin(torch.nn.Module):
    """The recurrent module and a Linear head on its last output, as a PyTorch user writes the same model."""

    def __init__(self, rnn, head):
        super().__init__()
        self.rnn = rnn
        self.head = head

    def forward(self, x):
        return self.head(self.rnn(x)[0][:, -1])


def twins(name, layer_name, rng):
    record = json.load(open(os.path.join(HERE, name + ".expected.json")))
    model = keras.models.load_model(os.path.join(HERE, name + ".keras"))
    layer = model.get_layer(layer_name)
    kind = "LSTM" if layer_name == "lstm" else "GRU"
    weights = [np.asarray(a, np.float32) for a in layer.get_weights()]
    if kind == "GRU":
        direction = fx.Direction(kind, weights[0], weights[1], weights[2][0], weights[2][1])
    else:
        direction = fx.Direction(kind, weights[0], weights[1], weights[2])
    net = fx.Net([(layer_name, [direction])])
    features = weights[0].shape[0]
    kernel, bias = [np.asarray(a, np.float32) for a in model.get_layer("dense").get_weights()]
    rnn, biases = fx.torch_twin(net, features, rng)
    head = torch.nn.Linear(kernel.shape[0], kernel.shape[1])
    head.load_state_dict({"weight": torch.from_numpy(kernel.T.copy()), "bias": torch.from_numpy(bias)})
    module = Twin(rnn, head)
    torch.save(module.state_dict(), os.path.join(HERE, name + ".pt"))
    x = np.asarray(record["input"], np.float32)
    keras_out = np.asarray(record["expected_output"], np.float64)
    with torch.no_grad():
        torch_out = module(torch.from_numpy(x)).numpy()
    proto = fx.onnx_twin(name, net, features, biases, steps=x.shape[1], batch=x.shape[0], head=(kernel, bias))
    onnx.save(proto, os.path.join(HERE, name + ".onnx"))
    session = onnxruntime.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
    onnx_out = session.run(["output"], {"X": np.ascontiguousarray(np.transpose(x, (1, 0, 2)))})[0]
    stored = torch.load(os.path.join(HERE, name + ".pt"), weights_only=True)
    graph = onnx.load(os.path.join(HERE, name + ".onnx")).graph
    onnx_arrays = {i.name: numpy_helper.to_array(i) for i in graph.initializer if i.name.startswith(layer_name)}
    return {
        "kind": kind, "keras_file": name + ".keras", "torch_file": name + ".pt", "onnx_file": name + ".onnx",
        "torch_state_dict": {k: fx.floats(v.numpy()) for k, v in stored.items()},
        "torch_params": int(sum(p.numel() for p in rnn.parameters())),
        "onnx_initializers": {k: fx.floats(v) for k, v in onnx_arrays.items()},
        "input": record["input"], "keras_predict": keras_out.tolist(),
        "torch_forward": fx.floats(torch_out), "onnxruntime": fx.floats(onnx_out),
        "torch_vs_keras": fx.require_close(name + ".pt: torch forward", torch_out, keras_out),
        "onnxruntime_vs_keras": fx.require_close(name + ".onnx: onnxruntime", onnx_out, keras_out),
    }


def main():
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    out = {"versions": fx.versions()}
    for name, layer_name in MODELS.items():
        out[name] = twins(name, layer_name, rng)
        print(f"{name}: torch {out[name]['torch_vs_keras']:.3g}, onnxruntime {out[name]['onnxruntime_vs_keras']:.3g}"
              " from Keras's predict")
    with open(os.path.join(HERE, "framework_twins.expected.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
