"""Write the fixtures of lstm.compare: one network in several files, exact twins and deliberately broken ones.

Run from the repository root (venv with keras 3 + jax, torch, onnx, onnxruntime; see README.md in this folder):

    /work/venv-fx/bin/python dsl/src/test/data/compare/make_compare_fixtures.py          # about 20 s

For three small models (a stacked LSTM, a GRU with reset_after=True, a Bidirectional LSTM), with seeded weights, it
writes into this folder (or --out DIR):

1. Keras 3 (JAX backend): NAME.keras and its exact twin NAME.h5 (Keras's own legacy HDF5 save of the same model);
   broken twins NAME_CAUSE.keras, each one deliberate mistake of a hand conversion (gates swapped, a bias dropped,
   reset_after flipped, an activation changed, the directions of a Bidirectional swapped, go_backwards set).
2. PyTorch: NAME.pt, torch.save of the state_dict of the nn.LSTM / nn.GRU holding the same weights, mapped by hand
   in NumPy below (Keras i,f,c,o = PyTorch i,f,g,o; Keras GRU z,r,h -> PyTorch r,z,n; W = weight_ih^T; Keras's one
   LSTM bias split into bias_ih + bias_hh with a seeded part in each, as a PyTorch model holds them).
3. ONNX: NAME.onnx, LSTM / GRU operators built with onnx.helper from the same NumPy weights (LSTM i,o,f,c; GRU z,r,h
   with linear_before_reset=1; B = [Wb, Rb] = the PyTorch biases in ONNX order; a Squeeze between stacked layers).
4. compare.expected.json: the fixed input, each file's own outputs on it (Keras predict for every Keras file, torch
   forward, onnxruntime), and for each pair (NAME.keras against each twin) what lstm.compare must find, computed
   here by an independent float64 NumPy forward pass with every gate kept: per layer, direction, gate and array the
   largest |difference| of the weights (Keras layout), per step the largest |difference| of each gate and of h (and
   c), the first step and gate where they part (the rule below), and the cause the twin was built with.

The mapping code here is the independent one the PyTorch and ONNX readers are to be tested against. The script
stops with an error when a reloaded file predicts differently from the model that wrote it, when the NumPy
reference differs from Keras's predict by more than 2e-5, or when torch or onnxruntime differ from Keras by more
than 2e-5.

Agreement rule (the one lstm.compare states): two values a, b agree when |a - b| <= 1e-5 * max(1, |a|, |b|).
Order of "first": layers in order; within a layer the earliest processing step; at that step the forward direction
before the backward one; then the gates in Keras order (LSTM i, f, c, o; GRU z, r, h); h (and c) last.
Each pair of layers runs on the same input: the first on the fixed input, every later one on what the first
file's previous layer returned.
"""

import argparse
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime  # noqa: E402
import torch  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261207
STEPS = 6
BATCH = 2
TOL = 1e-5
FRAMEWORK_TOL = 2e-5
OPSET = 22
IR_VERSION = 10  # the IR version of opset 22
L = keras.layers

LSTM_BANDS = ["i", "f", "c", "o"]
GRU_BANDS = ["z", "r", "h"]


def floats(a):
    """float32 array -> nested lists of Python floats (each the exact float32 value)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64).tolist()


def blocks(a, n, order):
    """The blocks of the last axis (n wide each) taken in `order`."""
    return np.concatenate([a[..., k * n:(k + 1) * n] for k in order], axis=-1)


# ---------------------------------------------------------------------------------------------------------------
# One direction of a recurrent layer in Keras's canonical layout, and the models as lists of layers of directions
# ---------------------------------------------------------------------------------------------------------------

class Direction:
    """kind LSTM or GRU; W (d, bands*u), U (u, bands*u), b, b2 (GRU reset_after=True only) in Keras band order."""

    def __init__(self, kind, w, u, b, b2=None, reset_after=True, act="tanh", ract="sigmoid", backwards=False):
        self.kind, self.w, self.u, self.b, self.b2 = kind, w, u, b, b2
        self.reset_after, self.act, self.ract, self.backwards = reset_after, act, ract, backwards
        self.units = u.shape[0]

    def bands(self):
        return LSTM_BANDS if self.kind == "LSTM" else GRU_BANDS

    def with_(self, **changes):
        d = Direction(self.kind, self.w, self.u, self.b, self.b2, self.reset_after, self.act, self.ract,
                      self.backwards)
        d.__dict__.update(changes)
        return d


class Net:
    """Layers in order; each a name, its directions (1, or 2 for a Bidirectional with merge concat)."""

    def __init__(self, layers):
        self.layers = layers  # [(name, [Direction, ...])]


def seeded(rng, shape, scale=0.5):
    return (scale * rng.normal(0.0, 1.0, size=shape)).astype(np.float32)


def random_direction(rng, kind, d, u, **kw):
    n = (4 if kind == "LSTM" else 3) * u
    b2 = seeded(rng, (n,)) if kind == "GRU" else None
    return Direction(kind, seeded(rng, (d, n)), seeded(rng, (u, n)), seeded(rng, (n,)), b2, **kw)


def swap_bands(a, n, i, j):
    order = list(range(a.shape[-1] // n))
    order[i], order[j] = order[j], order[i]
    return blocks(a, n, order)


# ---------------------------------------------------------------------------------------------------------------
# Keras: build, set weights, save, reload
# ---------------------------------------------------------------------------------------------------------------

def keras_layer(name, d):
    common = dict(return_sequences=True, activation=d.act, recurrent_activation=d.ract, go_backwards=d.backwards)
    if d.kind == "LSTM":
        return L.LSTM(d.units, name=name, **common)
    return L.GRU(d.units, reset_after=d.reset_after, name=name, **common)


def keras_weights(d):
    if d.kind == "GRU" and d.reset_after:
        return [d.w, d.u, np.stack([d.b, d.b2])]
    return [d.w, d.u, d.b]


def keras_model(name, net, features):
    layers = []
    weights = []
    for lname, dirs in net.layers:
        if len(dirs) == 1:
            layers.append(keras_layer(lname, dirs[0]))
        else:
            layers.append(L.Bidirectional(keras_layer(lname + "_inner", dirs[0]), name=lname))
        for d in dirs:
            weights += keras_weights(d)
    model = keras.Sequential([keras.Input(shape=(STEPS, features))] + layers, name=name)
    model.set_weights(weights)
    return model


def save_and_check(model, path, x):
    """Saves with Keras, reloads, and requires the same predictions; returns them."""
    expected = model.predict(x, verbose=0)
    model.save(path)
    again = keras.models.load_model(path).predict(x, verbose=0)
    if not np.array_equal(expected, again):
        sys.exit(f"{path}: the reloaded file predicts differently (max {np.abs(expected - again).max():.3g})")
    return expected


# ---------------------------------------------------------------------------------------------------------------
# The independent float64 reference, every gate kept (KERAS_FORMATS.md Part 1 section 0, Part 2 section 2)
# ---------------------------------------------------------------------------------------------------------------

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


ACTIVATIONS = {"tanh": np.tanh, "sigmoid": sigmoid, "hard_sigmoid": lambda x: np.clip(x / 6.0 + 0.5, 0.0, 1.0)}


def trace(d, x):
    """Runs one direction on x (batch, steps, features) in float64. Returns the activated bands (steps, batch,
    bands*u), h and c (steps, batch, u; c None for a GRU), all in processing order."""
    w, u = d.w.astype(np.float64), d.u.astype(np.float64)
    b = d.b.astype(np.float64)
    b2 = np.zeros_like(b) if d.b2 is None else d.b2.astype(np.float64)
    act, ract = ACTIVATIONS[d.act], ACTIVATIONS[d.ract]
    n = d.units
    batch, steps = x.shape[0], x.shape[1]
    h = np.zeros((batch, n))
    c = np.zeros((batch, n))
    gates, hs, cs = [], [], []
    for s in range(steps):
        t = steps - 1 - s if d.backwards else s
        xt = x[:, t].astype(np.float64)
        if d.kind == "LSTM":
            z = xt @ w + h @ u + b + b2
            i, f, g, o = ract(z[:, :n]), ract(z[:, n:2 * n]), act(z[:, 2 * n:3 * n]), ract(z[:, 3 * n:])
            c = f * c + i * g
            h = o * act(c)
            gates.append(np.concatenate([i, f, g, o], axis=1))
            cs.append(c)
        else:
            xw = xt @ w + b
            if d.reset_after:
                hu = h @ u + b2
                zg = ract(xw[:, :n] + hu[:, :n])
                r = ract(xw[:, n:2 * n] + hu[:, n:2 * n])
                hh = act(xw[:, 2 * n:] + r * hu[:, 2 * n:])
            else:
                zg = ract(xw[:, :n] + h @ u[:, :n])
                r = ract(xw[:, n:2 * n] + h @ u[:, n:2 * n])
                hh = act(xw[:, 2 * n:] + (r * h) @ u[:, 2 * n:])
            h = zg * h + (1.0 - zg) * hh
            gates.append(np.concatenate([zg, r, hh], axis=1))
        hs.append(h)
    return np.stack(gates), np.stack(hs), (np.stack(cs) if d.kind == "LSTM" else None)


def layer_output(dirs, x):
    """What the layer returns (return_sequences=True): processing order for one direction (go_backwards keeps it),
    forward concatenated with the backward direction flipped back to input order for a Bidirectional."""
    outs = [np.transpose(trace(d, x)[1], (1, 0, 2)) for d in dirs]
    if len(outs) == 1:
        return outs[0]
    return np.concatenate([outs[0], outs[1][:, ::-1]], axis=-1)


def reference_output(net, x):
    for _, dirs in net.layers:
        x = layer_output(dirs, x)
    return x


def disagree(a, b):
    return np.abs(a - b) > TOL * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))


def weight_differences(da, db):
    """Per band, the largest |difference| of W, U, b, b' and b + b' (a missing array counts as zeros), Keras
    layout; the recurrent-bias rows only where one side keeps one."""
    n = da.units
    two = da.b2 is not None or db.b2 is not None
    zero = np.zeros_like(da.b)
    out = {}
    for k, band in enumerate(da.bands()):
        cols = slice(k * n, (k + 1) * n)
        row = {"W": np.abs(da.w[:, cols].astype(np.float64) - db.w[:, cols]).max(),
               "U": np.abs(da.u[:, cols].astype(np.float64) - db.u[:, cols]).max(),
               "b": np.abs(da.b[cols].astype(np.float64) - db.b[cols]).max()}
        if two:
            a2 = (zero if da.b2 is None else da.b2)[cols].astype(np.float64)
            b2 = (zero if db.b2 is None else db.b2)[cols].astype(np.float64)
            row["b'"] = np.abs(a2 - b2).max()
            row["b+b'"] = np.abs((da.b[cols].astype(np.float64) + a2) - (db.b[cols].astype(np.float64) + b2)).max()
        out[band] = {k2: float(v) for k2, v in row.items()}
    return out


def compare_nets(a, b, x):
    """What lstm.compare must report for nets a and b on x: weights, per-step run differences, first divergence."""
    layers = []
    candidates = []  # (layer index, step, direction index, gate position, layer, direction, gate)
    largest = 0.0
    for li, ((name, dirs_a), (_, dirs_b)) in enumerate(zip(a.layers, b.layers)):
        entry = {"layer": name, "directions": []}
        for di, (da, db) in enumerate(zip(dirs_a, dirs_b)):
            ga, ha, ca = trace(da, x)
            gb, hb, cb = trace(db, x)
            n = da.units
            label = "" if len(dirs_a) == 1 else ("forward" if di == 0 else "backward")
            run = {"gates": {}}
            for k, band in enumerate(da.bands()):
                cols = slice(k * n, (k + 1) * n)
                diff = np.abs(ga[:, :, cols] - gb[:, :, cols])
                run["gates"][band] = diff.max(axis=(1, 2)).tolist()
                off = disagree(ga[:, :, cols], gb[:, :, cols]).any(axis=(1, 2))
                if off.any():
                    candidates.append((li, int(np.argmax(off)), di, k, name, label, band))
            states = [("h", ha, hb)] + ([("c", ca, cb)] if ca is not None and cb is not None else [])
            for k, (sname, sa, sb) in enumerate(states):
                run[sname] = np.abs(sa - sb).max(axis=(1, 2)).tolist()
                off = disagree(sa, sb).any(axis=(1, 2))
                if off.any():
                    candidates.append((li, int(np.argmax(off)), di, len(da.bands()) + k, name, label, sname))
            steps = list(run["gates"].values()) + [run[k] for k, _, _ in states]
            largest = max(largest, max(max(v) for v in steps))
            entry["directions"].append({"direction": label, "weights": weight_differences(da, db), "runs": run})
        layers.append(entry)
        x = layer_output(dirs_a, x)
    first = None
    if candidates:
        c = min(candidates)
        first = {"layer": c[4], "direction": c[5], "step": c[1], "gate": c[6]}
    return {"layers": layers, "first": first, "largest_run_difference": largest}


# ---------------------------------------------------------------------------------------------------------------
# PyTorch and ONNX twins, mapped by hand
# ---------------------------------------------------------------------------------------------------------------

# where each framework's stored band k comes from, as Keras band positions
TORCH_FROM_KERAS = {"LSTM": [0, 1, 2, 3], "GRU": [1, 0, 2]}   # i f g o <- i f c o; r z n <- z r h
ONNX_FROM_KERAS = {"LSTM": [0, 3, 1, 2], "GRU": [0, 1, 2]}    # i o f c <- i f c o; z r h <- z r h


def torch_biases(rng, d):
    """PyTorch's two biases in Keras band order: a GRU keeps b and b' apart as Keras does (reset_after=True); an
    LSTM's one Keras bias b is split, b_ih = b - r and b_hh = r with a seeded r, as a PyTorch model holds them."""
    if d.kind == "GRU":
        return d.b, d.b2
    r = seeded(rng, d.b.shape)
    return (d.b - r).astype(np.float32), r


def torch_twin(net, features, rng):
    """The nn.LSTM / nn.GRU holding net's weights (all layers of one kind and width, as one torch module has)."""
    first = net.layers[0][1]
    kind, units, bidi = first[0].kind, first[0].units, len(first) == 2
    cls = torch.nn.LSTM if kind == "LSTM" else torch.nn.GRU
    module = cls(features, units, num_layers=len(net.layers), batch_first=True, bidirectional=bidi)
    perm = TORCH_FROM_KERAS[kind]
    state = {}
    biases = {}
    for k, (_, dirs) in enumerate(net.layers):
        for di, d in enumerate(dirs):
            suffix = f"_l{k}" + ("_reverse" if di == 1 else "")
            b_ih, b_hh = torch_biases(rng, d)
            biases[suffix] = (b_ih, b_hh)
            state["weight_ih" + suffix] = blocks(d.w, units, perm).T
            state["weight_hh" + suffix] = blocks(d.u, units, perm).T
            state["bias_ih" + suffix] = blocks(b_ih, units, perm)
            state["bias_hh" + suffix] = blocks(b_hh, units, perm)
    module.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}, strict=True)
    return module, biases


def onnx_twin(name, net, features, biases, steps=STEPS, batch=BATCH, head=None):
    """LSTM / GRU operators over X [seq, batch, features] (layout 0), one per layer, a Squeeze of the direction axis
    between them; biases [Wb, Rb] are the PyTorch twin's two, in ONNX order. Output Y of the last layer, and with a
    Dense head (kernel, bias) also its output on the last step, as an exporter writes it (Gather, Squeeze, MatMul,
    Add)."""
    nodes, inits = [], []
    current = "X"
    for k, (lname, dirs) in enumerate(net.layers):
        d0 = dirs[0]
        n = d0.units
        perm = ONNX_FROM_KERAS[d0.kind]
        suffixes = [f"_l{k}"] + ([f"_l{k}_reverse"] if len(dirs) == 2 else [])
        w = np.stack([blocks(d.w, n, perm).T for d in dirs])
        r = np.stack([blocks(d.u, n, perm).T for d in dirs])
        b = np.stack([np.concatenate([blocks(biases[s][0], n, perm), blocks(biases[s][1], n, perm)])
                      for s in suffixes])
        for tag, arr in (("W", w), ("R", r), ("B", b)):
            inits.append(constant(f"{lname}_{tag}", arr))
        attrs = dict(hidden_size=n, direction="bidirectional" if len(dirs) == 2 else "forward")
        if d0.kind == "GRU":
            attrs["linear_before_reset"] = 1
        y = f"{lname}_Y"
        nodes.append(helper.make_node(d0.kind, [current, f"{lname}_W", f"{lname}_R", f"{lname}_B"], [y],
                                      name=lname, **attrs))
        current = y
        if k + 1 < len(net.layers):
            current = squeeze(nodes, inits, y, 1, f"{lname}_squeezed")
    d_last = net.layers[-1][1]
    outputs = [helper.make_tensor_value_info(current, TensorProto.FLOAT,
                                             [steps, len(d_last), batch, d_last[0].units])]
    if head is not None:
        kernel, bias = head
        inits.append(constant("last_step", np.array(steps - 1, dtype=np.int64)))
        nodes.append(helper.make_node("Gather", [current, "last_step"], ["last_y"], name="last_step", axis=0))
        last = squeeze(nodes, inits, "last_y", 0, "last_h")   # [batch, hidden] (one direction)
        inits += [constant("head_W", kernel), constant("head_B", bias)]
        nodes.append(helper.make_node("MatMul", [last, "head_W"], ["head_xw"], name="head_matmul"))
        nodes.append(helper.make_node("Add", ["head_xw", "head_B"], ["output"], name="head_add"))
        outputs.append(helper.make_tensor_value_info("output", TensorProto.FLOAT, [batch, kernel.shape[1]]))
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("X", TensorProto.FLOAT, [steps, batch, features])], outputs,
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="make_compare_fixtures.py")
    model.ir_version = IR_VERSION  # onnx 1.23 writes IR 14 by default; onnxruntime 1.30 reads up to 13
    onnx.checker.check_model(model, full_check=True)
    return model


def constant(name, array):
    """An initializer: int64 arrays as they are, everything else as float32 (np.array copies C-contiguous and keeps a
    0-d index 0-d, which np.ascontiguousarray would not)."""
    return numpy_helper.from_array(np.array(array, dtype=np.int64 if array.dtype == np.int64 else np.float32), name)


def squeeze(nodes, inits, x, axis, out):
    inits.append(constant(out + "_axes", np.array([axis], dtype=np.int64)))
    nodes.append(helper.make_node("Squeeze", [x, out + "_axes"], [out], name=out))
    return out


def onnx_as_keras(y):
    """ONNX Y [seq, directions, batch, u] -> Keras's (batch, seq, directions*u), directions concatenated."""
    seq, dirs, batch, u = y.shape
    return np.transpose(y, (2, 0, 1, 3)).reshape(batch, seq, dirs * u)


def require_close(what, got, keras_out):
    diff = float(np.abs(np.asarray(got, np.float64) - keras_out).max())
    if diff > FRAMEWORK_TOL:
        sys.exit(f"{what} differs from Keras's predict by {diff:.3g} (more than {FRAMEWORK_TOL})")
    return diff


# ---------------------------------------------------------------------------------------------------------------
# The three networks and their broken twins
# ---------------------------------------------------------------------------------------------------------------

def networks(rng):
    lstm = Net([("lstm", [random_direction(rng, "LSTM", 3, 4)]), ("lstm_1", [random_direction(rng, "LSTM", 4, 4)])])
    gru = Net([("gru", [random_direction(rng, "GRU", 3, 4)])])
    bilstm = Net([("bidirectional", [random_direction(rng, "LSTM", 2, 3),
                                     random_direction(rng, "LSTM", 2, 3, backwards=True)])])
    return {"lstm": (lstm, 3), "gru": (gru, 3), "bilstm": (bilstm, 2)}


def with_layer(net, index, dirs):
    layers = list(net.layers)
    layers[index] = (layers[index][0], dirs)
    return Net(layers)


def broken_twins(nets, torch_bias):
    """NAME -> (base, net, cause as lstm.compare names it, what was done)."""
    lstm, gru, bilstm = nets["lstm"][0], nets["gru"][0], nets["bilstm"][0]
    l0, l1, g = lstm.layers[0][1][0], lstm.layers[1][1][0], gru.layers[0][1][0]
    fw, bw = bilstm.layers[0][1]
    n = 4
    return {
        "lstm_gates_fc_swapped": ("lstm", with_layer(lstm, 1, [l1.with_(
            w=swap_bands(l1.w, n, 1, 2), u=swap_bands(l1.u, n, 1, 2), b=swap_bands(l1.b, n, 1, 2))]),
            {"kind": "GATES_SWAPPED", "layer": "lstm_1", "swapped": ["f", "c"]},
            "layer lstm_1: blocks f and c swapped in kernel, recurrent kernel and bias"),
        "lstm_bias_dropped": ("lstm", with_layer(lstm, 0, [l0.with_(b=torch_bias["lstm"]["_l0"][0])]),
                              {"kind": "BIAS_CHANGED", "layer": "lstm",
                               "against_torch": "BIAS_MISSING (bias_hh_l0 dropped)"},
                              "layer lstm: bias = the PyTorch twin's bias_ih_l0 alone (bias_hh_l0 dropped)"),
        "lstm_hard_sigmoid": ("lstm", with_layer(lstm, 0, [l0.with_(ract="hard_sigmoid")]),
                              {"kind": "ACTIVATION", "layer": "lstm"},
                              "layer lstm: recurrent_activation hard_sigmoid instead of sigmoid"),
        "lstm_go_backwards": ("lstm", with_layer(lstm, 0, [l0.with_(backwards=True)]),
                              {"kind": "DIRECTION_REVERSED", "layer": "lstm"},
                              "layer lstm: go_backwards=True"),
        "gru_gates_zr_swapped": ("gru", with_layer(gru, 0, [g.with_(
            w=swap_bands(g.w, n, 0, 1), u=swap_bands(g.u, n, 0, 1), b=swap_bands(g.b, n, 0, 1),
            b2=swap_bands(g.b2, n, 0, 1))]),
            {"kind": "GATES_SWAPPED", "layer": "gru", "swapped": ["z", "r"]},
            "PyTorch's r, z, n copied as Keras's z, r, h without the permutation"),
        "gru_bias_dropped": ("gru", with_layer(gru, 0, [g.with_(b2=np.zeros_like(g.b2))]),
                             {"kind": "BIAS_MISSING", "layer": "gru"},
                             "layer gru: the recurrent bias (second row of the (2, 3u) bias) set to zeros"),
        "gru_reset_after_flipped": ("gru", with_layer(gru, 0, [g.with_(reset_after=False, b2=None)]),
                                    {"kind": "RESET_AFTER", "layer": "gru"},
                                    "layer gru: reset_after=False, bias = the input bias row alone"),
        "bilstm_directions_swapped": ("bilstm", with_layer(bilstm, 0, [
            fw.with_(w=bw.w, u=bw.u, b=bw.b), bw.with_(w=fw.w, u=fw.u, b=fw.b)]),
            {"kind": "DIRECTIONS_SWAPPED", "layer": "bidirectional"},
            "the forward weights in the backward direction and the backward weights in the forward one"),
    }


def versions():
    return {"keras": keras.__version__, "jax": jax.__version__, "torch": torch.__version__,
            "onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__, "numpy": np.__version__}


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=HERE, help="folder to write into (default: this script's folder)")
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    keras.utils.set_random_seed(SEED)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    nets = networks(rng)
    inputs = {name: rng.normal(0.0, 1.0, size=(BATCH, STEPS, f)).astype(np.float32)
              for name, (_, f) in nets.items()}
    record = {"tolerance": TOL, "rule": "|a - b| <= 1e-5 * max(1, |a|, |b|)", "versions": versions(),
              "models": {}, "pairs": []}
    torch_bias = {}
    for name, (net, features) in nets.items():
        x = inputs[name]
        model = keras_model(name, net, features)
        keras_out = save_and_check(model, os.path.join(out, name + ".keras"), x)
        h5_out = save_and_check(model, os.path.join(out, name + ".h5"), x)
        ref = reference_output(net, x)
        require_close(f"{name}: the float64 reference", ref, keras_out)
        module, biases = torch_twin(net, features, rng)
        torch_bias[name] = biases
        torch.save(module.state_dict(), os.path.join(out, name + ".pt"))
        with torch.no_grad():
            torch_out = module(torch.from_numpy(x))[0].numpy()
        torch_diff = require_close(f"{name}.pt: torch forward", torch_out, keras_out)
        proto = onnx_twin(name, net, features, biases)
        onnx.save(proto, os.path.join(out, name + ".onnx"))
        session = onnxruntime.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
        onnx_out = session.run(None, {"X": np.ascontiguousarray(np.transpose(x, (1, 0, 2)))})[0]
        onnx_diff = require_close(f"{name}.onnx: onnxruntime", onnx_as_keras(onnx_out), keras_out)
        record["models"][name] = {
            "input": floats(x), "keras_predict": floats(keras_out), "h5_predict": floats(h5_out),
            "torch_forward": floats(torch_out), "onnxruntime_Y": floats(onnx_out),
            "onnx_output_layout": "Y [seq, num_directions, batch, hidden]",
            "reference_vs_keras": float(np.abs(ref - keras_out).max()), "torch_vs_keras": torch_diff,
            "onnxruntime_vs_keras": onnx_diff,
            "torch_biases": {s: {"bias_ih": floats(blocks(bi, net.layers[0][1][0].units,
                                                          TORCH_FROM_KERAS[net.layers[0][1][0].kind])),
                                 "bias_hh": floats(blocks(bh, net.layers[0][1][0].units,
                                                          TORCH_FROM_KERAS[net.layers[0][1][0].kind]))}
                             for s, (bi, bh) in biases.items()},
        }
        record["pairs"].append(dict(a=name + ".keras", b=name + ".h5", same=True, cause=None,
                                    what="the same model saved by Keras as .keras and as legacy .h5",
                                    **compare_nets(net, net, x)))
    for twin, (base, net, cause, what) in broken_twins(nets, torch_bias).items():
        features = nets[base][1]
        x = inputs[base]
        model = keras_model(twin, net, features)
        predicted = save_and_check(model, os.path.join(out, twin + ".keras"), x)
        require_close(f"{twin}: the float64 reference", reference_output(net, x), predicted)
        record["models"][twin] = {"input_of": base, "keras_predict": floats(predicted)}
        record["pairs"].append(dict(a=base + ".keras", b=twin + ".keras", same=False, cause=cause, what=what,
                                    **compare_nets(nets[base][0], net, x)))
    with open(os.path.join(out, "compare.expected.json"), "w") as f:
        json.dump(record, f, indent=None)
        f.write("\n")
    for p in record["pairs"]:
        print(f"{p['a']:14} vs {p['b']:32} first: {p['first']}  largest run difference "
              f"{p['largest_run_difference']:.3g}")


if __name__ == "__main__":
    main()
