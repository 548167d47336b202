"""Write the two tf.keras 2 GRU files the GRU notebook compares, with tf_keras itself (the Keras 2 API of TensorFlow).

make_gru_models.py runs this in a child process when given --tfkeras-python (Keras 3 and tf_keras do not share a
process); to run it alone:

    TF_USE_LEGACY_KERAS=1 CUDA_VISIBLE_DEVICES= /work/venv-rnn/bin/python notebooks/data/make_tfkeras_gru_models.py

It needs `import tf_keras` to give tf-keras 2.21.0 (see dsl/src/test/data/rnn/README.md for how it was installed
on the machine that wrote the files). Both models are GRU(4) on 2 features, seeded and not trained (only the layout,
the counts and the arithmetic matter), weights moved off the initialisers to seeded N(0, 0.5) values so both bias
rows matter, saved with model.save("NAME.h5"):

- tfkeras_gru:             GRU(4) with tf.keras 2's defaults: reset_after=True, sigmoid, bias (2, 12)
- tfkeras_gru_keras2_style: GRU(4, reset_after=False, recurrent_activation="hard_sigmoid"): the defaults of
                           Keras 2.2.4 and earlier, bias (12,); tf_keras's hard_sigmoid is clip(0.2x + 0.5, 0, 1)

NAME.expected.json: input (3 x 6 x 2, seeded N(0, 1)), model.predict's output (the last h, 3 x 4), count_params,
the layer's config and weights exactly as get_weights() returns them.
"""

import argparse
import json
import os
import sys

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

try:
    import tf_keras  # noqa: E402
except ImportError:
    sys.exit("tf_keras is not importable: install tf-keras==2.21.0 (see dsl/src/test/data/rnn/README.md)")

OUT = os.path.dirname(os.path.abspath(__file__))
L = tf_keras.layers
SHAPE = (3, 6, 2)
MODELS = {
    "tfkeras_gru": (lambda: L.GRU(4, name="gru"), 21,
                    "tf_keras GRU(4) with its defaults (reset_after=True, recurrent_activation sigmoid, bias (2, 12)),"
                    " seeded N(0, 0.5) weights, untrained"),
    "tfkeras_gru_keras2_style": (
        lambda: L.GRU(4, reset_after=False, recurrent_activation="hard_sigmoid", name="gru"), 22,
        "tf_keras GRU(4, reset_after=False, recurrent_activation='hard_sigmoid'): Keras 2.2.4's defaults, bias (12,);"
        " hard_sigmoid = clip(0.2x + 0.5, 0, 1); seeded N(0, 0.5) weights, untrained"),
}


def floats(array):
    return np.asarray(array, dtype=np.float32).astype(np.float64).tolist()


def make(name):
    build, seed, notes = MODELS[name]
    tf_keras.backend.clear_session()
    tf_keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    model = tf_keras.Sequential([tf_keras.Input(shape=SHAPE[1:]), build()], name=name)
    layer = model.layers[0]
    layer.set_weights([rng.normal(0.0, 0.5, size=w.shape).astype(np.float32) for w in layer.get_weights()])
    x = rng.normal(0.0, 1.0, size=SHAPE).astype(np.float32)
    predicted = model.predict(x, verbose=0).astype(np.float32)
    path = os.path.join(OUT, name + ".h5")
    model.save(path)
    if not np.array_equal(tf_keras.models.load_model(path, compile=False).predict(x, verbose=0), predicted):
        sys.exit(f"{path}: the reloaded model predicts differently")
    config = layer.get_config()
    names = ["kernel", "recurrent_kernel", "bias"]
    weights = layer.get_weights()
    record = {
        "name": name,
        "tf_keras_version": tf_keras.__version__,
        "tensorflow_version": tf.__version__,
        "files": [name + ".h5"],
        "notes": notes,
        "input_shape": list(SHAPE),
        "input": floats(x),
        "input_dtype": "float32",
        "expected_output": floats(predicted),
        "summary_params": int(model.count_params()),
        "layers": [{
            "name": layer.name, "class": type(layer).__name__, "params": int(layer.count_params()),
            "config": {k: config[k] for k in ("units", "activation", "recurrent_activation", "reset_after",
                                              "use_bias", "return_sequences")},
            "weight_shapes": {n: list(w.shape) for n, w in zip(names, weights)},
            "weights": {n: floats(w) for n, w in zip(names, weights)},
        }],
    }
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(record, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{name}: params={model.count_params()} bias={list(weights[2].shape)} size={os.path.getsize(path)}")


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT, help="output folder (default: this script's folder)")
    OUT = parser.parse_args().out
    os.makedirs(OUT, exist_ok=True)
    if not tf_keras.__version__.startswith("2."):
        sys.exit(f"tf_keras {tf_keras.__version__}: expected a Keras 2 (tf-keras 2.x)")
    for name in MODELS:
        make(name)


if __name__ == "__main__":
    main()
