"""Write the benchmark's model: case (a)'s shape, Input(100, 32) -> LSTM(64) (the last h), seeded, untrained.

    KERAS_BACKEND=jax python make_case_a.py OUT.keras

Keras 3 writes it, so the Spark path can broadcast a real model file; the numbers do not matter, only the shape and
that both paths explain the same model.
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import keras  # noqa: E402

keras.utils.set_random_seed(2026)
model = keras.Sequential([keras.Input(shape=(100, 32), name="sequence"), keras.layers.LSTM(64, name="lstm")],
                         name="case_a")
model.save(sys.argv[1])
print(f"{sys.argv[1]}: {model.count_params()} parameters, keras {keras.__version__}")
