"""Independent float64 NumPy forward passes for GRU, SimpleRNN and LSTM layers, written from the formulas of
/work/shared/notes/KERAS_FORMATS.md (section numbers below refer to its Part 2 unless marked "Part 1").

No framework code is used here: make_rnn_fixtures.py checks every Keras 3 and tf_keras prediction against these
functions, and the legacy files' `expected_output` (Keras 1, Keras 2.2.4, CuDNNGRU) comes from them alone.

Conventions (Part 2, preamble): row vectors multiplied from the left, x . K; a kernel is (features, blocks * units),
gate blocks along the last axis, GRU blocks z | r | h, LSTM blocks i | f | c | o (Part 1, section 0).
"""

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def hard_sigmoid_keras2(x):
    """Keras 1, Keras 2, tf.keras / tf_keras: clip(0.2 x + 0.5, 0, 1) (Part 2 sections 1 and 3, Part 1 section 0)."""
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


def hard_sigmoid_keras3(x):
    """Keras 3: clip(x / 6 + 0.5, 0, 1) (Part 2 section 4)."""
    return np.clip(x / 6.0 + 0.5, 0.0, 1.0)


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def activation(name, era):
    """The activation function `name` as the framework era `era` ("keras2" or "keras3") computes it."""
    table = {
        "tanh": np.tanh,
        "sigmoid": sigmoid,
        "relu": lambda x: np.maximum(x, 0.0),
        "linear": lambda x: x,
        None: lambda x: x,
        "softmax": softmax,
        "hard_sigmoid": hard_sigmoid_keras3 if era == "keras3" else hard_sigmoid_keras2,
    }
    return table[name]


class Gru:
    """One GRU direction in canonical Keras 2/3 layout (section 2): kernel (d, 3u), recurrent_kernel (u, 3u) with
    blocks z | r | h, bias (3u,) for reset_after=False, (2, 3u) for reset_after=True, or None for use_bias=False."""

    def __init__(self, kernel, recurrent_kernel, bias, reset_after, act, recurrent_act):
        self.k = np.asarray(kernel, np.float64)
        self.u = np.asarray(recurrent_kernel, np.float64)
        self.units = self.u.shape[0]
        self.reset_after = reset_after
        if bias is None:
            bias = np.zeros((2, 3 * self.units) if reset_after else (3 * self.units,))
        self.b = np.asarray(bias, np.float64)
        self.act = act
        self.ract = recurrent_act

    def initial_state(self, batch):
        return (np.zeros((batch, self.units)),)

    def step(self, x, state):
        (h,) = state
        n = self.units
        kz, kr, kh = self.k[:, :n], self.k[:, n:2 * n], self.k[:, 2 * n:]
        uz, ur, uh = self.u[:, :n], self.u[:, n:2 * n], self.u[:, 2 * n:]
        if self.reset_after:
            # Section 2, "Step, reset_after=True": r multiplies (h . U_h + b1_h), after the recurrent matmul.
            b0, b1 = self.b[0], self.b[1]
            z = self.ract(x @ kz + b0[:n] + h @ uz + b1[:n])
            r = self.ract(x @ kr + b0[n:2 * n] + h @ ur + b1[n:2 * n])
            hh = self.act(x @ kh + b0[2 * n:] + r * (h @ uh + b1[2 * n:]))
        else:
            # Section 2, "Step, reset_after=False" (= section 1, Keras 1): r multiplies h before U_h.
            b = self.b
            z = self.ract(x @ kz + b[:n] + h @ uz)
            r = self.ract(x @ kr + b[n:2 * n] + h @ ur)
            hh = self.act(x @ kh + b[2 * n:] + (r * h) @ uh)
        # Section 8: the new state keeps z of the old one.
        h_new = z * h + (1.0 - z) * hh
        return h_new, (h_new,)

    def preactivations(self, x, state):
        """The z and r pre-activations of one step (to check that a hard_sigmoid clip is reached)."""
        (h,) = state
        n = self.units
        b0 = self.b[0] if self.reset_after else self.b
        b1 = self.b[1] if self.reset_after else np.zeros(3 * n)
        pre = x @ self.k[:, :2 * n] + b0[:2 * n] + h @ self.u[:, :2 * n] + b1[:2 * n]
        return pre


class SimpleRnn:
    """Section 2 "SimpleRNN 2.x" (same in Keras 1 and 3): h' = act(x . K + b + h . U)."""

    def __init__(self, kernel, recurrent_kernel, bias, act):
        self.k = np.asarray(kernel, np.float64)
        self.u = np.asarray(recurrent_kernel, np.float64)
        self.units = self.u.shape[0]
        self.b = np.zeros(self.units) if bias is None else np.asarray(bias, np.float64)
        self.act = act

    def initial_state(self, batch):
        return (np.zeros((batch, self.units)),)

    def step(self, x, state):
        (h,) = state
        h_new = self.act(x @ self.k + self.b + h @ self.u)
        return h_new, (h_new,)


class Lstm:
    """Part 1 (LSTM): blocks i | f | c | o; c' = f c + i act(.); h' = o act(c')."""

    def __init__(self, kernel, recurrent_kernel, bias, act, recurrent_act):
        self.k = np.asarray(kernel, np.float64)
        self.u = np.asarray(recurrent_kernel, np.float64)
        self.units = self.u.shape[0]
        self.b = np.zeros(4 * self.units) if bias is None else np.asarray(bias, np.float64)
        self.act = act
        self.ract = recurrent_act

    def initial_state(self, batch):
        return (np.zeros((batch, self.units)), np.zeros((batch, self.units)))

    def step(self, x, state):
        h, c = state
        n = self.units
        zz = x @ self.k + h @ self.u + self.b
        i = self.ract(zz[:, :n])
        f = self.ract(zz[:, n:2 * n])
        g = self.act(zz[:, 2 * n:3 * n])
        o = self.ract(zz[:, 3 * n:])
        c_new = f * c + i * g
        h_new = o * self.act(c_new)
        return h_new, (h_new, c_new)


def run(cell, x, mask=None, go_backwards=False):
    """Run one recurrent direction over x (batch, timesteps, features).

    Returns (outputs in processing order (batch, timesteps, units), last output, final state tuple).
    Masked steps (mask[b, t] False) keep the previous state and repeat the previous output (zeros before the first
    step), Part 1 section 4.4; go_backwards reverses input and mask and keeps the outputs in processing order
    (Part 1 section 4.5, Part 2 section 2 "Masking / go_backwards").
    """
    x = np.asarray(x, np.float64)
    batch, steps = x.shape[0], x.shape[1]
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    state = cell.initial_state(batch)
    previous = np.zeros((batch, cell.units))
    outputs = []
    for t in order:
        out, new_state = cell.step(x[:, t], state)
        if mask is not None:
            keep = np.asarray(mask[:, t], bool)[:, None]
            out = np.where(keep, out, previous)
            new_state = tuple(np.where(keep, n, s) for n, s in zip(new_state, state))
        outputs.append(out)
        previous = out
        state = new_state
    outputs = np.stack(outputs, axis=1)
    return outputs, outputs[:, -1], state


def merge(forward, backward, mode):
    """Bidirectional merge (Part 2 section 2, `Bidirectional`); None returns both."""
    if mode == "concat":
        return np.concatenate([forward, backward], axis=-1)
    if mode == "sum":
        return forward + backward
    if mode == "ave":
        return (forward + backward) / 2.0
    if mode == "mul":
        return forward * backward
    if mode is None:
        return [forward, backward]
    raise ValueError(f"unknown merge_mode {mode!r}")


def bidirectional(forward_cell, backward_cell, x, mode, return_sequences, mask=None):
    """The backward direction runs on the reversed input; its sequence is flipped back before the merge."""
    fw_seq, fw_last, _ = run(forward_cell, x, mask)
    bw_seq, bw_last, _ = run(backward_cell, x, mask, go_backwards=True)
    if return_sequences:
        return merge(fw_seq, bw_seq[:, ::-1], mode)
    return merge(fw_last, bw_last, mode)


def dense(x, kernel, bias, act):
    y = np.asarray(x, np.float64) @ np.asarray(kernel, np.float64)
    if bias is not None:
        y = y + np.asarray(bias, np.float64)
    return act(y)


# --- CuDNNGRU <-> GRU(reset_after=True), Part 2 section 2b -------------------------------------------------------

def cudnn_gru_to_canonical(kernel, recurrent_kernel, bias):
    """The documented conversion (section 2b; Keras 2.2.4 saving.py `_convert_rnn_weights`, from_cudnn=True):
    per gate block g, K_g = k_g.T.reshape((d, u), order='F'); U_g = rk_g.T; bias (6u,) -> (2, 3u)."""
    kernel = np.asarray(kernel)
    recurrent_kernel = np.asarray(recurrent_kernel)
    blocks = np.hsplit(kernel, 3)
    k = np.hstack([b.T.reshape(b.shape, order="F") for b in blocks])
    rk = np.hstack([b.T for b in np.hsplit(recurrent_kernel, 3)])
    return k, rk, np.asarray(bias).reshape((2, -1))


def canonical_to_cudnn_gru(kernel, recurrent_kernel, bias):
    """The inverse, as Keras 2.2.4 itself writes it when converting GRU -> CuDNNGRU (from_cudnn=False):
    K_g.T.reshape(K_g.shape, order='C'); U_g.T; bias (2, 3u) -> (6u,)."""
    kernel = np.asarray(kernel)
    recurrent_kernel = np.asarray(recurrent_kernel)
    k = np.hstack([b.T.reshape(b.shape, order="C") for b in np.hsplit(kernel, 3)])
    rk = np.hstack([b.T for b in np.hsplit(recurrent_kernel, 3)])
    return k, rk, np.asarray(bias).reshape(-1)


# --- Whole models, duck-typed over Keras 3 and tf_keras layer objects (class names, get_config, get_weights) -----

def reference_cell(layer, era):
    """The float64 reference cell for a Keras 3 or tf_keras recurrent layer, from its config and get_weights()."""
    cell = layer.cell
    cfg = cell.get_config()
    w = layer.get_weights()
    bias = w[2] if cfg["use_bias"] else None
    act = activation(cfg["activation"], era)
    kind = type(cell).__name__
    if kind == "GRUCell":
        return Gru(w[0], w[1], bias, cfg["reset_after"], act, activation(cfg["recurrent_activation"], era))
    if kind == "SimpleRNNCell":
        return SimpleRnn(w[0], w[1], bias, act)
    if kind == "LSTMCell":
        return Lstm(w[0], w[1], bias, act, activation(cfg["recurrent_activation"], era))
    raise ValueError(f"no reference for {kind}")


def reference_forward(model, x, era="keras3"):
    """Float64 forward pass of a chain of layers (a Sequential model, or a functional model whose layers form one
    chain, e.g. Input -> Bidirectional(merge_mode=None) or Input -> GRU(return_state=True)), in model.layers order.
    era "keras3" or "keras2" picks the hard_sigmoid formula."""
    h = np.asarray(x)
    mask = None
    outputs = None
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":
            continue
        if kind == "Masking":
            mask = np.any(h != layer.mask_value, axis=-1)
            h = h * mask[..., None]
        elif kind == "Embedding":
            table = np.asarray(layer.get_weights()[0], np.float64)
            if layer.mask_zero:
                mask = h != 0
            h = table[h]
        elif kind in ("GRU", "SimpleRNN", "LSTM", "RNN"):
            sequence, last, state = run(reference_cell(layer, era), h, mask, layer.go_backwards)
            out = sequence if layer.return_sequences else last
            if layer.return_state:
                outputs = [out, *state]
            h = out
            mask = mask if layer.return_sequences else None
        elif kind == "Bidirectional":
            merged = bidirectional(reference_cell(layer.forward_layer, era),
                                   reference_cell(layer.backward_layer, era), h, layer.merge_mode,
                                   layer.return_sequences, mask)
            if layer.merge_mode is None:
                outputs = merged
            h = merged
        elif kind in ("Dense", "TimeDistributed"):
            inner = layer.layer if kind == "TimeDistributed" else layer
            w = inner.get_weights()
            h = dense(h, w[0], w[1] if inner.use_bias else None, activation(inner.get_config()["activation"], era))
        else:
            raise ValueError(f"no reference for layer {kind}")
    return outputs if outputs is not None else h


def pick(outputs, target):
    """The gradient target: one unit of one output (at one timestep for sequences), per sample."""
    y = outputs[target["output"]] if target["output"] is not None else outputs
    if target["timestep"] is not None:
        y = y[:, target["timestep"]]
    return y[:, target["index"]]


def finite_difference_gradient(forward, x, target, eps=1e-5):
    """Central differences of the float64 reference: an independent check of the framework gradients."""
    x64 = np.asarray(x, np.float64)
    grad = np.zeros_like(x64)
    for index in np.ndindex(x64.shape):
        if x64[index] == 0.0:
            # An entry of a masked (all-zero) step: moving it off zero would unmask the step, so the one-sided
            # picture is not a derivative. The frameworks give 0 there (the Masking layer multiplies by the mask).
            continue
        up, down = x64.copy(), x64.copy()
        up[index] += eps
        down[index] -= eps
        grad[index] = (pick(forward(up), target).sum() - pick(forward(down), target).sum()) / (2 * eps)
    return grad


def max_abs_diff(a, b):
    if isinstance(a, list):
        return max(max_abs_diff(p, q) for p, q in zip(a, b))
    return float(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64))))
