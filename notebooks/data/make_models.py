"""Train the small LSTM models the notebooks load, with real Keras 3 on the JAX backend (CPU).

Run from the repository root (see README.md in this folder for the venv):

    KERAS_BACKEND=jax JAX_PLATFORMS=cpu python notebooks/data/make_models.py

Everything is seeded: the same versions on the same kind of machine give the same numbers. For each model NAME it
writes NAME.keras, NAME.h5 (legacy HDF5, written by Keras 3) and NAME.expected.json (inputs, Keras's own predictions,
parameter counts, weights as plain arrays, training error).

Models whose truth is known (the attributions must find these lags):
- lag5:            y = x[T-1-5]                      LSTM(8)  -> Dense(1)
- lag2_minus_lag7: y = x[T-1-2] - 0.8 * x[T-1-7]     LSTM(16) -> Dense(1)
and two for the tutorial questions:
- weather:            10 steps of (temperature, humidity, pressure) -> the next step; LSTM(16) -> Dense(3) -> linear
- stacked_64_128_256: 5 words x 64 dims -> LSTM(128, return_sequences) -> LSTM(256); seeded, not trained
"""

import argparse
import hashlib
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import h5py  # noqa: E402
import jax  # noqa: E402
import jaxlib  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))
SEQ_LEN = 12
WEATHER_STEPS = 10
IG_STEPS = 64
WEATHER_FEATURES = ["temperature", "humidity", "pressure"]


def floats(array):
    """float32 array -> nested lists of Python floats (each the exact float32 value)."""
    return np.asarray(array, dtype=np.float32).astype(np.float64).tolist()


def lag_task(rng, n, lags_and_weights):
    """Uniform inputs in [-1, 1]; target = sum of weight * x[T-1-lag] at the last step."""
    x = rng.uniform(-1.0, 1.0, size=(n, SEQ_LEN, 1)).astype(np.float32)
    y = np.zeros((n, 1), dtype=np.float32)
    for lag, weight in lags_and_weights:
        y[:, 0] += weight * x[:, SEQ_LEN - 1 - lag, 0]
    return x, y


def weather_series(rng, length):
    """Synthetic hourly weather: a daily cycle plus a slow season, noise, and pressure as a slow random walk."""
    t = np.arange(length, dtype=np.float64)
    season = np.sin(2 * np.pi * t / (24 * 60))
    day = np.sin(2 * np.pi * t / 24 - np.pi / 2)
    temperature = 12 + 8 * season + 5 * day + rng.normal(0, 0.8, length)
    humidity = 70 - 3 * (temperature - 12) + rng.normal(0, 3, length)
    pressure = np.empty(length)
    pressure[0] = 1013.0
    for k in range(1, length):
        pressure[k] = 1013.0 + 0.97 * (pressure[k - 1] - 1013.0) + rng.normal(0, 0.8)
    return np.stack([temperature, humidity, pressure], axis=1)


def windows(series, steps):
    x = np.stack([series[k:k + steps] for k in range(len(series) - steps)])
    y = series[steps:]
    return x.astype(np.float32), y.astype(np.float32)


def lag_model(name, units):
    return keras.Sequential([
        keras.Input(shape=(SEQ_LEN, 1), name="sequence"),
        keras.layers.LSTM(units, name="lstm"),
        keras.layers.Dense(1, name="dense"),
    ], name=name)


def train(model, x, y, epochs, lr, batch_size):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="mse")
    model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0)


def mse(model, x, y):
    return float(np.mean((model.predict(x, verbose=0) - y) ** 2))


def layer_record(layer, with_weights):
    record = {"name": layer.name, "class": type(layer).__name__, "params": int(layer.count_params())}
    weights = layer.get_weights()
    if isinstance(layer, keras.layers.LSTM):
        record["config"] = {k: layer.get_config()[k] for k in
                            ("units", "activation", "recurrent_activation", "use_bias", "return_sequences",
                             "go_backwards", "unit_forget_bias")}
        names = ["kernel", "recurrent_kernel", "bias"]
    elif isinstance(layer, keras.layers.Dense):
        record["config"] = {k: layer.get_config()[k] for k in ("units", "activation", "use_bias")}
        names = ["kernel", "bias"]
    else:
        record["config"] = {k: v for k, v in layer.get_config().items() if k in ("activation",)}
        names = []
    record["weight_shapes"] = {n: list(w.shape) for n, w in zip(names, weights)}
    # The digest lets a test check a loader bit for bit where the arrays are too big to list (the stacked model).
    record["weight_sha256"] = {n: hashlib.sha256(np.ascontiguousarray(w, dtype="<f4").tobytes()).hexdigest()
                               for n, w in zip(names, weights)}
    if with_weights:
        record["weights"] = {n: floats(w) for n, w in zip(names, weights)}
    else:
        record["weights_first_row"] = {n: floats(w[0] if w.ndim == 2 else w[:16]) for n, w in zip(names, weights)}
    return record


def reference_attributions(model, x_check):
    """Gradient and occlusion of the summed output, computed by JAX and Keras: references for the Java influence."""
    trainable = [v.value for v in model.trainable_variables]
    non_trainable = [v.value for v in model.non_trainable_variables]

    def summed_output(x):
        y, _ = model.stateless_call(trainable, non_trainable, x)
        return y.sum()

    gradient_of = jax.jit(jax.grad(summed_output))
    gradient = np.asarray(gradient_of(jax.numpy.asarray(x_check)))
    # Integrated gradients from a zero baseline, midpoint rule: alpha_k = (k + 0.5) / IG_STEPS.
    alphas = (np.arange(IG_STEPS, dtype=np.float32) + 0.5) / IG_STEPS
    path_gradients = jax.vmap(lambda a: gradient_of(a * jax.numpy.asarray(x_check)))(jax.numpy.asarray(alphas))
    integrated = np.asarray(path_gradients).mean(axis=0) * x_check
    base = model.predict(x_check, verbose=0).sum(axis=-1)
    occlusion = np.zeros(x_check.shape[:2], dtype=np.float32)
    for step in range(x_check.shape[1]):
        occluded = x_check.copy()
        occluded[:, step, :] = 0.0
        occlusion[:, step] = base - model.predict(occluded, verbose=0).sum(axis=-1)
    return {
        "target": "sum of the model's outputs for each sequence",
        "gradient": floats(gradient),
        "gradient_note": "d target / d input, batch x timesteps x features, float32 by jax.grad of stateless_call",
        "occlusion_zero": floats(occlusion),
        "occlusion_note": "target(x) - target(x with step t set to 0), batch x timesteps, float32 by model.predict",
        "integrated_gradients": floats(integrated),
        "integrated_gradients_note": f"zero baseline, {IG_STEPS} steps, midpoint rule alpha = (k + 0.5) / {IG_STEPS};"
                                     " batch x timesteps x features; sums to about target(x) - target(0)",
    }


def save(model, name, x_check, training, notes, with_weights=True):
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
        "layers": [layer_record(layer, with_weights) for layer in model.layers],
        "reference_attributions": reference_attributions(model, x_check) if with_weights else None,
        "training": training,
    }
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(record, f, indent=None, separators=(",", ":"))
        f.write("\n")
    for f in files:
        # Both files must give back exactly what the trained model predicts.
        reloaded = keras.saving.load_model(os.path.join(OUT, f), compile=False).predict(x_check, verbose=0)
        if not np.array_equal(reloaded, expected):
            sys.exit(f"{f}: reloaded model predicts differently")
    sizes = {f: os.path.getsize(os.path.join(OUT, f)) for f in files}
    print(f"{name}: params={model.count_params()} training={training} sizes={sizes}")


def make_lag(name, units, lags_and_weights, seed, epochs, target_mse):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train, y_train = lag_task(rng, 8192, lags_and_weights)
    x_test, y_test = lag_task(rng, 1024, lags_and_weights)
    model = lag_model(name, units)
    train(model, x_train, y_train, epochs=epochs, lr=0.01, batch_size=128)
    model.optimizer.learning_rate.assign(0.002)
    model.fit(x_train, y_train, epochs=epochs // 2, batch_size=128, shuffle=True, verbose=0)
    test_mse = mse(model, x_test, y_test)
    if test_mse > target_mse:
        sys.exit(f"{name}: test MSE {test_mse:.3g} above the target {target_mse}")
    training = {
        "task": " + ".join(f"{w:g} * x[T-1-{lag}]" for lag, w in lags_and_weights) + f", T = {SEQ_LEN}",
        "true_lags": [lag for lag, _ in lags_and_weights],
        "inputs": "uniform in [-1, 1]",
        "train_samples": len(x_train), "epochs": epochs + epochs // 2, "optimizer": "Adam 0.01 then 0.002",
        "train_mse": mse(model, x_train, y_train), "test_mse": test_mse,
        "target_variance": float(np.var(y_test)),
    }
    check_rng = np.random.default_rng(seed + 1000)
    x_check, y_check = lag_task(check_rng, 4, lags_and_weights)
    training["check_targets"] = floats(y_check)
    save(model, name, x_check, training, notes="output at the last step = the true lagged input(s)")


def make_weather(seed):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    series = weather_series(rng, 6000)
    split = 5000
    mean = series[:split].mean(axis=0)
    std = series[:split].std(axis=0)
    scaled = (series - mean) / std
    x_train, y_train = windows(scaled[:split], WEATHER_STEPS)
    x_test, y_test = windows(scaled[split:], WEATHER_STEPS)
    model = keras.Sequential([
        keras.Input(shape=(WEATHER_STEPS, len(WEATHER_FEATURES)), name="weather"),
        keras.layers.LSTM(16, name="lstm"),
        keras.layers.Dense(len(WEATHER_FEATURES), name="dense"),
        keras.layers.Activation("linear", name="linear"),
    ], name="weather")
    train(model, x_train, y_train, epochs=30, lr=0.005, batch_size=64)
    test_mse = mse(model, x_test, y_test)
    per_feature = np.mean((model.predict(x_test, verbose=0) - y_test) ** 2, axis=0)
    # A persistence forecast (tomorrow = today) as the yardstick the model must beat.
    persistence = float(np.mean((x_test[:, -1, :] - y_test) ** 2))
    if test_mse >= persistence:
        sys.exit(f"weather: test MSE {test_mse:.3g} does not beat persistence {persistence:.3g}")
    training = {
        "task": f"next step of {WEATHER_FEATURES} from the previous {WEATHER_STEPS} steps, standardised",
        "features": WEATHER_FEATURES,
        "standardisation": {"mean": mean.tolist(), "std": std.tolist()},
        "train_samples": len(x_train), "epochs": 30, "optimizer": "Adam 0.005",
        "train_mse": mse(model, x_train, y_train), "test_mse": test_mse,
        "test_mse_per_feature": per_feature.astype(np.float64).tolist(),
        "persistence_mse": persistence,
    }
    x_check = x_test[[0, 100, 200, 300]]
    training["check_targets"] = floats(y_test[[0, 100, 200, 300]])
    save(model, "weather", x_check, training,
         notes="synthetic hourly weather, standardised with the mean/std in training.standardisation")


def make_stacked(seed):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input(shape=(5, 64), name="words"),
        keras.layers.LSTM(128, return_sequences=True, name="lstm"),
        keras.layers.LSTM(256, name="lstm_1"),
    ], name="stacked_64_128_256")
    # A formula a notebook can rebuild exactly (every value is a multiple of 1/8): x[b][t][j] = ((320b + 64t + j)
    # mod 17 - 8) / 8.
    index = np.arange(2 * 5 * 64).reshape(2, 5, 64)
    x_check = ((index % 17 - 8) / 8.0).astype(np.float32)
    counts = [layer.count_params() for layer in model.layers]
    if counts != [98816, 394240]:
        sys.exit(f"stacked: parameter counts {counts} are not [98816, 394240]")
    save(model, "stacked_64_128_256", x_check, training=None,
         notes="input[b][t][j] = ((320*b + 64*t + j) % 17 - 8) / 8; untrained: Keras's seeded initialisers (glorot_uniform, orthogonal, unit_forget_bias); weights too big"
               " to list: weight_sha256 of the little-endian float32 bytes and weights_first_row instead",
         with_weights=False)


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT, help="output folder (default: this script's folder)")
    OUT = parser.parse_args().out
    os.makedirs(OUT, exist_ok=True)
    make_lag("lag5", 8, [(5, 1.0)], seed=5, epochs=40, target_mse=1e-3)
    make_lag("lag2_minus_lag7", 16, [(2, 1.0), (7, -0.8)], seed=27, epochs=40, target_mse=2e-3)
    make_weather(seed=3)
    make_stacked(seed=64)


if __name__ == "__main__":
    main()
