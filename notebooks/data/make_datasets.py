"""The datasets notebook 09_datasets.ipynb runs, and the classifier it explains, with known truth.

    KERAS_BACKEND=jax JAX_PLATFORMS=cpu /work/venv-rnn/bin/python notebooks/data/make_datasets.py   # about 1 minute
    (any Python with keras 3, jax and numpy; notebooks/data/requirements.txt pins the versions)

Writes, next to this script (all seeded):
- lag_test.npz: x (2000, 12, 1) float32 uniform in [-1, 1], drawn with a seed the lag models never trained on, and
  y5 = x[:, 12-1-5, 0] (what lag5 was trained to output). True lag of lag5: 5; of lag2_minus_lag7: 2 and 7.
- sign_lag3.keras: Input(12, 1) -> LSTM(8) -> Dense(2, softmax), trained to say whether the input 3 steps before the
  last one is positive (class 1) or not (class 0). True lag: 3, for both classes.
- sign_test.npz: x (2000, 12, 1) float32 and y (2000,) int64 class labels, a fresh seeded test set; two NaN sequences
  (indices 17 and 1234) and nothing else wrong, so the notebook shows the bad-input policy.
- sign_test_rows.csv: the first 200 sequences of sign_test one row per timestep (columns id, t, x, label), NaN of
  sequence 17 included (written as Python writes it, nan).
- datasets.expected.json: the classifier's test accuracy by Keras's own predict, its predictions' class counts, and
  the training settings.
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))
STEPS = 12
N_TEST = 2000
SIGN_LAG = 3


def uniform(rng, n):
    return rng.uniform(-1.0, 1.0, size=(n, STEPS, 1)).astype(np.float32)


def sign_labels(x):
    return (x[:, STEPS - 1 - SIGN_LAG, 0] > 0).astype(np.int64)


def main():
    rng = np.random.default_rng(20261207)
    x = uniform(rng, N_TEST)
    np.savez(os.path.join(OUT, "lag_test.npz"), x=x, y5=x[:, STEPS - 1 - 5, 0])

    keras.utils.set_random_seed(14)
    train_rng = np.random.default_rng(14)
    x_train = uniform(train_rng, 12000)
    y_train = sign_labels(x_train)
    model = keras.Sequential([
        keras.Input(shape=(STEPS, 1), name="sequence"),
        keras.layers.LSTM(8, name="lstm"),
        keras.layers.Dense(2, activation="softmax", name="dense"),
    ], name="sign_lag3")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=12, batch_size=128, shuffle=True, verbose=0)
    model.save(os.path.join(OUT, "sign_lag3.keras"))

    test_rng = np.random.default_rng(77)
    x_test = uniform(test_rng, N_TEST)
    y_test = sign_labels(x_test)
    predicted = np.argmax(model.predict(x_test, verbose=0), axis=1)
    accuracy = float(np.mean(predicted == y_test))
    if accuracy < 0.95:
        raise SystemExit("sign_lag3: test accuracy %.3f is below 0.95" % accuracy)
    x_bad = x_test.copy()
    x_bad[17, 4, 0] = np.nan
    x_bad[1234, 0, 0] = np.nan
    np.savez(os.path.join(OUT, "sign_test.npz"), x=x_bad, y=y_test)
    with open(os.path.join(OUT, "sign_test_rows.csv"), "w") as f:
        f.write("id,t,x,label\n")
        for i in range(200):
            for t in range(STEPS):
                f.write("seq%d,%d,%r,%d\n" % (i, t, float(x_bad[i, t, 0]), y_test[i]))
    good = np.ones(N_TEST, dtype=bool)
    good[[17, 1234]] = False
    with open(os.path.join(OUT, "datasets.expected.json"), "w") as f:
        json.dump({
            "sign_lag3": {"true_lag": SIGN_LAG, "test_accuracy": accuracy,
                          "test_accuracy_without_nan_sequences": float(np.mean(predicted[good] == y_test[good])),
                          "predicted_class_counts": np.bincount(predicted, minlength=2).tolist(),
                          "label_counts": np.bincount(y_test, minlength=2).tolist(),
                          "training": {"samples": 12000, "epochs": 12, "batch_size": 128, "optimizer": "adam 0.01",
                                       "seed": 14}},
            "lag_test": {"sequences": N_TEST, "seed": 20261207, "true_lags": {"lag5": [5], "lag2_minus_lag7": [2, 7]}},
            "keras_version": keras.__version__,
        }, f, indent=1)
    print("sign_lag3 test accuracy", accuracy)


if __name__ == "__main__":
    main()
