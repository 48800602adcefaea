#!/usr/bin/env python3
"""Builds a tiny MobileNetV2-style Keras model and saves it as TF2 SavedModels for tfweave's tests.

Usage (needs `pip install tensorflow` and, for the legacy format, `pip install tf_keras`):

    python tools/make_keras_savedmodel.py OUT_DIR

Writes, for the same architecture and the same (seeded, random) weights:

    OUT_DIR/keras3_export/           Keras 3 `model.export(dir)` (no Keras metadata)
    OUT_DIR/keras3_tf_saved_model/   `tf.saved_model.save(model, dir)` on the Keras 3 model
    OUT_DIR/tf_keras_savedmodel/     tf_keras (Keras 2) `model.save(dir, save_format="tf")`,
                                     with keras_metadata.pb (skipped when tf_keras is missing)
    OUT_DIR/weights.json             {"weights": {"<layer>/<weight>": {"shape": [...],
                                     "values": [...]}}, "probe": {"input": ..., "output": ...},
                                     "versions": {...}}

The model is Sequential([base, head]): `base` is a functional model with the Keras
MobileNetV2 layer names Conv1, bn_Conv1, Conv1_relu, block_1_depthwise, block_1_depthwise_BN,
block_1_project; `head` is a Dense layer. Weight names follow Keras: `Conv1/kernel`,
`bn_Conv1/moving_mean`, `block_1_depthwise/depthwise_kernel` (tf_keras) or
`block_1_depthwise/kernel` (Keras 3), `head/bias`.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

SEED = 1234
INPUT_SHAPE = (8, 8, 3)


def build(k):
    """Builds the model with the Keras module `k` (keras 3 or tf_keras)."""
    inp = k.Input(INPUT_SHAPE, name="input_1")
    x = k.layers.Conv2D(8, 3, strides=2, padding="same", use_bias=False, name="Conv1")(inp)
    x = k.layers.BatchNormalization(name="bn_Conv1")(x)
    x = k.layers.ReLU(6.0, name="Conv1_relu")(x)
    x = k.layers.DepthwiseConv2D(3, padding="same", use_bias=False, name="block_1_depthwise")(x)
    x = k.layers.BatchNormalization(name="block_1_depthwise_BN")(x)
    x = k.layers.Conv2D(4, 1, name="block_1_project")(x)
    x = k.layers.GlobalAveragePooling2D(name="global_average_pooling2d")(x)
    base = k.Model(inp, x, name="base")
    model = k.Sequential([k.Input(INPUT_SHAPE), base, k.layers.Dense(3, name="head")], name="tiny")
    rng = np.random.default_rng(SEED)
    for w in model.weights:
        value = rng.normal(size=tuple(w.shape)).astype("float32")
        if "variance" in w.name:
            value = np.abs(value) + 0.5
        w.assign(value)
    return model


def weights_by_name(model):
    """Maps '<layer name>/<weight name>' to values, walking nested models."""
    out = {}

    def walk(layer):
        sub = getattr(layer, "layers", None)
        if sub:
            for s in sub:
                walk(s)
            return
        for w in layer.weights:
            short = w.name.split("/")[-1].split(":")[0]
            out[layer.name + "/" + short] = w.numpy()

    walk(model)
    return out


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    import keras

    keras.utils.set_random_seed(SEED)
    m3 = build(keras)
    probe = np.random.default_rng(SEED + 1).normal(size=(2,) + INPUT_SHAPE).astype("float32")
    expected = np.asarray(m3(probe, training=False))
    m3.export(os.path.join(out_dir, "keras3_export"), verbose=False)
    tf.saved_model.save(m3, os.path.join(out_dir, "keras3_tf_saved_model"))
    weights = {"keras3": weights_by_name(m3)}
    versions = {"tensorflow": tf.__version__, "keras": keras.__version__}
    try:
        import tf_keras

        tf_keras.utils.set_random_seed(SEED)
        m2 = build(tf_keras)
        m2.save(os.path.join(out_dir, "tf_keras_savedmodel"), save_format="tf")
        weights["tf_keras"] = weights_by_name(m2)
        versions["tf_keras"] = tf_keras.__version__
    except ImportError:
        pass
    doc = {
        "weights": {
            flavour: {n: {"shape": list(v.shape), "values": v.ravel().tolist()} for n, v in ws.items()}
            for flavour, ws in weights.items()
        },
        "probe": {"input": probe.ravel().tolist(), "input_shape": list(probe.shape),
                  "output": expected.ravel().tolist(), "output_shape": list(expected.shape)},
        "versions": versions,
        "seed": SEED,
    }
    with open(os.path.join(out_dir, "weights.json"), "w") as f:
        json.dump(doc, f)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_keras_savedmodel.py OUT_DIR")
    main(sys.argv[1])
