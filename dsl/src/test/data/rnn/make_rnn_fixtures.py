"""Write the GRU / SimpleRNN test fixtures of this folder: real model files, the frameworks' own outputs and gradients.

Run from the repository root with the venv of requirements.txt (see README.md in this folder):

    KERAS_BACKEND=jax JAX_PLATFORMS=cpu /work/venv-rnn/bin/python dsl/src/test/data/rnn/make_rnn_fixtures.py

It writes, into this folder (or --out DIR):

1. Keras 3 (JAX backend) models, each saved by Keras itself as NAME.keras, NAME.h5 (legacy HDF5 written by Keras 3)
   and NAME.weights.h5, with NAME.expected.json (Keras's predictions, jax.grad input gradients, the weights as
   layer.get_weights() returns them).
2. Legacy layouts no installed framework can write (Keras 1.2.2 GRU per-gate and consume_less='gpu', Keras 1
   SimpleRNN, Keras 2.2.4 GRU, Keras 2.2.4 CuDNNGRU), written with h5py to mimic real files of those eras, with
   outputs from the independent float64 NumPy reference in rnn_reference.py.
3. Then it runs make_tfkeras_fixtures.py in a child process (TF_USE_LEGACY_KERAS=1; Keras 3 and tf_keras do not
   share one process cleanly), which writes the tf_keras 2 files and re-checks the legacy files with tf_keras's own
   weight converters. --skip-tfkeras leaves that step out.

Everything is seeded; weights are set with seeded N(0, scale) values (biases included, so every gate and both GRU
bias rows matter). Every saved Keras file is reloaded and must predict exactly the recorded numbers; every Keras
prediction must agree with the float64 reference to 2e-5 and every jax.grad gradient with central differences of
the reference to 2e-4, or the script stops with an error.
"""

import argparse
import json
import os
import subprocess
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import h5py  # noqa: E402
import jax  # noqa: E402
import jaxlib  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

import rnn_reference as ref  # noqa: E402

OUT = HERE
OUTPUT_TOLERANCE = 2e-5
GRADIENT_TOLERANCE = 2e-4


def floats(array):
    """float32 array -> nested lists of Python floats (each the exact float32 value)."""
    return np.asarray(array, dtype=np.float32).astype(np.float64).tolist()


def write_json(name, record):
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(record, f)
        f.write("\n")


# ----------------------------------------------------------------------------------------------------------------
# Part 1: Keras 3
# ----------------------------------------------------------------------------------------------------------------

L = keras.layers


def seq(name, input_shape, *layers, input_dtype="float32"):
    return keras.Sequential([keras.Input(shape=input_shape, dtype=input_dtype), *layers], name=name)


def bidirectional_none(name):
    inputs = keras.Input(shape=(6, 3))
    forward, backward = L.Bidirectional(L.GRU(3), merge_mode=None)(inputs)
    return keras.Model(inputs, [forward, backward], name=name)


def gru_return_state(name):
    inputs = keras.Input(shape=(6, 3))
    sequence, state = L.GRU(4, return_sequences=True, return_state=True)(inputs)
    return keras.Model(inputs, [sequence, state], name=name)


def normal_input(shape, scale=1.0):
    return lambda rng: (scale * rng.normal(0.0, 1.0, size=shape)).astype(np.float32)


def masked_input(rng):
    """4 sequences of 8 steps, 3 features; all-zero (masked) steps at the end and in the middle."""
    x = rng.normal(0.0, 1.0, size=(4, 8, 3)).astype(np.float32)
    x[1, 5:] = 0.0          # trailing 3
    x[2, 3:5] = 0.0         # middle 2
    x[2, 7] = 0.0           # and the last one
    x[3, 2] = 0.0           # middle 1
    x[3, 6:] = 0.0          # trailing 2
    return x


def token_input(rng):
    x = rng.integers(1, 20, size=(3, 9)).astype(np.int32)
    x[1, 6:] = 0
    x[2, 4:] = 0
    return x


# name -> (builder(name) -> model, input maker(rng) -> x, weight scale, notes)
KERAS3_MODELS = {
    "gru_reset_after": (lambda n: seq(n, (8, 3), L.GRU(5), L.Dense(2)), normal_input((4, 8, 3)), 0.5,
                        "GRU(5) with Keras 3 defaults (reset_after=True, sigmoid, tanh) -> Dense(2)"),
    "gru_reset_before": (lambda n: seq(n, (7, 3), L.GRU(4, reset_after=False, return_sequences=True)),
                         normal_input((3, 7, 3)), 0.5, "GRU(4, reset_after=False, return_sequences=True)"),
    "gru_hard_sigmoid": (lambda n: seq(n, (6, 2), L.GRU(4, recurrent_activation="hard_sigmoid")),
                         normal_input((3, 6, 2), scale=4.0), 0.8,
                         "GRU(4, recurrent_activation='hard_sigmoid'): Keras 3 hard_sigmoid = clip(x/6 + 0.5, 0, 1); "
                         "inputs scaled by 4 so that z/r pre-activations pass -3 and +3 (see hard_sigmoid_clip)"),
    "gru_go_backwards": (lambda n: seq(n, (6, 3), L.GRU(4, go_backwards=True, return_sequences=True)),
                         normal_input((3, 6, 3)), 0.5,
                         "GRU(4, go_backwards=True, return_sequences=True): outputs in processing (reversed) order"),
    "gru_masking": (lambda n: seq(n, (8, 3), L.Masking(0.0), L.GRU(4, return_sequences=True), L.GRU(3)),
                    masked_input, 0.5,
                    "Masking(0.0) -> GRU(4, return_sequences=True) -> GRU(3); masked steps: sample 1 steps 5-7, "
                    "sample 2 steps 3, 4 and 7, sample 3 steps 2, 6 and 7"),
    "gru_embedding_mask_zero": (
        lambda n: seq(n, (9,), L.Embedding(20, 4, mask_zero=True), L.GRU(6), L.Dense(5, activation="softmax"),
                      input_dtype="int32"),
        token_input, 0.5, "Embedding(20, 4, mask_zero=True) -> GRU(6) -> Dense(5, softmax); token 0 = padding"),
    "bidirectional_gru_concat": (
        lambda n: seq(n, (6, 3), L.Bidirectional(L.GRU(4, return_sequences=True)), L.Dense(2)),
        normal_input((3, 6, 3)), 0.5,
        "Bidirectional(GRU(4, return_sequences=True), merge_mode='concat') -> Dense(2) on every step"),
    "bidirectional_gru_sum": (
        lambda n: seq(n, (7, 2), L.Bidirectional(L.GRU(3), merge_mode="sum"), L.Dense(1)),
        normal_input((4, 7, 2)), 0.5, "Bidirectional(GRU(3), merge_mode='sum') -> Dense(1)"),
    "bidirectional_gru_mul": (
        lambda n: seq(n, (5, 3), L.Bidirectional(L.GRU(4, reset_after=False), merge_mode="mul")),
        normal_input((3, 5, 3)), 0.5, "Bidirectional(GRU(4, reset_after=False), merge_mode='mul')"),
    "bidirectional_gru_ave": (
        lambda n: seq(n, (6, 4), L.Bidirectional(L.GRU(3, return_sequences=True), merge_mode="ave")),
        normal_input((3, 6, 4)), 0.5, "Bidirectional(GRU(3, return_sequences=True), merge_mode='ave')"),
    "bidirectional_gru_none": (
        bidirectional_none, normal_input((3, 6, 3)), 0.5,
        "functional: Input -> Bidirectional(GRU(3), merge_mode=None) -> outputs [forward last, backward last]"),
    "stacked_gru_over_lstm": (
        lambda n: seq(n, (8, 3), L.LSTM(5, return_sequences=True), L.GRU(4, return_sequences=True),
                      L.SimpleRNN(3)),
        normal_input((3, 8, 3)), 0.5, "LSTM(5, return_sequences=True) -> GRU(4, return_sequences=True) -> SimpleRNN(3)"),
    "gru_no_bias": (lambda n: seq(n, (6, 3), L.GRU(4, use_bias=False)), normal_input((3, 6, 3)), 0.5,
                    "GRU(4, use_bias=False): kernel and recurrent_kernel only"),
    "simple_rnn_no_bias": (lambda n: seq(n, (6, 3), L.SimpleRNN(4, use_bias=False)), normal_input((3, 6, 3)), 0.5,
                           "SimpleRNN(4, use_bias=False)"),
    "simple_rnn_tanh": (
        lambda n: seq(n, (7, 3), L.SimpleRNN(5, return_sequences=True), L.TimeDistributed(L.Dense(2))),
        normal_input((3, 7, 3)), 0.5, "SimpleRNN(5, return_sequences=True) -> TimeDistributed(Dense(2))"),
    "simple_rnn_relu": (lambda n: seq(n, (8, 2), L.SimpleRNN(4, activation="relu")), normal_input((4, 8, 2)), 0.5,
                        "SimpleRNN(4, activation='relu')"),
    "rnn_gru_cell": (lambda n: seq(n, (6, 3), L.RNN(L.GRUCell(4))), normal_input((3, 6, 3)), 0.5,
                     "RNN(GRUCell(4)): the generic RNN wrapper around a GRU cell"),
    "rnn_simple_rnn_cell": (lambda n: seq(n, (6, 3), L.RNN(L.SimpleRNNCell(4), return_sequences=True)),
                            normal_input((3, 6, 3)), 0.5, "RNN(SimpleRNNCell(4), return_sequences=True)"),
    "gru_return_state": (
        gru_return_state, normal_input((3, 6, 3)), 0.5,
        "functional: Input -> GRU(4, return_sequences=True, return_state=True) -> outputs [sequence, final state]"),
    "gru_long": (lambda n: seq(n, (40, 3), L.GRU(8)), normal_input((3, 40, 3)), 0.4, "GRU(8) over 40 timesteps"),
}


def randomize(model, rng, scale):
    """Every weight (kernels, recurrent kernels, biases, embeddings) drawn from N(0, scale), float32."""
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0.0, scale, size=w.shape).astype(np.float32) for w in weights])


def recurrent_layers(model):
    """(path, direction, RNN layer) for every recurrent layer, Bidirectional's two directions included."""
    found = []
    for layer in model.layers:
        if isinstance(layer, L.Bidirectional):
            found.append((f"{layer.name}/forward_layer", "forward", layer.forward_layer))
            found.append((f"{layer.name}/backward_layer", "backward", layer.backward_layer))
        elif isinstance(layer, L.RNN):
            found.append((layer.name, None, layer))
    return found


WEIGHT_NAMES = ["kernel", "recurrent_kernel", "bias"]


def recurrent_record(path, direction, layer):
    cell = layer.cell
    cfg = cell.get_config()
    weights = layer.get_weights()
    return {
        "name": layer.name,
        "path": path,
        "direction": direction,
        "class_name": type(layer).__name__,
        "cell_class_name": type(cell).__name__,
        "weight_paths": [w.path for w in layer.weights],
        "config": {
            "units": cfg["units"],
            "activation": cfg["activation"],
            "recurrent_activation": cfg.get("recurrent_activation"),
            "hard_sigmoid_formula": "clip(x/6 + 0.5, 0, 1)" if cfg.get("recurrent_activation") == "hard_sigmoid"
            else None,
            "reset_after": cfg.get("reset_after"),
            "use_bias": cfg["use_bias"],
            "go_backwards": layer.go_backwards,
            "return_sequences": layer.return_sequences,
            "return_state": layer.return_state,
        },
        "weight_shapes": {n: list(w.shape) for n, w in zip(WEIGHT_NAMES, weights)},
        "weights": {n: floats(w) for n, w in zip(WEIGHT_NAMES, weights)},
    }


def gradient_target(model, outputs):
    """Which output and unit the input gradient differentiates: output 0, the last step, unit 1 (0 if only one)."""
    first = outputs[0] if isinstance(outputs, list) else outputs
    unit = 1 if first.shape[-1] > 1 else 0
    sequence = first.ndim == 3
    target = {
        "output": 0 if isinstance(outputs, list) else None,
        "timestep": first.shape[1] - 1 if sequence else None,
        "index": unit,
    }
    where = "outputs[0]" if isinstance(outputs, list) else "output"
    target["formula"] = (f"sum over the batch of {where}[b, {first.shape[1] - 1}, {unit}]" if sequence
                         else f"sum over the batch of {where}[b, {unit}]")
    return target


def jax_input_gradient(model, x, target):
    trainable = [v.value for v in model.trainable_variables]
    non_trainable = [v.value for v in model.non_trainable_variables]

    def objective(inputs):
        y, _ = model.stateless_call(trainable, non_trainable, inputs)
        if isinstance(y, tuple):
            y = list(y)
        return ref.pick(y, target).sum()

    return np.asarray(jax.jit(jax.grad(objective))(jax.numpy.asarray(x)))


def same_prediction(a, b):
    if isinstance(a, list):
        return len(a) == len(b) and all(np.array_equal(p, q) for p, q in zip(a, b))
    return np.array_equal(a, b)


def hard_sigmoid_clip_counts(cell, x, edge):
    """How many z/r pre-activations (all samples, steps, units) of a reference GRU cell fall below -edge, inside
    [-edge, edge] and above edge: hard_sigmoid saturates at 3 in Keras 3 and at 2.5 in Keras 1/2."""
    state = cell.initial_state(x.shape[0])
    counts = {"below": 0, "inside": 0, "above": 0}
    for t in range(x.shape[1]):
        step_input = np.asarray(x[:, t], np.float64)
        pre = cell.preactivations(step_input, state)
        counts["below"] += int(np.sum(pre < -edge))
        counts["above"] += int(np.sum(pre > edge))
        counts["inside"] += int(np.sum(np.abs(pre) <= edge))
        _, state = cell.step(step_input, state)
    if 0 in counts.values():
        sys.exit(f"the hard_sigmoid clip at +-{edge} is not reached on both sides: {counts}")
    return dict(counts, edge=edge, note="z and r pre-activations over all samples, steps and units")


def make_keras3(name, seed):
    builder, make_input, scale, notes = KERAS3_MODELS[name]
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    model = builder(name)
    randomize(model, rng, scale)
    x = make_input(rng)

    files = [name + ".keras", name + ".h5", name + ".weights.h5"]
    model.save(os.path.join(OUT, files[0]))
    model.save(os.path.join(OUT, files[1]))
    model.save_weights(os.path.join(OUT, files[2]))

    predicted = model.predict(x, verbose=0)
    several = isinstance(predicted, (list, tuple))
    predicted = [np.asarray(p, np.float32) for p in predicted] if several else np.asarray(predicted, np.float32)

    # Reload all three files; each must predict exactly the same numbers.
    for f in files[:2]:
        again = keras.saving.load_model(os.path.join(OUT, f), compile=False).predict(x, verbose=0)
        if not same_prediction(list(again) if several else again, predicted):
            sys.exit(f"{f}: the reloaded model predicts differently")
    fresh = builder(name)
    fresh.load_weights(os.path.join(OUT, files[2]))
    again = fresh.predict(x, verbose=0)
    if not same_prediction(list(again) if several else again, predicted):
        sys.exit(f"{files[2]}: the rebuilt model with these weights predicts differently")

    reference = ref.reference_forward(model, x)
    reference_error = ref.max_abs_diff(predicted, reference)
    if reference_error > OUTPUT_TOLERANCE:
        sys.exit(f"{name}: Keras and the float64 reference differ by {reference_error:.3g}")

    record = {
        "name": name,
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "files": files,
        "notes": notes,
        "input": x.tolist() if x.dtype.kind == "i" else floats(x),
        "input_dtype": str(x.dtype),
    }
    if several:
        record["expected_outputs"] = [floats(p) for p in predicted]
    else:
        record["expected_output"] = floats(predicted)
    record["summary_params"] = int(model.count_params())
    record["layers"] = [{"name": layer.name, "class_name": type(layer).__name__, "params": int(layer.count_params())}
                        for layer in model.layers]
    record["recurrent"] = [recurrent_record(path, direction, layer)
                           for path, direction, layer in recurrent_layers(model)]

    if x.dtype.kind == "f":
        target = gradient_target(model, predicted)
        gradient = jax_input_gradient(model, x, target)
        check = ref.finite_difference_gradient(lambda xx: ref.reference_forward(model, xx), x, target)
        gradient_error = float(np.max(np.abs(gradient.astype(np.float64) - check)))
        if gradient_error > GRADIENT_TOLERANCE:
            sys.exit(f"{name}: jax.grad and central differences differ by {gradient_error:.3g}")
        record["gradient_target"] = target
        record["input_gradient"] = floats(gradient)
        record["input_gradient_note"] = ("d target / d input, same shape as input, float32, jax.grad of "
                                         "model.stateless_call on Keras's own model")
    record["reference_check"] = {
        "max_abs_diff_output": reference_error,
        "note": "Keras's prediction vs the float64 NumPy reference (rnn_reference.py)"
                + ("; gradient vs central differences of that reference: within 2e-4" if x.dtype.kind == "f" else ""),
    }
    if name == "gru_hard_sigmoid":
        record["hard_sigmoid_clip"] = hard_sigmoid_clip_counts(ref.reference_cell(model.layers[0], "keras3"), x, 3.0)
    write_json(name, record)
    sizes = sum(os.path.getsize(os.path.join(OUT, f)) for f in files)
    print(f"keras3  {name}: params={record['summary_params']} ref_diff={reference_error:.2g} bytes={sizes}")


# ----------------------------------------------------------------------------------------------------------------
# Part 2: legacy layouts written with h5py (Keras 1.2.2, Keras 2.2.4, CuDNNGRU)
# ----------------------------------------------------------------------------------------------------------------
#
# The attribute set and group structure copy the real files in /work/shared/fixtures/keras/:
# - root attrs keras_version (and, from Keras 2, backend), model_config, training_config: scalar variable-length
#   ASCII strings (what h5py writes for the `bytes` Keras assigns);
# - model_weights/ attr layer_names: fixed-length, null-padded byte strings (h5py's conversion of Keras's list of
#   bytes); Keras 2 also puts backend and keras_version on model_weights;
# - one group per layer with attr weight_names (same string type; float64 empty array for a layer without weights)
#   and one float32 dataset per weight name: Keras 1 at model_weights/<layer>/<weight name>, Keras 2 at
#   model_weights/<layer>/<layer>/<weight>:0 (the "/" of the TensorFlow variable name makes a subgroup).
# The models are "compiled, never trained": a training_config without optimizer_weights (the optimizer's weights
# are created at the first fit, Keras 1.2.2 / 2.2.4 optimizers.py).


def ascii_attr(obj, key, text):
    obj.attrs[key] = text.encode("utf8")


def names_attr(obj, key, names):
    obj.attrs[key] = np.array([n.encode("utf8") for n in names]) if names else np.array([])


def write_dataset(group, name, value):
    # Keras 1.2.2 topology.save_weights_to_hdf5_group / Keras 2.2.4 io_utils.H5Dict: create, then assign.
    dataset = group.create_dataset(name, value.shape, dtype=value.dtype)
    dataset[:] = value


KERAS1_TRAINING_CONFIG = {  # as in 03_k1_dl4j_bidirectional_lstm.h5 (Keras 1.2.2, Adam, mse)
    "optimizer_config": {"class_name": "Adam", "config": {
        "lr": 0.0010000000474974513, "beta_1": 0.8999999761581421, "beta_2": 0.9990000128746033, "decay": 0.0,
        "epsilon": 1e-08}},
    "loss": "mse", "metrics": None, "sample_weight_mode": None, "loss_weights": None,
}

KERAS224_TRAINING_CONFIG = {  # Keras 2.2.4 saving.py + Adam.get_config (epsilon None -> K.epsilon() = 1e-07)
    "optimizer_config": {"class_name": "Adam", "config": {
        "lr": 0.0010000000474974513, "beta_1": 0.8999999761581421, "beta_2": 0.9990000128746033, "decay": 0.0,
        "epsilon": 1e-07, "amsgrad": False}},
    "loss": "mse", "metrics": [], "sample_weight_mode": None, "loss_weights": None,
}


def write_legacy_file(path, keras_version, backend, model_config, training_config, layers):
    """layers: [(layer name, [(weight name, float32 array), ...])] in model order."""
    with h5py.File(path, "w") as f:
        ascii_attr(f, "keras_version", keras_version)
        if backend is not None:
            ascii_attr(f, "backend", backend)
        ascii_attr(f, "model_config", json.dumps(model_config))
        weights_group = f.create_group("model_weights")
        names_attr(weights_group, "layer_names", [name for name, _ in layers])
        if backend is not None:
            ascii_attr(weights_group, "backend", backend)
            ascii_attr(weights_group, "keras_version", keras_version)
        for layer_name, weights in layers:
            g = weights_group.create_group(layer_name)
            names_attr(g, "weight_names", [n for n, _ in weights])
            for weight_name, value in weights:
                write_dataset(g, weight_name, np.asarray(value, np.float32))
        ascii_attr(f, "training_config", json.dumps(training_config))


def keras1_layer_base(name, batch_input_shape=None):
    # Keras 1.2.2 engine/topology.py Layer.get_config
    config = {"name": name, "trainable": True}
    if batch_input_shape is not None:
        config["batch_input_shape"] = batch_input_shape
        config["input_dtype"] = "float32"
    return config


def keras1_recurrent_config(name, kind, units, timesteps, features, consume_less):
    # Keras 1.2.2 layers/recurrent.py: Layer, then Recurrent.get_config, then GRU/SimpleRNN.get_config
    config = keras1_layer_base(name, [None, timesteps, features])
    config.update({"return_sequences": False, "go_backwards": False, "stateful": False, "unroll": False,
                   "consume_less": consume_less, "input_dim": features, "input_length": None})
    config.update({"output_dim": units, "init": "glorot_uniform", "inner_init": "orthogonal", "activation": "tanh"})
    if kind == "GRU":
        config["inner_activation"] = "hard_sigmoid"
    config.update({"W_regularizer": None, "U_regularizer": None, "b_regularizer": None, "dropout_W": 0.0,
                   "dropout_U": 0.0})
    return {"class_name": kind, "config": config}


def keras1_dense_config(name, units, input_dim):
    # Keras 1.2.2 layers/core.py Dense.get_config
    config = keras1_layer_base(name)
    config.update({"output_dim": units, "init": "glorot_uniform", "activation": "linear", "W_regularizer": None,
                   "b_regularizer": None, "activity_regularizer": None, "W_constraint": None, "b_constraint": None,
                   "bias": True, "input_dim": input_dim})
    return {"class_name": "Dense", "config": config}


def keras2_initializers():
    return {
        "glorot_uniform": {"class_name": "VarianceScaling",
                           "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
        "orthogonal": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
        "zeros": {"class_name": "Zeros", "config": {}},
    }


def keras224_layer_base(name, batch_input_shape=None):
    # Keras 2.2.4 engine/base_layer.py Layer.get_config (dtype only on the layer that got an input shape)
    config = {"name": name, "trainable": True}
    if batch_input_shape is not None:
        config["batch_input_shape"] = batch_input_shape
        config["dtype"] = "float32"
    return config


def keras224_gru_config(name, units, timesteps, features):
    init = keras2_initializers()
    config = keras224_layer_base(name, [None, timesteps, features])
    config.update({"return_sequences": False, "return_state": False, "go_backwards": False, "stateful": False,
                   "unroll": False})
    config.update({"units": units, "activation": "tanh", "recurrent_activation": "hard_sigmoid", "use_bias": True,
                   "kernel_initializer": init["glorot_uniform"], "recurrent_initializer": init["orthogonal"],
                   "bias_initializer": init["zeros"], "kernel_regularizer": None, "recurrent_regularizer": None,
                   "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
                   "recurrent_constraint": None, "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0,
                   "implementation": 1, "reset_after": False})
    return {"class_name": "GRU", "config": config}


def keras224_cudnn_gru_config(name, units, timesteps, features):
    # Keras 2.2.4 layers/cudnn_recurrent.py: Layer.get_config, _CuDNNRNN.get_config, CuDNNGRU.get_config
    init = keras2_initializers()
    config = keras224_layer_base(name, [None, timesteps, features])
    config.update({"return_sequences": False, "return_state": False, "go_backwards": False, "stateful": False})
    config.update({"units": units, "kernel_initializer": init["glorot_uniform"],
                   "recurrent_initializer": init["orthogonal"], "bias_initializer": init["zeros"],
                   "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
                   "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
                   "bias_constraint": None})
    return {"class_name": "CuDNNGRU", "config": config}


def keras224_dense_config(name, units):
    init = keras2_initializers()
    config = keras224_layer_base(name)
    config.update({"units": units, "activation": "linear", "use_bias": True,
                   "kernel_initializer": init["glorot_uniform"], "bias_initializer": init["zeros"],
                   "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                   "kernel_constraint": None, "bias_constraint": None})
    return {"class_name": "Dense", "config": config}


def gru_params(d, u, reset_after):
    return 3 * (d * u + u * u + (2 * u if reset_after else u))


def make_legacy(name, seed):
    """One legacy file: canonical Keras 2 weights drawn from N(0, 0.5), stored in the era's own layout."""
    rng = np.random.default_rng(seed)
    spec = LEGACY_MODELS[name]
    timesteps, features, units, dense_units = spec["shape"]
    batch = 3
    x = (spec.get("input_scale", 1.0) * rng.normal(0.0, 1.0, size=(batch, timesteps, features))).astype(np.float32)
    kind = spec["kind"]
    blocks = 1 if kind == "SimpleRNN" else 3
    kernel = rng.normal(0.0, 0.5, size=(features, blocks * units)).astype(np.float32)
    recurrent = rng.normal(0.0, 0.5, size=(units, blocks * units)).astype(np.float32)
    bias_shape = (2, 3 * units) if spec["reset_after"] else (blocks * units,)
    bias = rng.normal(0.0, 0.5, size=bias_shape).astype(np.float32)
    dense_kernel = rng.normal(0.0, 0.5, size=(units, dense_units)).astype(np.float32)
    dense_bias = rng.normal(0.0, 0.5, size=(dense_units,)).astype(np.float32)

    rnn_name, dense_name = spec["layer_names"]
    suffix = spec.get("name_suffix", "")
    era = spec["era"]
    if era == "keras1":
        if kind == "GRU" and spec["consume_less"] == "cpu":
            # Part 2 section 1: nine arrays W_z, U_z, b_z, W_r, U_r, b_r, W_h, U_h, b_h (add_weight order).
            arrays = []
            for g, gate in enumerate("zrh"):
                cols = slice(g * units, (g + 1) * units)
                arrays += [(f"{rnn_name}_W_{gate}{suffix}", kernel[:, cols]),
                           (f"{rnn_name}_U_{gate}{suffix}", recurrent[:, cols]),
                           (f"{rnn_name}_b_{gate}{suffix}", bias[cols])]
            layout = "keras1-per-gate"
        else:
            # consume_less='gpu' GRU (section 1) and Keras 1 SimpleRNN: W, U, b, already z|r|h.
            arrays = [(f"{rnn_name}_W{suffix}", kernel), (f"{rnn_name}_U{suffix}", recurrent),
                      (f"{rnn_name}_b{suffix}", bias)]
            layout = "keras1-concat" if kind == "GRU" else "keras1-simple"
        dense_arrays = [(f"{dense_name}_W{suffix}", dense_kernel), (f"{dense_name}_b{suffix}", dense_bias)]
        rnn_config = keras1_recurrent_config(rnn_name, kind, units, timesteps, features, spec["consume_less"])
        model_config = {"class_name": "Sequential",
                        "config": [rnn_config, keras1_dense_config(dense_name, dense_units, units)]}
        training_config = KERAS1_TRAINING_CONFIG
        keras_version, backend = "1.2.2", None
    else:
        if kind == "CuDNNGRU":
            # Section 2b: the file holds raw cuDNN blocks; written by the inverse of the documented conversion,
            # which must give the canonical weights back exactly.
            file_kernel, file_recurrent, file_bias = ref.canonical_to_cudnn_gru(kernel, recurrent, bias)
            back = ref.cudnn_gru_to_canonical(file_kernel, file_recurrent, file_bias)
            if not all(np.array_equal(a, b) for a, b in zip(back, (kernel, recurrent, bias))):
                sys.exit(f"{name}: the documented CuDNNGRU conversion does not give the canonical weights back")
            if np.array_equal(file_kernel, kernel):
                sys.exit(f"{name}: the cuDNN kernel equals the canonical one; the fixture would not test the layout")
            rnn_config = keras224_cudnn_gru_config(rnn_name, units, timesteps, features)
            layout = "cudnn"
        else:
            file_kernel, file_recurrent, file_bias = kernel, recurrent, bias
            rnn_config = keras224_gru_config(rnn_name, units, timesteps, features)
            layout = "fused"
        arrays = [(f"{rnn_name}/kernel:0", file_kernel), (f"{rnn_name}/recurrent_kernel:0", file_recurrent),
                  (f"{rnn_name}/bias:0", file_bias)]
        dense_arrays = [(f"{dense_name}/kernel:0", dense_kernel), (f"{dense_name}/bias:0", dense_bias)]
        model_config = {"class_name": "Sequential",
                        "config": {"name": "sequential_1",
                                   "layers": [rnn_config, keras224_dense_config(dense_name, dense_units)]}}
        training_config = KERAS224_TRAINING_CONFIG
        keras_version, backend = "2.2.4", "tensorflow"

    path = os.path.join(OUT, name + ".h5")
    write_legacy_file(path, keras_version, backend, model_config, training_config,
                      [(rnn_name, arrays), (dense_name, dense_arrays)])

    # The float64 reference from the canonical weights.
    act = np.tanh
    if kind == "SimpleRNN":
        cell = ref.SimpleRnn(kernel, recurrent, bias, act)
    elif kind == "CuDNNGRU":
        # Section 2b: cuDNN's GRU = reset_after=True with sigmoid gates and tanh.
        cell = ref.Gru(kernel, recurrent, bias, True, act, ref.sigmoid)
    else:
        # Keras 1 and Keras 2.2.4 GRU: reset before U_h, hard_sigmoid = clip(0.2x + 0.5) (sections 1 and 2).
        cell = ref.Gru(kernel, recurrent, bias, False, act, ref.hard_sigmoid_keras2)
    _, last, _ = ref.run(cell, x)
    output = ref.dense(last, dense_kernel, dense_bias, lambda v: v)

    rnn_params = (features * units + units * units + units) if kind == "SimpleRNN" else \
        gru_params(features, units, spec["reset_after"])
    dense_params = units * dense_units + dense_units
    file_class = kind
    recurrent_activation = None if kind == "SimpleRNN" else ("sigmoid" if kind == "CuDNNGRU" else "hard_sigmoid")
    record = {
        "name": name,
        "keras_version": keras_version,
        "backend": backend,
        "files": [name + ".h5"],
        "notes": spec["notes"],
        "written_by": "h5py, mimicking the era's layout (make_rnn_fixtures.py, part 2); no framework wrote it",
        "input": floats(x),
        "input_dtype": "float32",
        "expected_output": output.tolist(),
        "reference": "float64 numpy, formulas of KERAS_FORMATS.md " + spec["sections"],
        "summary_params": rnn_params + dense_params,
        "layers": [{"name": rnn_name, "class_name": file_class, "params": rnn_params},
                   {"name": dense_name, "class_name": "Dense", "params": dense_params}],
        "recurrent": [{
            "name": rnn_name,
            "class_name": file_class,
            "file_layout": layout,
            "weight_names": [n for n, _ in arrays],
            "config": {
                "units": units,
                "activation": "tanh",
                "recurrent_activation": recurrent_activation,
                "hard_sigmoid_formula": "clip(0.2*x + 0.5, 0, 1)" if recurrent_activation == "hard_sigmoid" else None,
                "reset_after": None if kind == "SimpleRNN" else spec["reset_after"],
                "use_bias": True,
                "go_backwards": False,
                "return_sequences": False,
            },
            "weights_layout": "canonical Keras 2: kernel (features, blocks*units), recurrent_kernel (units, "
                              "blocks*units), bias; GRU blocks z|r|h",
            "weights": {"kernel": floats(kernel), "recurrent_kernel": floats(recurrent), "bias": floats(bias)},
        }],
    }
    if kind == "CuDNNGRU":
        record["recurrent"][0]["file_weights"] = {"kernel": floats(file_kernel), "recurrent_kernel":
                                                  floats(file_recurrent), "bias": floats(file_bias)}
    if kind == "GRU":
        record["hard_sigmoid_clip"] = hard_sigmoid_clip_counts(cell, x, 2.5)
    write_json(name, record)
    print(f"legacy  {name}: params={record['summary_params']} bytes={os.path.getsize(path)}")


LEGACY_MODELS = {
    "k1_gru": {
        "era": "keras1", "kind": "GRU", "consume_less": "cpu", "reset_after": False, "shape": (7, 3, 4, 2),
        "layer_names": ("gru_1", "dense_1"), "name_suffix": ":0", "input_scale": 2.0,
        "sections": "Part 2 section 1 (Keras 1.x GRU step, hard_sigmoid 0.2x+0.5)",
        "notes": "Keras 1.2.2, TensorFlow backend (weight names end in :0), GRU(4) consume_less='cpu' (default): "
                 "nine arrays gru_1_W_z:0, gru_1_U_z:0, gru_1_b_z:0, then _r, then _h; inner_activation "
                 "hard_sigmoid; reset applied before U_h -> Dense(2)",
    },
    "k1_gru_gpu": {
        "era": "keras1", "kind": "GRU", "consume_less": "gpu", "reset_after": False, "shape": (6, 3, 5, 2),
        "layer_names": ("gru_1", "dense_1"), "name_suffix": ":0", "input_scale": 2.0,
        "sections": "Part 2 section 1 (consume_less='gpu', same step)",
        "notes": "Keras 1.2.2, TensorFlow backend, GRU(5, consume_less='gpu'): three arrays gru_1_W:0 (3, 15), "
                 "gru_1_U:0 (5, 15), gru_1_b:0 (15,), column blocks z|r|h -> Dense(2)",
    },
    "k1_simple_rnn": {
        "era": "keras1", "kind": "SimpleRNN", "consume_less": "cpu", "reset_after": False, "shape": (6, 2, 4, 1),
        "layer_names": ("simplernn_1", "dense_1"), "name_suffix": "",
        "sections": "Part 2 section 1 (SimpleRNN 1.x)",
        "notes": "Keras 1.2.2, Theano backend (weight names without :0), SimpleRNN(4): simplernn_1_W, simplernn_1_U, "
                 "simplernn_1_b -> Dense(1)",
    },
    "k2_gru": {
        "era": "keras2", "kind": "GRU", "reset_after": False, "shape": (7, 3, 4, 2),
        "layer_names": ("gru_1", "dense_1"), "input_scale": 2.0,
        "sections": "Part 2 section 2 (Keras 2.x GRU, reset_after=False, hard_sigmoid 0.2x+0.5)",
        "notes": "Keras 2.2.4, TensorFlow backend, GRU(4) with 2.2.4 defaults (reset_after=False, "
                 "recurrent_activation hard_sigmoid, implementation 1): gru_1/kernel:0, gru_1/recurrent_kernel:0, "
                 "gru_1/bias:0 (12,) -> Dense(2)",
    },
    "k2_cudnn_gru": {
        "era": "keras2", "kind": "CuDNNGRU", "reset_after": True, "shape": (6, 3, 4, 1),
        "layer_names": ("cu_dnngru_1", "dense_1"),
        "sections": "Part 2 section 2b (CuDNNGRU layout and conversion) and section 2 (reset_after=True step)",
        "notes": "Keras 2.2.4, TensorFlow backend, CuDNNGRU(4) -> Dense(1): cu_dnngru_1/kernel:0 (3, 12) whose "
                 "three (3, 4) blocks are raw cuDNN matrices, recurrent_kernel:0 (4, 12) with transposed blocks, "
                 "bias:0 (24,) = [input z r h, recurrent z r h]; computes GRU(reset_after=True, sigmoid, tanh) "
                 "with the canonical weights in `recurrent`",
    },
}


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT, help="output folder (default: this script's folder)")
    parser.add_argument("--skip-tfkeras", action="store_true", help="do not run make_tfkeras_fixtures.py")
    args = parser.parse_args()
    OUT = args.out
    os.makedirs(OUT, exist_ok=True)
    print(f"keras {keras.__version__}, jax {jax.__version__}, jaxlib {jaxlib.__version__}, numpy {np.__version__}, "
          f"h5py {h5py.__version__}")
    for seed, name in enumerate(KERAS3_MODELS, start=100):
        make_keras3(name, seed)
    for seed, name in enumerate(LEGACY_MODELS, start=200):
        make_legacy(name, seed)
    if not args.skip_tfkeras:
        env = dict(os.environ, TF_USE_LEGACY_KERAS="1", TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
        env.pop("KERAS_BACKEND", None)
        subprocess.run([sys.executable, os.path.join(HERE, "make_tfkeras_fixtures.py"), "--out", OUT], env=env,
                       check=True)


if __name__ == "__main__":
    main()
