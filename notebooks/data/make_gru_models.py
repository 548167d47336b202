"""Train the small GRU and SimpleRNN models the notebooks load, with real Keras 3 on the JAX backend (CPU).

Run from the repository root (see README.md in this folder for the venv):

    KERAS_BACKEND=jax JAX_PLATFORMS=cpu python notebooks/data/make_gru_models.py

The companion of make_models.py (the LSTM models), same task and conventions: everything is seeded; for each model
NAME it writes NAME.keras, NAME.h5 (legacy HDF5, written by Keras 3) and NAME.expected.json (inputs, Keras's own
predictions, parameter counts, weights as plain arrays, training error, gradient / occlusion / integrated-gradients
references from make_models.reference_attributions).

Models whose truth is known (the attributions must find the lag):
- gru_lag3:        y = x[T-1-3]     GRU(8)       -> Dense(1)
- gru_lag3_reset_before: y = x[T-1-3]  GRU(8, reset_after=False) -> Dense(1): the Keras 2 placement of r, bias (24,)
- simple_rnn_lag3: y = x[T-1-3]     SimpleRNN(8) -> Dense(1)

With --tfkeras-python PYTHON it then runs make_tfkeras_gru_models.py with that interpreter (which must import
tf_keras 2): two small tf.keras 2 GRU files, one with tf.keras 2's defaults (bias (2, 12)), one with Keras 2.2.4's
(reset_after=False, hard_sigmoid, bias (12,)).
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import h5py  # noqa: E402
import jax  # noqa: E402
import jaxlib  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

from make_models import SEQ_LEN, floats, lag_task, mse, reference_attributions  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))
LAG = 3
TRAIN_SAMPLES = 4096
BATCH = 64
TARGET_MSE = 1e-3


def lag_model(name, layer):
    return keras.Sequential([
        keras.Input(shape=(SEQ_LEN, 1), name="sequence"),
        layer,
        keras.layers.Dense(1, name="dense"),
    ], name=name)


def layer_record(layer):
    record = {"name": layer.name, "class": type(layer).__name__, "params": int(layer.count_params())}
    weights = layer.get_weights()
    if isinstance(layer, (keras.layers.GRU, keras.layers.SimpleRNN)):
        config = layer.get_config()
        keys = ["units", "activation", "use_bias", "return_sequences", "go_backwards"]
        if isinstance(layer, keras.layers.GRU):
            keys[2:2] = ["recurrent_activation", "reset_after"]
        record["config"] = {k: config[k] for k in keys}
        names = ["kernel", "recurrent_kernel", "bias"]
    else:
        record["config"] = {k: layer.get_config()[k] for k in ("units", "activation", "use_bias")}
        names = ["kernel", "bias"]
    record["weight_shapes"] = {n: list(w.shape) for n, w in zip(names, weights)}
    record["weight_sha256"] = {n: hashlib.sha256(np.ascontiguousarray(w, dtype="<f4").tobytes()).hexdigest()
                               for n, w in zip(names, weights)}
    record["weights"] = {n: floats(w) for n, w in zip(names, weights)}
    return record


def save(model, name, x_check, training, notes):
    files = [name + ".keras", name + ".h5"]
    model.save(os.path.join(OUT, files[0]))
    model.save(os.path.join(OUT, files[1]))
    expected = model.predict(x_check, verbose=0).astype(np.float32)
    record = {
        "name": name,
        "keras_version": keras.__version__,
        "jax_version": jax.__version__,
        "jaxlib_version": jaxlib.__version__,
        "numpy_version": np.__version__,
        "h5py_version": h5py.__version__,
        "backend": keras.backend.backend(),
        "files": files,
        "notes": notes,
        "input_shape": list(x_check.shape),
        "input": floats(x_check),
        "input_dtype": "float32",
        "expected_output": floats(expected),
        "summary_params": int(model.count_params()),
        "layers": [layer_record(layer) for layer in model.layers],
        "reference_attributions": reference_attributions(model, x_check),
        "training": training,
    }
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(record, f, indent=None, separators=(",", ":"))
        f.write("\n")
    for f in files:
        reloaded = keras.saving.load_model(os.path.join(OUT, f), compile=False).predict(x_check, verbose=0)
        if not np.array_equal(reloaded, expected):
            sys.exit(f"{f}: reloaded model predicts differently")
    sizes = {f: os.path.getsize(os.path.join(OUT, f)) for f in files}
    print(f"{name}: params={model.count_params()} test_mse={training['test_mse']:.3g} "
          f"steps={training['optimizer_steps']} sizes={sizes}")


def make_lag3(name, make_layer, seed, epochs):
    """y = x[T-1-3]; Adam 0.01 for `epochs` epochs, then 0.002 for half as many: 768 steps for epochs=8."""
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train, y_train = lag_task(rng, TRAIN_SAMPLES, [(LAG, 1.0)])
    x_test, y_test = lag_task(rng, 1024, [(LAG, 1.0)])
    model = lag_model(name, make_layer())
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    model.fit(x_train, y_train, epochs=epochs, batch_size=BATCH, shuffle=True, verbose=0)
    model.optimizer.learning_rate.assign(0.002)
    model.fit(x_train, y_train, epochs=epochs // 2, batch_size=BATCH, shuffle=True, verbose=0)
    test_mse = mse(model, x_test, y_test)
    if test_mse > TARGET_MSE:
        sys.exit(f"{name}: test MSE {test_mse:.3g} above the target {TARGET_MSE}")
    total_epochs = epochs + epochs // 2
    training = {
        "task": f"1 * x[T-1-{LAG}], T = {SEQ_LEN}",
        "true_lags": [LAG],
        "inputs": "uniform in [-1, 1]",
        "train_samples": len(x_train), "batch_size": BATCH, "epochs": total_epochs,
        "optimizer_steps": total_epochs * (len(x_train) // BATCH),
        "optimizer": "Adam 0.01 then 0.002",
        "train_mse": mse(model, x_train, y_train), "test_mse": test_mse,
        "target_variance": float(np.var(y_test)),
    }
    check_rng = np.random.default_rng(seed + 1000)
    x_check, y_check = lag_task(check_rng, 4, [(LAG, 1.0)])
    training["check_targets"] = floats(y_check)
    save(model, name, x_check, training, notes="output at the last step = the input 3 steps before it")


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT, help="output folder (default: this script's folder)")
    parser.add_argument("--tfkeras-python", help="a Python that imports tf_keras 2: also write the tf.keras 2 files")
    args = parser.parse_args()
    OUT = args.out
    os.makedirs(OUT, exist_ok=True)
    make_lag3("gru_lag3", lambda: keras.layers.GRU(8, name="gru"), seed=3, epochs=8)
    make_lag3("simple_rnn_lag3", lambda: keras.layers.SimpleRNN(8, name="simple_rnn"), seed=33, epochs=8)
    # after the first two, so that their files stay byte-identical (Keras numbers optimizer variables globally)
    make_lag3("gru_lag3_reset_before", lambda: keras.layers.GRU(8, reset_after=False, name="gru"), seed=3, epochs=8)
    if args.tfkeras_python:
        env = dict(os.environ, TF_USE_LEGACY_KERAS="1", TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
        env.pop("KERAS_BACKEND", None)
        subprocess.run([args.tfkeras_python, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                          "make_tfkeras_gru_models.py"), "--out", OUT],
                       env=env, check=True)


if __name__ == "__main__":
    main()
