"""ONNX LSTM, GRU and RNN nodes with the options Keras lacks, built with onnx's helper API and run by onnxruntime:
peepholes, clip, input_forget, HardSigmoid(alpha, beta) gates, a distinct output activation (ScaledTanh, Elu), two
biases (Wb and Rb), initial states. Writes onnx_cells.json beside this script: for each case the node's attributes,
its inputs exactly as onnxruntime got them (ONNX layout: W [1, G*u, d], R [1, G*u, u], B [1, 2*G*u], P [1, 3u] in
i, o, f order; gate blocks LSTM i, o, f, c; GRU z, r, h) and onnxruntime's outputs Y [seq, 1, batch, u], Y_h, Y_c.

Every case is also recomputed here in float64 NumPy from the operator spec's equations; the script stops if
onnxruntime is not within 1e-5 of that, so the file cannot hold outputs of a misread model. For clip, the spec says
it bounds activation inputs; this script checks which reading onnxruntime follows for the LSTM's cell state (clipped
before h or not) and records it.

Values are float32 (onnxruntime computes in float32), drawn so that gates saturate and the clip bites. Run with the
fixture venv (torch, onnx, onnxruntime, numpy): python onnx_cells.py
"""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

rng = np.random.default_rng(20240613)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def rand(*shape, scale=1.0):
    return f32(rng.normal(0.0, scale, size=shape))


# ---- float64 reference, written from the ONNX operator spec (Operators.md: LSTM, GRU, RNN; activation list) ----
def act(name, alpha, beta):
    return {
        "Sigmoid": lambda x: 1 / (1 + np.exp(-x)),
        "Tanh": np.tanh,
        "Relu": lambda x: np.maximum(0, x),
        "HardSigmoid": lambda x: np.minimum(1, np.maximum(0, alpha * x + beta)),
        "ScaledTanh": lambda x: alpha * np.tanh(beta * x),
        "Elu": lambda x: np.where(x >= 0, x, alpha * (np.exp(x) - 1)),
        "Affine": lambda x: alpha * x + beta,
        "LeakyRelu": lambda x: np.where(x >= 0, x, alpha * x),
        "Softsign": lambda x: x / (1 + np.abs(x)),
        "Softplus": lambda x: np.log(1 + np.exp(x)),
    }[name]


def clipper(clip):
    return (lambda v: v) if clip is None else (lambda v: np.clip(v, -clip, clip))


def ref_lstm(c, clip_cell_state):
    X, W, R, B, P = (c[k].astype(np.float64) for k in ("X", "W", "R", "B", "P"))
    h = c["initial_h"][0].astype(np.float64)
    cs = c["initial_c"][0].astype(np.float64)
    u = R.shape[2]
    f, g, hh = (act(*a) for a in c["acts"])
    cl = clipper(c["clip"])
    wb, rb = B[0, :4 * u], B[0, 4 * u:]
    pi, po, pf = P[0, :u], P[0, u:2 * u], P[0, 2 * u:]
    ys = []
    for t in range(X.shape[0]):
        z = X[t] @ W[0].T + h @ R[0].T + wb + rb
        zi, zo, zf, zc = z[:, :u], z[:, u:2 * u], z[:, 2 * u:3 * u], z[:, 3 * u:]
        i = f(cl(zi + pi * cs))
        fg = 1 - i if c["input_forget"] else f(cl(zf + pf * cs))
        cs = fg * cs + i * g(cl(zc))
        o = f(cl(zo + po * cs))
        h = o * hh(cl(cs) if clip_cell_state else cs)
        ys.append(h)
    return np.stack(ys)[:, None], h[None], cs[None]


def ref_gru(c):
    X, W, R, B = (c[k].astype(np.float64) for k in ("X", "W", "R", "B"))
    h = c["initial_h"][0].astype(np.float64)
    u = R.shape[2]
    f, g = (act(*a) for a in c["acts"])
    cl = clipper(c["clip"])
    wb, rb = B[0, :3 * u], B[0, 3 * u:]
    ys = []
    for t in range(X.shape[0]):
        xw = X[t] @ W[0].T + wb
        hr = h @ R[0].T + rb
        z = f(cl(xw[:, :u] + hr[:, :u]))
        r = f(cl(xw[:, u:2 * u] + hr[:, u:2 * u]))
        cand = g(cl(xw[:, 2 * u:] + r * hr[:, 2 * u:]))  # linear_before_reset = 1
        h = (1 - z) * cand + z * h
        ys.append(h)
    return np.stack(ys)[:, None], h[None]


def ref_rnn(c):
    X, W, R, B = (c[k].astype(np.float64) for k in ("X", "W", "R", "B"))
    h = c["initial_h"][0].astype(np.float64)
    u = R.shape[2]
    (f,) = (act(*a) for a in c["acts"])
    cl = clipper(c["clip"])
    ys = []
    for t in range(X.shape[0]):
        h = f(cl(X[t] @ W[0].T + h @ R[0].T + B[0, :u] + B[0, u:]))
        ys.append(h)
    return np.stack(ys)[:, None], h[None]


# ---- the cases ----
def lstm_case(name, d, u, seq, batch, acts, clip=None, input_forget=0, scale=0.9):
    return {"name": name, "op": "LSTM", "acts": acts, "clip": clip, "input_forget": input_forget,
            "X": rand(seq, batch, d, scale=1.2), "W": rand(1, 4 * u, d, scale=scale),
            "R": rand(1, 4 * u, u, scale=scale), "B": rand(1, 8 * u, scale=0.6), "P": rand(1, 3 * u, scale=0.8),
            "initial_h": rand(1, batch, u, scale=0.5), "initial_c": rand(1, batch, u, scale=1.5)}


def gru_case(name, d, u, seq, batch, acts, clip):
    return {"name": name, "op": "GRU", "acts": acts, "clip": clip, "X": rand(seq, batch, d, scale=1.2),
            "W": rand(1, 3 * u, d, scale=0.9), "R": rand(1, 3 * u, u, scale=0.9), "B": rand(1, 6 * u, scale=0.6),
            "initial_h": rand(1, batch, u, scale=0.5)}


def rnn_case(name, d, u, seq, batch, acts, clip):
    return {"name": name, "op": "RNN", "acts": acts, "clip": clip, "X": rand(seq, batch, d, scale=1.2),
            "W": rand(1, u, d, scale=0.9), "R": rand(1, u, u, scale=0.9), "B": rand(1, 2 * u, scale=0.6),
            "initial_h": rand(1, batch, u, scale=0.5)}


CASES = [
    # peepholes and a clip that bites (pre-activations up to ~4 in size), default activations, two biases
    lstm_case("lstm_peepholes_clip", 2, 3, 7, 2, [("Sigmoid", 0, 0), ("Tanh", 0, 0), ("Tanh", 0, 0)], clip=1.1,
              scale=1.3),
    # input_forget (f = 1 - i), HardSigmoid(0.3, 0.4) gates, a distinct output activation ScaledTanh(1.5, 0.7)
    lstm_case("lstm_input_forget_hard_sigmoid", 3, 4, 6, 3,
              [("HardSigmoid", 0.3, 0.4), ("Tanh", 0, 0), ("ScaledTanh", 1.5, 0.7)], input_forget=1),
    # every option at once, with Elu(0.6) as the output activation and Softsign as the candidate's
    lstm_case("lstm_all_options", 2, 5, 8, 2, [("HardSigmoid", 0.25, 0.45), ("Softsign", 0, 0), ("Elu", 0.6, 0)],
              clip=0.9, input_forget=1, scale=1.1),
    gru_case("gru_clip", 3, 4, 6, 2, [("Sigmoid", 0, 0), ("Tanh", 0, 0)], clip=0.7),
    rnn_case("rnn_clip", 2, 5, 6, 3, [("Tanh", 0, 0)], clip=0.8),
]


def node_and_inputs(c):
    u = c["R"].shape[2]
    names = ["X", "W", "R", "B"]
    outs = ["Y", "Y_h"] + (["Y_c"] if c["op"] == "LSTM" else [])
    attrs = {"hidden_size": u, "activations": [a[0] for a in c["acts"]]}
    # onnxruntime takes alpha/beta in the order of the activations that use them
    alphas = [a[1] for a in c["acts"] if a[0] in ("HardSigmoid", "ScaledTanh", "Elu", "Affine", "LeakyRelu")]
    betas = [a[2] for a in c["acts"] if a[0] in ("HardSigmoid", "ScaledTanh", "Affine")]
    if alphas:
        attrs["activation_alpha"] = alphas
    if betas:
        attrs["activation_beta"] = betas
    if c["clip"] is not None:
        attrs["clip"] = c["clip"]
    if c["op"] == "LSTM":
        names += ["", "initial_h", "initial_c", "P"]
        attrs["input_forget"] = c["input_forget"]
    else:
        names += ["", "initial_h"]
    if c["op"] == "GRU":
        attrs["linear_before_reset"] = 1
    node = helper.make_node(c["op"], names, outs, **attrs)
    feeds = {n: c[n] for n in names if n}
    return node, feeds, outs


def run(c):
    node, feeds, outs = node_and_inputs(c)
    inputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, list(v.shape)) for n, v in feeds.items()]
    seq, batch, u = c["X"].shape[0], c["X"].shape[1], c["R"].shape[2]
    shapes = {"Y": [seq, 1, batch, u], "Y_h": [1, batch, u], "Y_c": [1, batch, u]}
    outputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, shapes[n]) for n in outs]
    graph = helper.make_graph([node], c["name"], inputs, outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], ir_version=8)
    onnx.checker.check_model(model)
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return dict(zip(outs, sess.run(outs, feeds))), node


def main():
    out = {"onnx": onnx.__version__, "onnxruntime": ort.__version__, "opset": 14, "cases": []}
    for c in CASES:
        got, node = run(c)
        if c["op"] == "LSTM":
            variants = {clip_c: ref_lstm(c, clip_c) for clip_c in (False, True)}
            errs = {k: max(np.abs(got["Y"] - v[0]).max(), np.abs(got["Y_c"] - v[2]).max())
                    for k, v in variants.items()}
            matched = [k for k, e in errs.items() if e < 1e-5]
            print(f"{c['name']}: max |ort - ref| with C unclipped before h {errs[False]:.2e}, clipped "
                  f"{errs[True]:.2e}")
            assert matched, f"{c['name']}: onnxruntime matches no reading of the spec: {errs}"
            if c["clip"] is not None:
                assert len(matched) == 1, "the clip must reach the cell state, to tell the readings apart"
                c["cell_state_clipped_before_h"] = bool(matched[0])
        else:
            ref = ref_gru(c) if c["op"] == "GRU" else ref_rnn(c)
            err = np.abs(got["Y"] - ref[0]).max()
            print(f"{c['name']}: max |ort - ref| {err:.2e}")
            assert err < 1e-5, (c["name"], err)
        if c["clip"] is not None:
            unclipped = dict(c, clip=None)
            plain = ref_lstm(unclipped, False)[0] if c["op"] == "LSTM" else (
                ref_gru(unclipped)[0] if c["op"] == "GRU" else ref_rnn(unclipped)[0])
            bite = np.abs(plain - got["Y"]).max()
            print(f"  without the clip the output would differ by {bite:.3f}")
            assert bite > 1e-2, "the clip does not bite: choose larger weights"
        case = {"name": c["name"], "op": c["op"],
                "attributes": {a.name: helper.get_attribute_value(a) for a in node.attribute},
                "activations": [{"name": a[0], "alpha": a[1], "beta": a[2]} for a in c["acts"]]}
        for k in ("cell_state_clipped_before_h",):
            if k in c:
                case[k] = c[k]
        for k in ("X", "W", "R", "B", "P", "initial_h", "initial_c"):
            if k in c:
                case[k] = c[k].tolist()
        for k, v in got.items():
            case[k] = v.tolist()
        for k, v in case["attributes"].items():
            if isinstance(v, bytes):
                case["attributes"][k] = v.decode()
            elif isinstance(v, list):
                case["attributes"][k] = [x.decode() if isinstance(x, bytes) else x for x in v]
        out["cases"].append(case)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "onnx_cells.json")
    with open(path, "w") as f:
        json.dump(out, f)
        f.write("\n")
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
