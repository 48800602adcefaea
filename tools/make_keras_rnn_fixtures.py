#!/usr/bin/env python3
"""Writes Keras recurrent models saved after `fit` for tfweave's weight-import tests (issue #12, failures 3 and 4).

Run with TensorFlow 2.16 / Keras 3 and tf_keras 2.16:  /work/venv-tf/bin/python tools/make_keras_rnn_fixtures.py
Output, under src/test/resources/io/tfweave/saving/keras_rnn/, for each recurrent layer kind
(`lstm`, `gru`, `simple_rnn`): the model Sequential([Input((5, 3)), <RNN>(4, name="rnn"), Dense(2, name="head")])
with seeded random weights, trained one epoch with Adam and an `mae` metric, so that the files also hold optimizer
and metric state, then saved as
    <kind>_keras3_ckpt/ckpt.*       Keras 3, tf.train.Checkpoint(model=..., optimizer=...).write
                                    (variables named "r/rnn/lstm_cell/kernel", optimizer "adam/...")
    <kind>_tf_keras/                tf_keras (Keras 2) model.save(dir, save_format="tf"), a SavedModel with
                                    keras_metadata.pb and optimizer slots; the SimpleRNN's
                                    (saved with its traces) also holds metric totals/counts (keras_api/metrics/N)
plus the LSTM also as
    lstm_keras3_savedmodel/         Keras 3 tf.saved_model.save(model, dir)
and probe.json: {"<kind>": {"input": [...], "input_shape": [2, 5, 3], "keras3": [...], "tf_keras": [...]}}, the
models' predictions on one fixed input.
"""
import json
import os
import shutil

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
import tf_keras  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "io", "tfweave", "saving",
                   "keras_rnn")
KINDS = {"lstm": "LSTM", "gru": "GRU", "simple_rnn": "SimpleRNN"}


def build(k, cls, seed):
    k.utils.set_random_seed(seed)
    m = k.Sequential([k.Input((5, 3)), getattr(k.layers, cls)(4, name="rnn"), k.layers.Dense(2, name="head")],
                     name="r")
    rng = np.random.default_rng(seed)
    for w in m.weights:
        w.assign(rng.normal(scale=0.5, size=tuple(w.shape)).astype("float32"))
    m.compile(k.optimizers.Adam(0.01), "mse", metrics=["mae"])
    x = rng.normal(size=(16, 5, 3)).astype("float32")
    y = rng.normal(size=(16, 2)).astype("float32")
    m.fit(x, y, epochs=1, batch_size=8, verbose=0)
    return m


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    probe_x = np.random.default_rng(99).normal(size=(2, 5, 3)).astype("float32")
    probe = {}
    for i, (kind, cls) in enumerate(KINDS.items()):
        m3 = build(keras, cls, 10 + i)
        tf.train.Checkpoint(model=m3, optimizer=m3.optimizer).write(os.path.join(OUT, kind + "_keras3_ckpt", "ckpt"))
        if kind == "lstm":
            tf.saved_model.save(m3, os.path.join(OUT, kind + "_keras3_savedmodel"))
        m2 = build(tf_keras, cls, 20 + i)
        # save_traces=False keeps the files small; the SimpleRNN keeps its traces, which also saves the metric state
        m2.save(os.path.join(OUT, kind + "_tf_keras"), save_format="tf", save_traces=kind == "simple_rnn")
        probe[kind] = {"input": probe_x.ravel().tolist(), "input_shape": list(probe_x.shape),
                       "keras3": np.asarray(m3(probe_x, training=False)).ravel().tolist(),
                       "tf_keras": np.asarray(m2(probe_x, training=False)).ravel().tolist()}
    probe["versions"] = {"tensorflow": tf.__version__, "keras": keras.__version__, "tf_keras": tf_keras.__version__}
    with open(os.path.join(OUT, "probe.json"), "w") as f:
        json.dump(probe, f)


if __name__ == "__main__":
    main()
