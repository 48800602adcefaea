#!/usr/bin/env python3
"""Keras 3 `.weights.h5` interop for tfweave (issue #12): the model zoo both sides build, the fixtures, the round trip.

    python tools/check_keras_weights.py check DIR   # DIR/<kind>.weights.h5 written by tfweave + DIR/probe.json:
                                                    # Keras builds the same model, load_weights, predicts the probe
                                                    # and compares with tfweave's outputs; exit 1 over 1e-5
    python tools/check_keras_weights.py check-keras DIR   # DIR/<kind>.keras written by tfweave: load_model,
                                                    # compare as above, then one fit epoch must run
    python tools/check_keras_weights.py legacy DIR [KIND...]  # tf_keras (Keras 2) model.save("DIR/<kind>.h5") for the legacy
                                                    # kinds, compiled and fitted one step first (so the files hold
                                                    # training_config and optimizer_weights), then seeded random
                                                    # weights; also save_weights("DIR/<kind>_weights.h5");
                                                    # DIR/probe.json with tf_keras's predictions
    python tools/check_keras_weights.py keras-files DIR KIND...  # Keras 3 model.save("DIR/<kind>.keras"),
                                                    # save_weights("DIR/<kind>.weights.h5") and probe.json
                                                    # for the kinds named (mobilenet: too big to commit)
    python tools/check_keras_weights.py fixtures    # writes src/test/resources/io/tfweave/saving/keras_h5/:
                                                    # <kind>.weights.h5 by Keras's save_weights (seeded random
                                                    # weights), <kind>.keras by model.save (the same model) and
                                                    # probe.json with Keras's predictions

probe.json: {"<kind>": {"input": [...], "input_shape": [...], "output": [...]}}. The kinds (tfweave builds the same in
KerasWeightsH5Test.model): mlp (Dense relu, Dense), cnn (Conv2D, BatchNormalization, Flatten, Dense), lstm (LSTM,
Dense), text (int32 Embedding, GRU, Dense), residual (functional: two Dense branches, Add, Dense), birnn (Bidirectional LSTM with sequences,
TimeDistributed Dense), nested (a Sequential inside a functional model; legacy only), mobilenet (keras.applications.MobileNetV2, alpha 0.35, 32x32x3, 10 classes, Keras's
initialisers with randomised BatchNormalization vectors); the fixtures add mlp_fit, the MLP saved after one\nepoch of Adam (with Keras's optimizer group).
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

L = keras.layers
TOLERANCE = 1e-5
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "io", "tfweave",
                        "saving", "keras_h5")


def build(kind, K=keras):
    """The model of `kind` built with `K`: Keras 3 (`keras`) or, for the legacy .h5 files, tf_keras."""
    L = K.layers
    if kind == "mobilenet":
        return K.applications.MobileNetV2(alpha=0.35, weights=None, input_shape=(32, 32, 3), classes=10)
    if kind == "mlp":
        return K.Sequential([K.Input((6,)), L.Dense(8, activation="relu"), L.Dense(3)])
    if kind == "cnn":
        return K.Sequential([K.Input((8, 8, 1)), L.Conv2D(4, 3, activation="relu"), L.BatchNormalization(),
                                 L.Flatten(), L.Dense(2)])
    if kind == "lstm":
        return K.Sequential([K.Input((5, 3)), L.LSTM(4), L.Dense(2)])
    if kind == "text":
        return K.Sequential([K.Input((7,), dtype="int32"), L.Embedding(20, 4), L.GRU(3), L.Dense(2)])
    if kind == "birnn":
        return K.Sequential([K.Input((5, 3)), L.Bidirectional(L.LSTM(4, return_sequences=True)),
                                 L.TimeDistributed(L.Dense(2))])
    if kind == "nested":  # a Sequential model inside a functional one (Keras 2 numbers its call node 1)
        inp = K.Input((6,))
        inner = K.Sequential([K.Input((6,)), L.Dense(4, activation="relu")], name="inner")
        return K.Model(inp, L.Dense(2)(inner(inp)))
    if kind == "residual":
        inp = K.Input((6,))
        a = L.Dense(4, activation="relu")(inp)
        b = L.Dense(4)(inp)
        return K.Model(inp, L.Dense(2)(L.Add()([a, b])))
    raise SystemExit("unknown model kind " + kind)


KINDS = ["mlp", "cnn", "lstm", "text", "residual", "birnn"]
LEGACY_KINDS = ["mlp", "cnn", "lstm", "text", "residual", "birnn", "nested"]
INPUTS = {"mlp": (2, 6), "cnn": (2, 8, 8, 1), "lstm": (2, 5, 3), "text": (2, 7), "residual": (2, 6), "birnn": (2, 5, 3),
          "nested": (2, 6), "mobilenet": (2, 32, 32, 3)}


def randomise(m, rng):
    """Seeded random weights: N(0, 0.5) everywhere, variances positive; MobileNetV2 keeps its initialisers except the
    BatchNormalization vectors (random N(0, 0.5) through 50 layers would overflow)."""
    for w in m.weights:
        name = w.path if hasattr(w, "path") else w.name
        if len(m.layers) > 50:
            if "gamma" in name or "variance" in name:
                w.assign(rng.uniform(0.5, 1.5, size=tuple(w.shape)).astype("float32"))
            elif "beta" in name or "moving_mean" in name:
                w.assign(rng.normal(0, 0.1, size=tuple(w.shape)).astype("float32"))
            continue
        v = rng.normal(scale=0.5, size=tuple(w.shape)).astype("float32")
        if "variance" in name:
            v = np.abs(v) + 0.5
        w.assign(v)


def write_probe(directory, probe):
    with open(os.path.join(directory, "probe.json"), "w") as f:
        json.dump(probe, f)


def legacy(directory, kinds=LEGACY_KINDS):
    """tf_keras (Keras 2) full-model .h5 files of `kinds` (default the legacy kinds), saved after one fit step."""
    import tf_keras
    os.makedirs(directory, exist_ok=True)
    tf_keras.utils.set_random_seed(21)
    rng = np.random.default_rng(21)
    probe = {}
    for kind in kinds:
        m = build(kind, tf_keras)
        m.compile(tf_keras.optimizers.Adam(1e-3), "mse")
        xs = probe_input(kind, rng)
        m.fit(xs, np.zeros((xs.shape[0],) + tuple(m.output_shape[1:]), "float32"), epochs=1, verbose=0)
        randomise(m, rng)
        x = probe_input(kind, rng)
        m.save(os.path.join(directory, kind + ".h5"))
        m.save_weights(os.path.join(directory, kind + "_weights.h5"))  # Keras 2's weights-only HDF5
        probe[kind] = {"input": x.ravel().tolist(), "input_shape": list(x.shape),
                       "output": np.asarray(m(x, training=False)).ravel().tolist()}
    probe["versions"] = {"tf_keras": tf_keras.__version__}
    write_probe(directory, probe)


def keras_files(directory, kinds):
    os.makedirs(directory, exist_ok=True)
    keras.utils.set_random_seed(33)  # MobileNetV2 keeps Keras's initialisers
    rng = np.random.default_rng(33)
    probe = {}
    for kind in kinds:
        m = build(kind)
        randomise(m, rng)
        x = probe_input(kind, rng)
        m.save(os.path.join(directory, kind + ".keras"))
        m.save_weights(os.path.join(directory, kind + ".weights.h5"))
        probe[kind] = {"input": x.ravel().tolist(), "input_shape": list(x.shape),
                       "output": np.asarray(m(x, training=False)).ravel().tolist()}
    probe["versions"] = {"keras": keras.__version__}
    write_probe(directory, probe)


def probe_input(kind, rng):
    if kind == "text":
        return rng.integers(0, 20, size=INPUTS[kind]).astype("int32")
    if kind == "mobilenet":
        return rng.uniform(-1, 1, size=INPUTS[kind]).astype("float32")
    return rng.normal(size=INPUTS[kind]).astype("float32")


def fixtures():
    os.makedirs(FIXTURES, exist_ok=True)
    rng = np.random.default_rng(12)
    probe = {}
    for kind in KINDS:
        m = build(kind)
        for w in m.weights:
            v = rng.normal(scale=0.5, size=tuple(w.shape)).astype("float32")
            if "variance" in w.path:
                v = np.abs(v) + 0.5
            w.assign(v)
        x = probe_input(kind, rng)
        m.save_weights(os.path.join(FIXTURES, kind + ".weights.h5"))
        m.save(os.path.join(FIXTURES, kind + ".keras"))
        probe[kind] = {"input": x.ravel().tolist(), "input_shape": list(x.shape),
                       "output": np.asarray(m(x, training=False)).ravel().tolist()}
    # saved after fit: the file also holds Keras's optimizer group (optimizer/vars/0..), which tfweave ignores on load
    m = build("mlp")
    m.compile(keras.optimizers.Adam(0.01), "mse")
    m.fit(rng.normal(size=(8, 6)).astype("float32"), rng.normal(size=(8, 3)).astype("float32"), epochs=1, verbose=0)
    x = probe_input("mlp", rng)
    m.save_weights(os.path.join(FIXTURES, "mlp_fit.weights.h5"))
    probe["mlp_fit"] = {"input": x.ravel().tolist(), "input_shape": list(x.shape),
                        "output": np.asarray(m(x, training=False)).ravel().tolist()}
    probe["versions"] = {"keras": keras.__version__}
    with open(os.path.join(FIXTURES, "probe.json"), "w") as f:
        json.dump(probe, f)


def check(directory):
    with open(os.path.join(directory, "probe.json")) as f:
        probe = json.load(f)
    worst = 0.0
    for kind, p in probe.items():
        if kind == "versions":
            continue
        m = build(kind)
        m.load_weights(os.path.join(directory, kind + ".weights.h5"))
        dtype = "int32" if kind == "text" else "float32"
        x = np.asarray(p["input"], dtype=dtype).reshape(p["input_shape"])
        got = np.asarray(m(x, training=False)).ravel()
        diff = float(np.max(np.abs(got - np.asarray(p["output"], dtype="float32"))))
        print(f"{kind}: tfweave .weights.h5 -> Keras {keras.__version__} load_weights: max |diff| = {diff:.3g}")
        worst = max(worst, diff)
    print("max diff", worst)
    return 0 if worst <= TOLERANCE else 1


def check_keras(directory):
    """DIR/<kind>.keras written by tfweave: load_model, predict the probe, then train one epoch."""
    with open(os.path.join(directory, "probe.json")) as f:
        probe = json.load(f)
    worst = 0.0
    rng = np.random.default_rng(3)
    for kind, p in probe.items():
        m = keras.saving.load_model(os.path.join(directory, kind + ".keras"))
        dtype = "int32" if kind == "text" else "float32"
        x = np.asarray(p["input"], dtype=dtype).reshape(p["input_shape"])
        got = np.asarray(m(x, training=False)).ravel()
        diff = float(np.max(np.abs(got - np.asarray(p["output"], dtype="float32"))))
        m.compile(keras.optimizers.Adam(1e-3), "mse")
        xs = np.concatenate([x] * 4)
        ys = rng.normal(size=(xs.shape[0],) + tuple(m.output_shape[1:])).astype("float32")
        loss = m.fit(xs, ys, epochs=1, batch_size=4, verbose=0).history["loss"][0]
        print(f"{kind}: tfweave .keras -> Keras {keras.__version__} load_model: max |diff| = {diff:.3g};"
              f" one fit epoch, loss {loss:.4f}")
        worst = max(worst, diff)
        if not np.isfinite(loss):
            return 1
    print("max diff", worst)
    return 0 if worst <= TOLERANCE else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) == 3 and sys.argv[1] == "check-keras":
        sys.exit(check_keras(sys.argv[2]))
    if len(sys.argv) >= 3 and sys.argv[1] == "legacy":
        legacy(sys.argv[2], sys.argv[3:] or LEGACY_KINDS)
        sys.exit(0)
    if len(sys.argv) >= 4 and sys.argv[1] == "keras-files":
        keras_files(sys.argv[2], sys.argv[3:])
        sys.exit(0)
    if len(sys.argv) == 2 and sys.argv[1] == "fixtures":
        fixtures()
        sys.exit(0)
    sys.exit(__doc__)
