"""Writes the opt_*.onnx fixtures of dsl/src/test/data/compare: ONNX recurrent nodes that share W, R and B and differ
in one option only (peepholes P, clip, input_forget, the LSTM's output activation, an activation's alpha), built with
onnx.helper, with the outputs onnxruntime computes for each, for lstm.compare's tests.

    /work/venv-fx/bin/python dsl/src/test/data/compare/make_option_twins.py

opt_NAME.onnx holds one node (X [seq 6, batch 2, 3 features] -> Y, Y_h (, Y_c), hidden_size 4, opset 22). A file
named *_again is the same network written another way (initializers in the typed float_data field instead of
raw_data), so its bytes differ and its network does not. opt_pairs.json lists every pair the tests compare: which
option differs ("" for none), and the largest |Y_a - Y_b| onnxruntime found on the shared input X (0 where the
option does not bite on it, e.g. a clip of 1000), which says whether the runs must part.
"""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20261208)
SEQ, BATCH, IN, HID = 6, 2, 3, 4
X = RNG.uniform(-1, 1, size=(SEQ, BATCH, IN)).astype(np.float32)


def rand(*shape, scale=0.6):
    return RNG.uniform(-scale, scale, size=shape).astype(np.float32)


WEIGHTS = {}
for op, gates in (("LSTM", 4), ("GRU", 3), ("RNN", 1)):
    WEIGHTS[op] = {"W": rand(1, gates * HID, IN), "R": rand(1, gates * HID, HID), "B": rand(1, 2 * gates * HID)}
P = rand(1, 3 * HID, scale=0.9)
P_OTHER = rand(1, 3 * HID, scale=0.9)


def tensor(name, a, typed):
    a = np.asarray(a, dtype=np.float32)
    if typed:  # float_data, not raw_data: other bytes, the same values
        return helper.make_tensor(name, TensorProto.FLOAT, a.shape, a.reshape(-1).tolist(), raw=False)
    return numpy_helper.from_array(a, name)


def model(name, op, attrs, p=None, typed=False):
    w = WEIGHTS[op]
    inits = [tensor(k, w[k], typed) for k in ("W", "R", "B")]
    ins = ["X", "W", "R", "B"]
    if p is not None:
        inits.append(tensor("P", p, typed))
        ins += ["", "", "", "P"]
    outs = ["Y", "Y_h"] + (["Y_c"] if op == "LSTM" else [])
    node = helper.make_node(op, ins, outs, name=op.lower(), hidden_size=HID, **attrs)
    state = [1, BATCH, HID]
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("X", TensorProto.FLOAT, [SEQ, BATCH, IN])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [SEQ, 1, BATCH, HID])]
        + [helper.make_tensor_value_info(o, TensorProto.FLOAT, state) for o in outs[1:]], initializer=inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 22)], producer_name="make_option_twins")
    m.ir_version = 10
    onnx.checker.check_model(m)
    onnx.save_model(m, os.path.join(HERE, "opt_" + name + ".onnx"))
    sess = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    y = sess.run(["Y"], {"X": X})[0]
    return y


def main():
    ys = {}
    cases = [
        ("lstm", "LSTM", {}, None),
        ("lstm_again", "LSTM", {}, None),
        ("lstm_peepholes", "LSTM", {}, P),
        ("lstm_peepholes_again", "LSTM", {}, P),
        ("lstm_peepholes_other", "LSTM", {}, P_OTHER),
        ("lstm_clip", "LSTM", {"clip": 0.5}, None),
        ("lstm_clip_again", "LSTM", {"clip": 0.5}, None),
        ("lstm_clip_wide", "LSTM", {"clip": 1000.0}, None),
        ("lstm_input_forget", "LSTM", {"input_forget": 1}, None),
        ("lstm_output_relu", "LSTM", {"activations": ["Sigmoid", "Tanh", "Relu"]}, None),
        ("lstm_scaled_tanh", "LSTM", {"activations": ["Sigmoid", "ScaledTanh", "Tanh"],
                                      "activation_alpha": [1.1], "activation_beta": [0.9]}, None),
        ("lstm_scaled_tanh_beta", "LSTM", {"activations": ["Sigmoid", "ScaledTanh", "Tanh"],
                                           "activation_alpha": [1.1], "activation_beta": [0.7]}, None),
        ("gru", "GRU", {"linear_before_reset": 1}, None),
        ("gru_clip", "GRU", {"linear_before_reset": 1, "clip": 0.5}, None),
        ("gru_hard_sigmoid", "GRU", {"linear_before_reset": 1, "activations": ["HardSigmoid", "Tanh"],
                                     "activation_alpha": [0.2], "activation_beta": [0.5]}, None),
        ("gru_hard_sigmoid_alpha", "GRU", {"linear_before_reset": 1, "activations": ["HardSigmoid", "Tanh"],
                                           "activation_alpha": [0.25], "activation_beta": [0.5]}, None),
        ("rnn", "RNN", {}, None),
        ("rnn_clip", "RNN", {"clip": 0.5}, None),
    ]
    for name, op, attrs, p in cases:
        ys[name] = model(name, op, attrs, p, typed=name.endswith("_again"))
    pairs = [
        ("lstm", "lstm_again", ""), ("lstm_peepholes", "lstm_peepholes_again", ""),
        ("lstm_clip", "lstm_clip_again", ""),
        ("lstm", "lstm_peepholes", "peepholes"), ("lstm_peepholes", "lstm_peepholes_other", "peepholes"),
        ("lstm", "lstm_clip", "clip"), ("lstm", "lstm_clip_wide", "clip"), ("lstm_clip", "lstm_clip_wide", "clip"),
        ("lstm", "lstm_input_forget", "input_forget"), ("lstm", "lstm_output_relu", "activation"),
        ("lstm_scaled_tanh", "lstm_scaled_tanh_beta", "activation"),
        ("gru", "gru_clip", "clip"), ("gru_hard_sigmoid", "gru_hard_sigmoid_alpha", "activation"),
        ("rnn", "rnn_clip", "clip"),
    ]
    doc = {
        "writer": "onnx %s, onnxruntime %s (CPUExecutionProvider), numpy %s" % (onnx.__version__, ort.__version__,
                                                                                np.__version__),
        "input": {"shape": list(X.shape), "data": [float(v) for v in X.reshape(-1)]},
        "outputs": {k: {"shape": list(v.shape), "data": [float(t) for t in v.reshape(-1)]} for k, v in ys.items()},
        "pairs": [{"a": "opt_" + a + ".onnx", "b": "opt_" + b + ".onnx", "differs_in": d,
                   "largest_y_difference": float(np.max(np.abs(ys[a].astype(np.float64) - ys[b])))}
                  for a, b, d in pairs],
    }
    with open(os.path.join(HERE, "opt_pairs.json"), "w") as f:
        json.dump(doc, f, indent=1)
    for p in doc["pairs"]:
        print(p["a"], p["b"], p["differs_in"] or "same", p["largest_y_difference"])


if __name__ == "__main__":
    main()
