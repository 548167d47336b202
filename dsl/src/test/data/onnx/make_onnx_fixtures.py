"""Writes the ONNX fixtures of dsl/src/test/data/onnx and the outputs onnxruntime computes for them.

Run from this folder with the fixture venv (torch 2.13 CPU, onnx, onnxruntime, onnxscript):

    /work/venv-fx/bin/python make_onnx_fixtures.py            # every fixture below, into this folder
    /work/venv-fx/bin/python make_onnx_fixtures.py --big DIR  # a ~100 MB LSTM for the load-time figure (not committed)

(a) models built with onnx.helper: the LSTM, GRU and RNN operators with every attribute, one with its weights in an
    external data file, two small graphs of the non-recurrent ops exporters write (one in opset 11, where Squeeze and
    Unsqueeze take their axes as attributes, one in opset 17, where they take them as inputs), one graph without a
    recurrent node and one with an operator LSTM Lens does not run;
(b) torch.onnx.export of an nn.LSTM (2 layers, batch_first) + Linear head and of a bidirectional nn.GRU, each with the
    exporter torch 2.13 runs by default (dynamo) and with the TorchScript one (dynamo=False), whose graphs differ.

Beside each NAME.onnx, NAME.json holds the inputs fed (fixed, from a seeded generator) and every output onnxruntime
computed for them (Y, Y_h, Y_c ...), float32 values written exactly (as float64 repr), with each tensor's shape.
Weights are drawn from a seeded generator, asymmetric, so a wrong gate order, a swapped bias or a flipped direction
changes the outputs.
"""
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20261207)
SEQ, BATCH, IN, HID = 5, 3, 3, 4


def rand(*shape, scale=0.6):
    return (RNG.uniform(-scale, scale, size=shape)).astype(np.float32)


def tensor_json(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "dtype": str(a.dtype), "data": [float(v) for v in a.reshape(-1)]}


def save(name, model, feeds, out_dir=HERE, external=False, twin=None):
    """Writes NAME.onnx and NAME.json with onnxruntime's outputs. onnxruntime's CPU kernels refuse layout=1
    ("Batchwise recurrent operations (layout == 1) are not supported"): for such a model, twin = (the same node with
    layout=0, its feeds, a map from each twin output to this model's output) is run instead, its outputs arranged
    as the operator's definition of layout=1 says (X [batch, seq, in], Y [batch, seq, dirs, hidden], states
    [batch, dirs, hidden])."""
    onnx.checker.check_model(model)
    path = os.path.join(out_dir, name + ".onnx")
    if external:
        data = os.path.join(out_dir, name + ".weights")
        if os.path.exists(data):  # onnx refuses to overwrite external data
            os.remove(data)
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=name + ".weights", size_threshold=0)
    else:
        onnx.save_model(model, path)
    if twin is None:
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        names = [o.name for o in sess.get_outputs()]
        outs = sess.run(names, feeds)
        how = "onnxruntime %s (CPUExecutionProvider)" % ort.__version__
    else:
        twin_model, twin_feeds, arrange = twin
        sess = ort.InferenceSession(twin_model.SerializeToString(), providers=["CPUExecutionProvider"])
        names = [o.name for o in sess.get_outputs()]
        outs = [arrange[k](v) for k, v in zip(names, sess.run(names, twin_feeds))]
        how = ("onnxruntime %s (CPUExecutionProvider) on the layout=0 twin of this node (same weights), outputs "
               "transposed to layout=1" % ort.__version__)
    doc = {
        "model": name + ".onnx",
        "writer": "onnx %s; outputs: %s" % (onnx.__version__, how),
        "inputs": {k: tensor_json(v) for k, v in feeds.items()},
        "outputs": {k: tensor_json(v) for k, v in zip(names, outs)},
    }
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(name, {k: list(v.shape) for k, v in zip(names, outs)})


def init(name, a):
    return numpy_helper.from_array(np.asarray(a), name)


def recurrent_model(name, op, gates, attrs, direction="forward", layout=0, opset=22, with_b=True,
                    seq_lens=None, seq_lens_input=False, initial_h=False, initial_c=False, peepholes=False,
                    scale=0.6, hid=HID, outputs=("Y", "Y_h", "Y_c")):
    """One recurrent node between the graph's input X and its outputs; weights as initializers."""
    dirs = 2 if direction == "bidirectional" else 1
    x_shape = [SEQ, BATCH, IN] if layout == 0 else [BATCH, SEQ, IN]
    state_shape = [dirs, BATCH, hid] if layout == 0 else [BATCH, dirs, hid]
    inits = [init("W", rand(dirs, gates * hid, IN, scale=scale)), init("R", rand(dirs, gates * hid, hid, scale=scale))]
    ins = ["X", "W", "R"]
    graph_inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, x_shape)]
    feeds = {"X": rand(*x_shape, scale=1.0)}
    optional = []
    if with_b:
        inits.append(init("B", rand(dirs, 2 * gates * hid, scale=scale)))
        optional.append("B")
    else:
        optional.append("")
    if seq_lens is not None:
        lens = np.array(seq_lens, dtype=np.int32)
        if seq_lens_input:
            graph_inputs.append(helper.make_tensor_value_info("sequence_lens", TensorProto.INT32, [BATCH]))
            feeds["sequence_lens"] = lens
        else:
            inits.append(init("sequence_lens", lens))
        optional.append("sequence_lens")
    else:
        optional.append("")
    if initial_h:
        inits.append(init("initial_h", rand(*state_shape, scale=0.5)))
    optional.append("initial_h" if initial_h else "")
    if op == "LSTM":
        if initial_c:
            inits.append(init("initial_c", rand(*state_shape, scale=0.8)))
        optional.append("initial_c" if initial_c else "")
        if peepholes:
            inits.append(init("P", rand(dirs, 3 * hid, scale=0.9)))
        optional.append("P" if peepholes else "")
    while optional and optional[-1] == "":
        optional.pop()
    ins += optional
    outs = [o for o in outputs if o != "Y_c" or op == "LSTM"]
    node = helper.make_node(op, ins, outs, name=name + "_node", hidden_size=hid, direction=direction, **attrs)
    if layout:
        node.attribute.append(helper.make_attribute("layout", layout))
    y_shape = [SEQ, dirs, BATCH, hid] if layout == 0 else [BATCH, SEQ, dirs, hid]
    graph_outputs = [helper.make_tensor_value_info("Y", TensorProto.FLOAT, y_shape)]
    for o in outs[1:]:
        graph_outputs.append(helper.make_tensor_value_info(o, TensorProto.FLOAT, state_shape))
    graph = helper.make_graph([node], name, graph_inputs, graph_outputs, initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_onnx_fixtures")
    model.ir_version = 10
    return model, feeds, (layout_twin(model, feeds) if layout else None)


def layout_twin(model, feeds):
    """The layout=0 twin of a one-node layout=1 model: X, initial_h, initial_c transposed; outputs transposed back."""
    twin = onnx.ModelProto()
    twin.CopyFrom(model)
    graph = twin.graph
    node = graph.node[0]
    for a in list(node.attribute):
        if a.name == "layout":
            node.attribute.remove(a)
    state = (1, 0, 2)
    for t in graph.initializer:
        if t.name in ("initial_h", "initial_c"):
            t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t).transpose(state), t.name))
    for v in list(graph.input) + list(graph.output):
        v.type.tensor_type.ClearField("shape")
    twin_feeds = dict(feeds)
    twin_feeds["X"] = feeds["X"].transpose(1, 0, 2)
    arrange = {"Y": lambda y: y.transpose(2, 0, 1, 3), "Y_h": lambda h: h.transpose(state),
               "Y_c": lambda c: c.transpose(state)}
    return twin, twin_feeds, arrange


def helper_fixtures():
    cases = [
        ("lstm_forward", "LSTM", 4, {}, dict()),
        ("lstm_reverse", "LSTM", 4, {}, dict(direction="reverse", initial_h=True, initial_c=True)),
        ("lstm_bidirectional", "LSTM", 4, {}, dict(direction="bidirectional", initial_h=True, initial_c=True)),
        ("lstm_peepholes", "LSTM", 4, {}, dict(direction="bidirectional", peepholes=True, initial_c=True)),
        ("lstm_clip", "LSTM", 4, {"clip": 0.7}, dict(scale=1.5)),
        ("lstm_input_forget", "LSTM", 4, {"input_forget": 1}, dict(initial_c=True)),
        ("lstm_activations", "LSTM", 4,
         {"activations": ["HardSigmoid", "ScaledTanh", "Softsign", "Affine", "LeakyRelu", "Elu"],
          "activation_alpha": [0.3, 1.2, 0.7, 0.05, 0.9], "activation_beta": [0.6, 0.8, -0.1]},
         dict(direction="bidirectional")),
        ("lstm_activations_more", "LSTM", 4,
         {"activations": ["Sigmoid", "ThresholdedRelu", "Softplus"], "activation_alpha": [0.2]},
         dict()),
        ("lstm_layout1", "LSTM", 4, {}, dict(direction="bidirectional", layout=1, initial_h=True, initial_c=True)),
        ("lstm_seq_lens", "LSTM", 4, {}, dict(direction="bidirectional", seq_lens=[5, 2, 4], seq_lens_input=True,
                                              initial_h=True, initial_c=True)),
        ("lstm_seq_lens_layout1", "LSTM", 4, {}, dict(direction="reverse", layout=1, seq_lens=[3, 5, 1])),
        ("lstm_no_bias", "LSTM", 4, {}, dict(with_b=False)),
        ("gru_lbr0", "GRU", 3, {"linear_before_reset": 0}, dict(direction="bidirectional", initial_h=True)),
        ("gru_lbr1", "GRU", 3, {"linear_before_reset": 1}, dict(direction="bidirectional", initial_h=True)),
        ("gru_lbr1_seq_lens_clip", "GRU", 3, {"linear_before_reset": 1, "clip": 0.8},
         dict(direction="reverse", seq_lens=[4, 5, 2], scale=1.5)),
        ("gru_activations", "GRU", 3,
         {"activations": ["HardSigmoid", "Tanh"], "activation_alpha": [0.25], "activation_beta": [0.55]}, dict()),
        ("rnn_tanh", "RNN", 1, {}, dict(direction="bidirectional", initial_h=True)),
        ("rnn_relu", "RNN", 1, {"activations": ["Relu"]}, dict(direction="reverse", seq_lens=[2, 5, 3])),
        ("rnn_clip", "RNN", 1, {"clip": 0.5, "activations": ["Tanh"]}, dict(scale=1.5)),
        # no alpha/beta given: onnxruntime's defaults (LeakyRelu 0.01, Elu 1.0, HardSigmoid 0.2 and 0.5)
        ("lstm_activation_defaults", "LSTM", 4, {"activations": ["HardSigmoid", "LeakyRelu", "Elu"]}, dict()),
    ]
    for name, op, gates, attrs, kw in cases:
        model, feeds, twin = recurrent_model(name, op, gates, attrs, **kw)
        save(name, model, feeds, twin=twin)
    model, feeds, _ = recurrent_model("lstm_external", "LSTM", 4, {}, direction="bidirectional", initial_h=True,
                                   initial_c=True)
    save("lstm_external", model, feeds, external=True)


def graph_old_opset():
    """Opset 11: Squeeze/Unsqueeze with axes attributes; LSTM -> Squeeze -> Slice (last step) -> MatMul + Add ->
    Tanh -> Gemm -> Softmax, a Gather and a Concat, a Reshape fed by Shape/Constant, Identity, Sigmoid, Relu."""
    n = helper.make_node
    w1, b1 = rand(HID, 6), rand(6)
    w2, b2 = rand(3, 6), rand(3)
    nodes = [
        n("Transpose", ["x"], ["x_t"], name="to_seq_major", perm=[1, 0, 2]),
        n("LSTM", ["x_t", "W", "R", "B"], ["y", "y_h", "y_c"], name="lstm", hidden_size=HID),
        n("Squeeze", ["y"], ["y_sq"], name="squeeze_dirs", axes=[1]),
        n("Slice", ["y_sq", "starts", "ends", "axes"], ["last"], name="last_step"),
        n("Squeeze", ["last"], ["last_sq"], name="squeeze_step", axes=[0]),
        n("MatMul", ["last_sq", "w1"], ["mm"], name="dense_matmul"),
        n("Add", ["mm", "b1"], ["dense"], name="dense_add"),
        n("Tanh", ["dense"], ["dense_tanh"], name="tanh"),
        n("Gemm", ["dense_tanh", "w2", "b2"], ["logits"], name="head", transB=1, alpha=0.9, beta=1.1),
        n("Softmax", ["logits"], ["probs"], name="softmax", axis=1),
        n("Squeeze", ["y_h"], ["h_last"], name="squeeze_h", axes=[0]),
        n("Relu", ["h_last"], ["h_relu"], name="relu"),
        n("Sigmoid", ["y_c"], ["c_sig"], name="sigmoid"),
        n("Shape", ["c_sig"], ["c_shape"], name="shape"),
        n("Gather", ["c_shape", "batch_axis"], ["batch"], name="gather_batch", axis=0),
        n("Unsqueeze", ["batch"], ["batch_1"], name="unsqueeze_batch", axes=[0]),
        n("Concat", ["batch_1", "minus_one"], ["flat_shape"], name="concat_shape", axis=0),
        n("Reshape", ["c_sig", "flat_shape"], ["c_flat"], name="reshape_c"),
        n("Concat", ["h_relu", "c_flat"], ["state"], name="concat_state", axis=1),
        n("Identity", ["state"], ["state_out"], name="identity"),
        n("Gather", ["y_sq", "step_ids"], ["picked"], name="gather_steps", axis=0),
    ]
    inits = [init("W", rand(1, 4 * HID, IN)), init("R", rand(1, 4 * HID, HID)), init("B", rand(1, 8 * HID)),
             init("starts", np.array([-1], np.int64)), init("ends", np.array([2 ** 62], np.int64)),
             init("axes", np.array([0], np.int64)), init("w1", w1), init("b1", b1), init("w2", w2), init("b2", b2),
             init("batch_axis", np.array(1, np.int64)), init("minus_one", np.array([-1], np.int64)),
             init("step_ids", np.array([[0, 4], [2, 2]], np.int64))]
    graph = helper.make_graph(nodes, "graph_opset11",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [BATCH, SEQ, IN])],
                              [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [BATCH, 3]),
                               helper.make_tensor_value_info("state_out", TensorProto.FLOAT, [BATCH, 2 * HID]),
                               helper.make_tensor_value_info("picked", TensorProto.FLOAT, [2, 2, BATCH, HID])],
                              initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)], producer_name="make_onnx_fixtures")
    model.ir_version = 6
    save("graph_opset11", model, {"x": rand(BATCH, SEQ, IN, scale=1.0)})


def graph_new_opset():
    """Opset 17: Squeeze/Unsqueeze with axes inputs, Constant nodes (tensor and value_ints), a GRU whose initial_h is
    built at run time (Shape -> Gather -> Unsqueeze -> Concat -> ConstantOfShape/Expand), Slice with steps, Flatten."""
    n = helper.make_node
    nodes = [
        n("Constant", [], ["perm_axes"], name="const_axes", value_ints=[1]),
        n("Constant", [], ["zero_state"], name="const_zero",
          value=numpy_helper.from_array(np.zeros((2, 1, HID), np.float32))),
        n("Shape", ["x"], ["x_shape"], name="shape_x"),
        n("Gather", ["x_shape", "one"], ["batch"], name="gather_batch", axis=0),
        n("Unsqueeze", ["batch", "axis0"], ["batch_1"], name="unsqueeze_batch"),
        n("Concat", ["two", "batch_1", "hid"], ["h0_shape"], name="concat_h0", axis=0),
        n("Expand", ["zero_state", "h0_shape"], ["h0"], name="expand_h0"),
        n("GRU", ["x", "W", "R", "B", "", "h0"], ["y", "y_h"], name="gru", hidden_size=HID,
          direction="bidirectional", linear_before_reset=1),
        n("Transpose", ["y"], ["y_bt"], name="batch_major", perm=[2, 0, 1, 3]),
        n("Slice", ["y_bt", "s_start", "s_end", "s_axes", "s_steps"], ["y_odd"], name="every_other_step"),
        n("Flatten", ["y_odd"], ["flat"], name="flatten", axis=1),
        n("Identity", ["y_h"], ["h_id"], name="identity_h"),
        n("Unsqueeze", ["flat", "perm_axes"], ["flat_1"], name="unsqueeze_flat"),
        n("Squeeze", ["flat_1", "perm_axes"], ["flat_back"], name="squeeze_flat"),
        n("Sub", ["flat_back", "mean"], ["centred"], name="sub"),
        n("Mul", ["centred", "scale"], ["scaled"], name="mul"),
        n("Div", ["scaled", "two_f"], ["halved"], name="div"),
        n("Softmax", ["halved"], ["probs"], name="softmax", axis=-1),
    ]
    flat = 3 * 2 * HID  # steps 0, 2, 4 of 5, two directions
    inits = [init("W", rand(2, 3 * HID, IN)), init("R", rand(2, 3 * HID, HID)), init("B", rand(2, 6 * HID)),
             init("one", np.array(1, np.int64)), init("axis0", np.array([0], np.int64)),
             init("two", np.array([2], np.int64)), init("hid", np.array([HID], np.int64)),
             init("s_start", np.array([0], np.int64)), init("s_end", np.array([SEQ], np.int64)),
             init("s_axes", np.array([1], np.int64)), init("s_steps", np.array([2], np.int64)),
             init("mean", rand(flat)), init("scale", rand(flat, scale=2.0)), init("two_f", np.array(2.0, np.float32))]
    graph = helper.make_graph(nodes, "graph_opset17",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [SEQ, "batch", IN])],
                              [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", flat]),
                               helper.make_tensor_value_info("h_id", TensorProto.FLOAT, [2, "batch", HID])],
                              initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_onnx_fixtures")
    model.ir_version = 8
    save("graph_opset17", model, {"x": rand(SEQ, BATCH, IN, scale=1.0)})


def graph_opset9():
    """Opset 9: Slice with starts/ends/axes as attributes (inputs from opset 10), Squeeze with axes attributes."""
    n = helper.make_node
    nodes = [
        n("Transpose", ["x"], ["x_t"], name="to_seq_major", perm=[1, 0, 2]),
        n("LSTM", ["x_t", "W", "R", "B"], ["y"], name="lstm", hidden_size=HID, direction="reverse"),
        n("Squeeze", ["y"], ["y_sq"], name="squeeze_dirs", axes=[1]),
        n("Slice", ["y_sq"], ["first"], name="first_step", starts=[0], ends=[1], axes=[0]),
        n("Squeeze", ["first"], ["first_sq"], name="squeeze_step", axes=[0]),
        n("Gemm", ["first_sq", "w", "b"], ["logit"], name="head", transB=1),
        n("Sigmoid", ["logit"], ["p"], name="sigmoid"),
    ]
    inits = [init("W", rand(1, 4 * HID, IN)), init("R", rand(1, 4 * HID, HID)), init("B", rand(1, 8 * HID)),
             init("w", rand(1, HID)), init("b", rand(1))]
    graph = helper.make_graph(nodes, "graph_opset9",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [BATCH, SEQ, IN])],
                              [helper.make_tensor_value_info("p", TensorProto.FLOAT, [BATCH, 1])], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 9)], producer_name="make_onnx_fixtures")
    model.ir_version = 4
    save("graph_opset9", model, {"x": rand(BATCH, SEQ, IN, scale=1.0)})


def bad_fixtures():
    """A graph without a recurrent node, and one whose LSTM feeds an operator LSTM Lens does not run (Erf)."""
    n = helper.make_node
    graph = helper.make_graph(
        [n("MatMul", ["x", "w"], ["xw"], name="matmul"), n("Relu", ["xw"], ["out"], name="relu")],
        "no_recurrent", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [2, 4])], initializer=[init("w", rand(3, 4))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    save("no_recurrent", model, {"x": rand(2, 3)})
    nodes = [n("Erf", ["x"], ["x_erf"], name="erf_in"),
             n("LSTM", ["x_erf", "W", "R", "B"], ["y", "y_h"], name="lstm", hidden_size=HID),
             n("Squeeze", ["y_h", "axes"], ["h"], name="squeeze"),
             n("Erf", ["h"], ["out"], name="erf_out"),
             n("Relu", ["out"], ["out_relu"], name="relu_after_erf")]
    graph = helper.make_graph(nodes, "unsupported_op", [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                                       [SEQ, BATCH, IN])],
                              [helper.make_tensor_value_info("out_relu", TensorProto.FLOAT, [BATCH, HID]),
                               helper.make_tensor_value_info("y", TensorProto.FLOAT, [SEQ, 1, BATCH, HID])],
                              initializer=[init("W", rand(1, 4 * HID, IN)), init("R", rand(1, 4 * HID, HID)),
                                           init("B", rand(1, 8 * HID)), init("axes", np.array([0], np.int64))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    x = rand(SEQ, BATCH, IN, scale=1.0)
    save("unsupported_op", model, {"x": x})
    # what the LSTM alone computes on erf(x), the input it then takes as a graph input of its own
    alone = helper.make_graph([nodes[1]], "lstm_alone", [helper.make_tensor_value_info("x_erf", TensorProto.FLOAT,
                                                                                       [SEQ, BATCH, IN])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [SEQ, 1, BATCH, HID]),
                               helper.make_tensor_value_info("y_h", TensorProto.FLOAT, [1, BATCH, HID])],
                              initializer=list(graph.initializer)[:3])
    model = helper.make_model(alone, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    erf = np.vectorize(__import__("math").erf)
    save("unsupported_op_lstm_alone", model, {"x_erf": erf(x.astype(np.float64)).astype(np.float32)})


def torch_fixtures():
    import warnings
    import torch

    warnings.simplefilter("ignore")
    torch.manual_seed(13)

    class LstmHead(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.LSTM(IN, HID, num_layers=2, batch_first=True)
            self.fc = torch.nn.Linear(HID, 2)

        def forward(self, x):
            y, _ = self.lstm(x)
            return self.fc(y[:, -1])

    class BiGru(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = torch.nn.GRU(IN, HID, bidirectional=True)

        def forward(self, x):
            return self.gru(x)

    x_bf = torch.from_numpy(rand(BATCH, SEQ, IN, scale=1.0))
    x_sf = torch.from_numpy(rand(SEQ, BATCH, IN, scale=1.0))
    for module, x, name in ((LstmHead().eval(), x_bf, "torch_lstm_head"), (BiGru().eval(), x_sf, "torch_gru_bi")):
        for dynamo, suffix in ((True, "_dynamo"), (False, "_torchscript")):
            path = os.path.join(HERE, name + suffix + ".onnx")
            kwargs = {} if dynamo else {"input_names": ["x"]}
            torch.onnx.export(module, (x,), path, dynamo=dynamo, **kwargs)
            model = onnx.load(path)
            feeds = {model.graph.input[0].name: x.numpy()}
            save(name + suffix, model, feeds)
            with torch.no_grad():
                ref = module(x)
            ref = ref if isinstance(ref, tuple) else (ref,)
            sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
            got = sess.run(None, feeds)
            # the export is faithful: onnxruntime agrees with torch's own forward
            assert all(np.abs(g - r.numpy()).max() < 1e-5 for g, r in zip(got, ref)), name


def big_model(out_dir):
    """An LSTM of ~100 MB (hidden 1768 on 1768 features: 8 * 1768^2 floats + biases), weights as initializers."""
    hid = inp = 1768
    rng = np.random.default_rng(1)
    w = (rng.standard_normal((1, 4 * hid, inp), dtype=np.float32) * 0.02)
    r = (rng.standard_normal((1, 4 * hid, hid), dtype=np.float32) * 0.02)
    b = (rng.standard_normal((1, 8 * hid), dtype=np.float32) * 0.02)
    node = helper.make_node("LSTM", ["X", "W", "R", "B"], ["Y", "Y_h", "Y_c"], name="big_lstm", hidden_size=hid)
    graph = helper.make_graph([node], "big", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [2, 1, inp])],
                              [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [2, 1, 1, hid])],
                              initializer=[init("W", w), init("R", r), init("B", b)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    path = os.path.join(out_dir, "lstm_100mb.onnx")
    onnx.save_model(model, path)
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--big":
        big_model(sys.argv[2])
    else:
        helper_fixtures()
        graph_old_opset()
        graph_new_opset()
        bad_fixtures()
        torch_fixtures()
        graph_opset9()  # last, so the fixtures before it keep their random draws
