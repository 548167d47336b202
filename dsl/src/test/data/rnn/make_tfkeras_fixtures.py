"""Write the tf_keras 2 fixtures of this folder, and re-check the h5py-written legacy files with tf_keras's loaders.

make_rnn_fixtures.py runs this in a child process; to run it alone (after make_rnn_fixtures.py, whose legacy files
it re-checks):

    TF_USE_LEGACY_KERAS=1 CUDA_VISIBLE_DEVICES= /work/venv-rnn/bin/python dsl/src/test/data/rnn/make_tfkeras_fixtures.py

It needs `import tf_keras` to give tf-keras 2.21.0 (the Keras 2 API that goes with TensorFlow 2.21); see README.md
for how it was installed here. Files written, all by tf_keras itself:

- tfk_gru.h5                     GRU(4) with tf.keras 2 defaults (reset_after=True, sigmoid) -> Dense(1)
- tfk_gru_v1_style.h5            GRU(4, reset_after=False, recurrent_activation='hard_sigmoid'): hard_sigmoid is
                                 clip(0.2x + 0.5) in tf_keras; inputs scaled so the clip is reached
- tfk_bidirectional_simple_rnn.h5  Bidirectional(SimpleRNN(3, return_sequences=True))
- tfk_gru_weights_only.h5        save_weights("NAME.h5"): the legacy HDF5 weights layout (layer_names, weight_names,
                                 gru/gru_cell/kernel:0 ...), no architecture
- tfk_gru_weights_only.weights.h5  save_weights("NAME.weights.h5"): tf_keras picks its Keras-3-style layout
                                 (layers/gru/cell/vars/0 ...) for this suffix, not the legacy one

with NAME.expected.json: model.predict outputs, tf.GradientTape input gradients, weights as get_weights() returns
them; predictions checked against the float64 reference (rnn_reference.py, era "keras2"), gradients against its
central differences, every file reloaded by tf_keras and predicting exactly the same numbers.
"""

import argparse
import json
import os
import sys

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

try:
    import tf_keras  # noqa: E402
except ImportError:
    sys.exit("tf_keras is not importable: install tf-keras==2.21.0 (see README.md in this folder)")
try:  # the wheel keeps the code under tf_keras.src; a checkout of the repository has it at the top
    from tf_keras.src.saving.legacy import hdf5_format  # noqa: E402
except ImportError:
    from tf_keras.saving.legacy import hdf5_format  # noqa: E402

import rnn_reference as ref  # noqa: E402

OUT = HERE
OUTPUT_TOLERANCE = 2e-5
GRADIENT_TOLERANCE = 2e-4
WEIGHT_NAMES = ["kernel", "recurrent_kernel", "bias"]
L = tf_keras.layers


def floats(array):
    return np.asarray(array, dtype=np.float32).astype(np.float64).tolist()


def write_json(name, record):
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(record, f)
        f.write("\n")


def gru_dense():
    return tf_keras.Sequential([L.GRU(5, input_shape=(8, 3)), L.Dense(2)])


MODELS = {
    "tfk_gru": (lambda: tf_keras.Sequential([L.GRU(4, input_shape=(7, 3)), L.Dense(1)]), (3, 7, 3), 1.0,
                "tf_keras GRU(4) with its defaults (reset_after=True, recurrent_activation sigmoid, bias (2, 12)) "
                "-> Dense(1), saved with model.save('tfk_gru.h5')"),
    "tfk_gru_v1_style": (
        lambda: tf_keras.Sequential([L.GRU(4, reset_after=False, recurrent_activation="hard_sigmoid",
                                           input_shape=(6, 3))]), (3, 6, 3), 3.0,
        "tf_keras GRU(4, reset_after=False, recurrent_activation='hard_sigmoid'): the Keras 2 / tf.keras v1 GRU; "
        "tf_keras hard_sigmoid = clip(0.2x + 0.5, 0, 1); inputs scaled by 3 so the clip is reached"),
    "tfk_bidirectional_simple_rnn": (
        lambda: tf_keras.Sequential([L.Bidirectional(L.SimpleRNN(3, return_sequences=True), input_shape=(6, 2))]),
        (3, 6, 2), 1.0, "tf_keras Bidirectional(SimpleRNN(3, return_sequences=True)), merge_mode concat"),
    "tfk_gru_weights_only": (
        gru_dense, (3, 8, 3), 1.0,
        "tf_keras GRU(5) -> Dense(2), weights only: tfk_gru_weights_only.h5 from save_weights('...h5') (legacy "
        "layout), tfk_gru_weights_only.weights.h5 from save_weights('...weights.h5') (tf_keras writes its "
        "Keras-3-style layout for that suffix); the architecture is in `architecture`"),
}


def recurrent_layers(model):
    found = []
    for layer in model.layers:
        if isinstance(layer, L.Bidirectional):
            found.append((f"{layer.name}/forward_layer", "forward", layer.forward_layer))
            found.append((f"{layer.name}/backward_layer", "backward", layer.backward_layer))
        elif isinstance(layer, L.RNN):
            found.append((layer.name, None, layer))
    return found


def recurrent_record(path, direction, layer):
    cfg = layer.cell.get_config()
    weights = layer.get_weights()
    return {
        "name": layer.name,
        "path": path,
        "direction": direction,
        "class_name": type(layer).__name__,
        "cell_class_name": type(layer.cell).__name__,
        "weight_names_in_file": [w.name for w in layer.weights],
        "config": {
            "units": cfg["units"],
            "activation": cfg["activation"],
            "recurrent_activation": cfg.get("recurrent_activation"),
            "hard_sigmoid_formula": "clip(0.2*x + 0.5, 0, 1)" if cfg.get("recurrent_activation") == "hard_sigmoid"
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


def gradient_target(outputs):
    unit = 1 if outputs.shape[-1] > 1 else 0
    sequence = outputs.ndim == 3
    return {
        "output": None,
        "timestep": outputs.shape[1] - 1 if sequence else None,
        "index": unit,
        "formula": (f"sum over the batch of output[b, {outputs.shape[1] - 1}, {unit}]" if sequence
                    else f"sum over the batch of output[b, {unit}]"),
    }


def tape_gradient(model, x, target):
    inputs = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        objective = tf.reduce_sum(ref.pick(model(inputs, training=False), target))
    return tape.gradient(objective, inputs).numpy()


def clip_counts(cell, x, edge):
    """z/r pre-activations below -edge, inside, above edge (tf_keras hard_sigmoid saturates at +-2.5)."""
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


def make(name, seed):
    builder, shape, scale, notes = MODELS[name]
    tf_keras.backend.clear_session()
    tf_keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    model = builder()
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0.0, 0.5, size=w.shape).astype(np.float32) for w in weights])
    x = (scale * rng.normal(0.0, 1.0, size=shape)).astype(np.float32)
    predicted = model.predict(x, verbose=0).astype(np.float32)

    if name == "tfk_gru_weights_only":
        files = [name + ".h5", name + ".weights.h5"]
        for f in files:
            model.save_weights(os.path.join(OUT, f))
            fresh = builder()
            fresh.load_weights(os.path.join(OUT, f))
            if not np.array_equal(fresh.predict(x, verbose=0), predicted):
                sys.exit(f"{f}: the rebuilt model with these weights predicts differently")
    else:
        files = [name + ".h5"]
        model.save(os.path.join(OUT, files[0]))
        again = tf_keras.models.load_model(os.path.join(OUT, files[0]), compile=False).predict(x, verbose=0)
        if not np.array_equal(again, predicted):
            sys.exit(f"{files[0]}: the reloaded model predicts differently")

    reference = ref.reference_forward(model, x, era="keras2")
    reference_error = ref.max_abs_diff(predicted, reference)
    if reference_error > OUTPUT_TOLERANCE:
        sys.exit(f"{name}: tf_keras and the float64 reference differ by {reference_error:.3g}")
    target = gradient_target(predicted)
    gradient = tape_gradient(model, x, target)
    check = ref.finite_difference_gradient(lambda xx: ref.reference_forward(model, xx, era="keras2"), x, target)
    gradient_error = float(np.max(np.abs(gradient.astype(np.float64) - check)))
    if gradient_error > GRADIENT_TOLERANCE:
        sys.exit(f"{name}: GradientTape and central differences differ by {gradient_error:.3g}")

    record = {
        "name": name,
        "keras_version": tf_keras.__version__,
        "backend": "tensorflow",
        "tensorflow_version": tf.__version__,
        "files": files,
        "notes": notes,
        "input": floats(x),
        "input_dtype": "float32",
        "expected_output": floats(predicted),
        "summary_params": int(model.count_params()),
        "layers": [{"name": layer.name, "class_name": type(layer).__name__, "params": int(layer.count_params())}
                   for layer in model.layers],
        "recurrent": [recurrent_record(p, d, layer) for p, d, layer in recurrent_layers(model)],
        "gradient_target": target,
        "input_gradient": floats(gradient),
        "input_gradient_note": "d target / d input, same shape as input, float32, tf.GradientTape on the tf_keras model",
        "reference_check": {
            "max_abs_diff_output": reference_error,
            "note": "tf_keras's prediction vs the float64 NumPy reference (rnn_reference.py, hard_sigmoid "
                    "0.2x+0.5); gradient vs central differences of that reference: within 2e-4",
        },
    }
    if name == "tfk_gru_v1_style":
        record["hard_sigmoid_clip"] = clip_counts(ref.reference_cell(model.layers[0], "keras2"), x, 2.5)
    if name == "tfk_gru_weights_only":
        record["architecture"] = {
            "description": "Sequential: GRU(5, input_shape=(8, 3)) with tf_keras defaults (tanh, sigmoid, "
                           "reset_after=True, use_bias) -> Dense(2, linear)",
            "model_config": json.loads(model.to_json()),
            "dense": {"kernel": floats(model.layers[1].get_weights()[0]),
                      "bias": floats(model.layers[1].get_weights()[1])},
        }
    write_json(name, record)
    sizes = sum(os.path.getsize(os.path.join(OUT, f)) for f in files)
    print(f"tf_keras {name}: params={record['summary_params']} ref_diff={reference_error:.2g} bytes={sizes}")


# --- Re-check of the h5py-written legacy files with tf_keras's own loader and converters -------------------------

def read_legacy_weights(path):
    """[(layer name, [arrays in weight_names order])] as tf_keras's hdf5_format reads them."""
    with h5py.File(path, "r") as f:
        g = f["model_weights"]
        names = hdf5_format.load_attributes_from_hdf5_group(g, "layer_names")
        layers = []
        for name in names:
            weight_names = hdf5_format.load_attributes_from_hdf5_group(g[name], "weight_names")
            layers.append((name, [np.asarray(g[name][w]) for w in weight_names]))
        return layers


def cross_check_legacy():
    """Build each legacy model in tf_keras and load the file with model.load_weights: tf_keras's own converters
    turn the nine Keras 1 GRU arrays into kernel / recurrent_kernel / bias (it reads keras_version from the
    model_weights group, where Keras 1 never wrote one, so it takes the file for Keras "1") and CuDNNGRU weights into
    GRU(reset_after=True) ones (_convert_rnn_weights, chosen by the (6u,) bias). The loaded kernel must equal the
    canonical one in the JSON, and tf_keras's prediction (hard_sigmoid 0.2x+0.5) the float64 reference.
    (Should load_weights refuse the nine arrays, the fallback converts them with preprocess_weights_for_loading.)"""
    for name in ["k1_gru", "k1_gru_gpu", "k1_simple_rnn", "k2_gru", "k2_cudnn_gru"]:
        json_path = os.path.join(OUT, name + ".expected.json")
        h5_path = os.path.join(OUT, name + ".h5")
        if not os.path.exists(json_path):
            print(f"cross-check {name}: missing, skipped")
            continue
        with open(json_path) as f:
            record = json.load(f)
        x = np.asarray(record["input"], np.float32)
        spec = record["recurrent"][0]
        units = spec["config"]["units"]
        dense_units = np.asarray(record["expected_output"]).shape[-1]
        tf_keras.backend.clear_session()
        if spec["class_name"] == "SimpleRNN":
            rnn = L.SimpleRNN(units, input_shape=x.shape[1:])
        elif spec["class_name"] == "CuDNNGRU":
            rnn = L.GRU(units, reset_after=True, recurrent_activation="sigmoid", input_shape=x.shape[1:])
        else:
            rnn = L.GRU(units, reset_after=False, recurrent_activation="hard_sigmoid", input_shape=x.shape[1:])
        model = tf_keras.Sequential([rnn, L.Dense(dense_units)])
        how = "model.load_weights(file)"
        try:
            model.load_weights(h5_path)
        except ValueError as error:
            if spec["file_layout"] != "keras1-per-gate":
                raise
            how = ("model.load_weights(file) refuses the 9 arrays (" + str(error).splitlines()[0][:120] +
                   "); weights read in weight_names order and converted with "
                   "hdf5_format.preprocess_weights_for_loading(layer, weights, original_keras_version='1')")
            for layer, (_, arrays) in zip(model.layers, read_legacy_weights(h5_path)):
                layer.set_weights(hdf5_format.preprocess_weights_for_loading(layer, arrays,
                                                                             original_keras_version="1"))
        if not np.array_equal(np.asarray(model.layers[0].get_weights()[0]),
                              np.asarray(spec["weights"]["kernel"], np.float32)):
            sys.exit(f"cross-check {name}: tf_keras's kernel differs from the canonical kernel in the JSON")
        predicted = model.predict(x, verbose=0)
        difference = float(np.max(np.abs(predicted.astype(np.float64) - np.asarray(record["expected_output"]))))
        if difference > OUTPUT_TOLERANCE:
            sys.exit(f"cross-check {name}: tf_keras predicts {difference:.3g} away from the float64 reference")
        record["tf_keras_check"] = {
            "tf_keras_version": tf_keras.__version__,
            "how": how + f"; tf_keras model: {type(rnn).__name__}(reset_after="
                         f"{getattr(rnn, 'reset_after', None)}, recurrent_activation="
                         f"{rnn.cell.get_config().get('recurrent_activation')}) -> Dense",
            "kernel_equals_canonical": True,
            "max_abs_diff_output": difference,
        }
        with open(json_path, "w") as f:
            json.dump(record, f)
            f.write("\n")
        print(f"cross-check {name}: tf_keras agrees to {difference:.2g} ({how[:40]}...)")


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT)
    OUT = parser.parse_args().out
    os.makedirs(OUT, exist_ok=True)
    print(f"tf_keras {tf_keras.__version__}, tensorflow {tf.__version__}, numpy {np.__version__}, "
          f"h5py {h5py.__version__}")
    for seed, name in enumerate(MODELS, start=300):
        make(name, seed)
    cross_check_legacy()


if __name__ == "__main__":
    main()
