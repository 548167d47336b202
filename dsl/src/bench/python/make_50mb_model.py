"""Writes a 50 MB Keras 2 layout HDF5 model (LSTM(1024) on 1200 features, then Dense(3300)) for LoadBench.

    /usr/bin/python3 -m venv /tmp/h5venv && /tmp/h5venv/bin/pip install h5py numpy
    /tmp/h5venv/bin/python dsl/src/bench/python/make_50mb_model.py /tmp/lstmlens-50mb.h5

The layout is the one Keras 2.2.4's model.save writes (root model_config, model_weights/<layer>/weight_names,
datasets lstm_1/lstm_1/kernel:0 ...); values are random, only the size and layout matter.
"""
import json
import sys

import h5py
import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/lstmlens-50mb.h5"
features, units, classes = 1200, 1024, 3300
rng = np.random.default_rng(0)
config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
    {"class_name": "LSTM", "config": {"name": "lstm_1", "units": units, "activation": "tanh",
                                      "recurrent_activation": "sigmoid", "use_bias": True,
                                      "return_sequences": False, "go_backwards": False,
                                      "batch_input_shape": [None, 20, features]}},
    {"class_name": "Dense", "config": {"name": "dense_1", "units": classes, "activation": "softmax",
                                       "use_bias": True}}]}}
with h5py.File(path, "w") as f:
    f.attrs["keras_version"] = b"2.2.4"
    f.attrs["backend"] = b"tensorflow"
    f.attrs["model_config"] = json.dumps(config).encode()
    mw = f.create_group("model_weights")
    mw.attrs["layer_names"] = np.array([b"lstm_1", b"dense_1"])
    arrays = {
        "lstm_1": [("lstm_1/kernel:0", (features, 4 * units)), ("lstm_1/recurrent_kernel:0", (units, 4 * units)),
                   ("lstm_1/bias:0", (4 * units,))],
        "dense_1": [("dense_1/kernel:0", (units, classes)), ("dense_1/bias:0", (classes,))],
    }
    for layer, weights in arrays.items():
        g = mw.create_group(layer)
        g.attrs["weight_names"] = np.array([n.encode() for n, _ in weights])
        for name, shape in weights:
            g.create_dataset(name, data=(rng.standard_normal(shape) * 0.05).astype(np.float32))
print(path)
