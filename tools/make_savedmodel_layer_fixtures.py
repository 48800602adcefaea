#!/usr/bin/env python3
"""Writes Keras 3 `model.export` SavedModels for tfweave's SavedModelLayer tests (issue #12, failure 5).

Usage (TensorFlow 2.16 / Keras 3):

    python tools/make_savedmodel_layer_fixtures.py [OUT_DIR]

OUT_DIR defaults to src/test/resources/io/tfweave/saving/keras_sml/. Writes, with seeded random weights:

    text_int32/   Sequential([Input((6,), int32), Embedding(20, 4), GlobalAveragePooling1D, Dense(3)]);
                  its signature reads the table with ResourceGather and takes int32 token ids
    text_int64/   the same model exported with an int64 input signature
    text_tf_keras/  the same architecture in tf_keras (Keras 2), `tf.saved_model.save`; its Embedding reads the
                  table with ResourceGather
    lstm/         Sequential([Input((5, 3)), LSTM(4), Dense(2)]); its signature loops with a While op
    probe.json    {"<name>": {"input": [...], "input_shape": [...], "input_dtype": "...",
                   "output": [...], "output_shape": [...], "input_key": "...", "output_key": "..."}},
                  outputs of the Keras model and of the exported signature (`tf.saved_model.load`) on one input;
                  "versions": {...}
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

DEFAULT_OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "io", "tfweave",
                           "saving", "keras_sml")
SEED = 4321


def seeded(model, seed):
    rng = np.random.default_rng(seed)
    for w in model.weights:
        w.assign(rng.normal(scale=0.5, size=tuple(w.shape)).astype("float32"))
    return model


def text_model():
    keras.utils.set_random_seed(SEED)
    m = keras.Sequential([keras.Input((6,), dtype="int32", name="tokens"),
                          keras.layers.Embedding(20, 4, name="embedding"),
                          keras.layers.GlobalAveragePooling1D(name="pool"),
                          keras.layers.Dense(3, name="head")], name="text")
    return seeded(m, SEED)


def text_tf_keras_model(weights):
    import tf_keras

    m = tf_keras.Sequential([tf_keras.Input((6,), dtype="int32", name="tokens"),
                             tf_keras.layers.Embedding(20, 4, name="embedding"),
                             tf_keras.layers.GlobalAveragePooling1D(name="pool"),
                             tf_keras.layers.Dense(3, name="head")], name="text")
    m.set_weights(weights)
    return m


def lstm_model():
    keras.utils.set_random_seed(SEED + 1)
    m = keras.Sequential([keras.Input((5, 3), name="series"), keras.layers.LSTM(4, name="lstm"),
                          keras.layers.Dense(2, name="head")], name="seq")
    return seeded(m, SEED + 1)


def export(model, path, signature=None):
    if signature == "tf.saved_model.save":
        tf.saved_model.save(model, path)
    elif signature is None:
        model.export(path, verbose=False)
    else:
        model.export(path, verbose=False, input_signature=signature)


def check(path, x, expected):
    """The exported signature's output on x, checked against Keras's."""
    fn = tf.saved_model.load(path).signatures["serving_default"]
    (in_key, spec), = fn.structured_input_signature[1].items()
    outs = fn(**{in_key: tf.constant(x, dtype=spec.dtype)})
    (out_key, y), = outs.items()
    diff = float(np.max(np.abs(y.numpy() - expected)))
    if diff > 1e-5:
        sys.exit("%s: signature differs from Keras by %g" % (path, diff))
    return in_key, out_key, diff


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(SEED + 2)
    probe = {}
    text = text_model()
    ids = rng.integers(0, 20, size=(3, 6)).astype("int32")
    text_y = np.asarray(text(ids, training=False))
    lstm = lstm_model()
    series = rng.normal(size=(3, 5, 3)).astype("float32")
    lstm_y = np.asarray(lstm(series, training=False))
    cases = [
        ("text_int32", text, None, ids, "int32", text_y),
        ("text_int64", text, [tf.TensorSpec([None, 6], tf.int64, name="tokens")], ids.astype("int64"), "int64",
         text_y),
        ("text_tf_keras", text_tf_keras_model(text.get_weights()), "tf.saved_model.save", ids, "int32", text_y),
        ("lstm", lstm, None, series, "float32", lstm_y),
    ]
    for name, model, sig, x, dtype, y in cases:
        path = os.path.join(out_dir, name)
        export(model, path, sig)
        in_key, out_key, diff = check(path, x, y)
        probe[name] = {"input": x.ravel().tolist(), "input_shape": list(x.shape), "input_dtype": dtype,
                       "input_key": in_key, "output_key": out_key,
                       "output": y.ravel().tolist(), "output_shape": list(y.shape), "signature_vs_keras": diff}
        print("%s: input %s %s, signature vs Keras max |diff| = %.3g" % (name, in_key, dtype, diff))
    probe["versions"] = {"tensorflow": tf.__version__, "keras": keras.__version__}
    with open(os.path.join(out_dir, "probe.json"), "w") as f:
        json.dump(probe, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) > 2:
        sys.exit("usage: make_savedmodel_layer_fixtures.py [OUT_DIR]")
    main(sys.argv[1] if len(sys.argv) == 2 else DEFAULT_OUT)
