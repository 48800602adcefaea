"""Writes src/test/resources/io/tfweave/training/keras_validation_weights.json: Keras 3's fit histories with weighted
validation, for io.tfweave.training.KerasValidationWeightFixtureTest.

Each case fits a tiny model from fixed initial weights (stored in the file, in model.get_weights() order) for two epochs
without shuffling, and records every logged value: validation_split with sample_weight, with class_weight (which Keras
applies to training only; Keras refuses it with sample_weight), validation_data=(x, y, sample_weight), and a two-output model with per-output weights.

Run: /work/venv-tf/bin/python tools/make_validation_weight_fixtures.py   (TensorFlow 2.16 / Keras 3)
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import numpy as np  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "io", "tfweave", "training",
                   "keras_validation_weights.json")
N = 12
rng = np.random.default_rng(11)
X = np.round(rng.normal(size=(N, 2)), 2).astype(np.float32)
Y = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 1, 2, 0], dtype=np.int32)
W = np.array([1, 2, 0.5, 0, 3, 1, 0.25, 2, 1.5, 0, 4, 1], dtype=np.float32)
T = np.round(X[:, 0] - 0.5 * X[:, 1], 2).astype(np.float32)


def rounded(ws):
    return [np.round(w, 2).astype(np.float32) for w in ws]


def classifier():
    m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="softmax")])
    m.set_weights(rounded([rng.normal(size=(2, 3)) * 0.5, rng.normal(size=3) * 0.1]))
    m.compile(keras.optimizers.SGD(0.1), "sparse_categorical_crossentropy",
              metrics=["accuracy"], weighted_metrics=["accuracy"])
    return m


def regressor():
    m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    m.set_weights(rounded([rng.normal(size=(2, 1)), rng.normal(size=1) * 0.1]))
    m.compile(keras.optimizers.SGD(0.05), "mse", weighted_metrics=["mae"])
    return m


def two_heads():
    x = keras.Input((2,))
    h = keras.layers.Dense(4, activation="tanh", name="hidden")(x)
    t = keras.layers.Dense(1, name="temp")(h)
    w = keras.layers.Dense(3, activation="softmax", name="weather")(h)
    m = keras.Model(x, {"temp": t, "weather": w})
    m.set_weights(rounded([rng.normal(size=(2, 4)), rng.normal(size=4) * 0.1, rng.normal(size=(4, 1)),
                           rng.normal(size=1) * 0.1, rng.normal(size=(4, 3)), rng.normal(size=3) * 0.1]))
    m.compile(keras.optimizers.SGD(0.1), {"temp": "mae", "weather": "sparse_categorical_crossentropy"},
              loss_weights={"temp": 1.0, "weather": 0.5}, weighted_metrics={"temp": ["mae"], "weather": ["accuracy"]})
    return m


def case(model, fit_kwargs, **extra):
    weights = [w.tolist() for w in model.get_weights()]
    h = model.fit(epochs=2, batch_size=4, shuffle=False, verbose=0, **fit_kwargs)
    return dict(weights=weights, history={k: [float(v) for v in vs] for k, vs in h.history.items()}, **extra)


def main():
    ones = np.ones(N, dtype=np.float32)
    cases = {
        "split_sample_weight": case(
            classifier(), dict(x=X, y=Y, sample_weight=W, validation_split=0.5)),
        # Keras refuses class_weight with sample_weight; class weights weigh training only
        "split_class_weight": case(
            classifier(), dict(x=X, y=Y, class_weight={0: 5.0, 2: 0.25}, validation_split=0.5),
            class_weight={"0": 5.0, "2": 0.25}),
        "split_sample_weight_regression": case(
            regressor(), dict(x=X, y=T, sample_weight=W, validation_split=0.25)),
        "validation_data_with_weights": case(
            regressor(), dict(x=X[:8], y=T[:8], sample_weight=W[:8],
                              validation_data=(X[8:], T[8:], W[8:][::-1].copy())),
            val_weight=W[8:][::-1].tolist()),
        "two_outputs_split": case(
            two_heads(), dict(x=X, y={"temp": T[:, None], "weather": Y}, sample_weight={"temp": ones, "weather": W},
                              validation_split=0.25)),
    }
    out = dict(keras=keras.__version__, x=X.tolist(), y=Y.tolist(), w=W.tolist(), t=T.tolist(), cases=cases)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
    for name, c in cases.items():
        print(name, {k: round(v[-1], 6) for k, v in c["history"].items()})


if __name__ == "__main__":
    main()
