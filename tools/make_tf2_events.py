#!/usr/bin/env python3
"""Trains a tiny Keras 3 model with the TensorBoard callback to produce real TF2 event files.

Usage (needs `pip install tensorflow tensorboard`):

    python tools/make_tf2_events.py OUT_DIR

Writes OUT_DIR/train/events.out.tfevents.* (scalars `epoch_loss` and `epoch_learning_rate` as
TF2 tensor summaries, weight histograms as [k, 3] tensors) and OUT_DIR/history.json with
Keras's History (`{"loss": [...]}`) and the histogram tags, to check readers against.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import keras  # noqa: E402


def main(out_dir):
    keras.utils.set_random_seed(7)
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(3, name="hidden", activation="relu"),
        keras.layers.Dense(1, name="out"),
    ])
    model.compile("sgd", "mse")
    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    history = model.fit(x, y, epochs=3, batch_size=8, verbose=0,
                        callbacks=[keras.callbacks.TensorBoard(out_dir, histogram_freq=1)])
    tags = [f"{w.path}/histogram" for w in model.weights]
    with open(os.path.join(out_dir, "history.json"), "w") as f:
        json.dump({"history": history.history, "histogram_tags": tags,
                   "keras": keras.__version__}, f)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_tf2_events.py OUT_DIR")
    main(sys.argv[1])
