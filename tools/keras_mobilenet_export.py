#!/usr/bin/env python3
"""Builds Keras's MobileNetV2 with seeded random weights and exports it for tfweave's interop test.

Usage (needs `pip install tensorflow-cpu`, which brings Keras 3):

    python tools/keras_mobilenet_export.py OUT_DIR [--alpha 0.35] [--size 32] [--classes 10] [--seed 1234]

Writes:

    OUT_DIR/savedmodel/        Keras 3 `model.export(dir)` (TF2 SavedModel: object graph, resource variables,
                               signature `serve`/`serving_default`; 4.9 MB at alpha 0.35, variables stored twice)
    OUT_DIR/tf_saved_model/    `tf.saved_model.save(model, dir)` (2.9 MB)
    OUT_DIR/checkpoint/ckpt.*  `tf.train.Checkpoint(model=model).write(...)`: the same TF2 object-based variables
                               without the graph (1.7 MB); this is the fixture committed for the Java test
    OUT_DIR/reference.json     {"config": {...}, "input_shape": [...], "input": [...], "output": [...],
                               "features": [...] (global_average_pooling2d), "params": {...}, "layers": [...],
                               "versions": {...}}
tfweave's WeightImport reads all three (KerasWeightMap resolves the object-graph keys to Keras names such as
`block_1_depthwise/kernel`).

The weights are Keras's initialisers under the seed, except BatchNormalization's four vectors, which are randomised
(gamma, moving_variance in [0.5, 1.5], beta, moving_mean ~ N(0, 0.1)) so that inference-mode BatchNorm is tested.
The reference output is `model(x, training=False)` for a seeded input in [-1, 1] (what `preprocess_input` produces).
It also prints Keras's parameter counts for the standard configurations checked by tfweave's MobileNetV2 test.
"""
import argparse
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402


def build(alpha, size, classes, seed):
    keras.utils.set_random_seed(seed)
    model = keras.applications.MobileNetV2(input_shape=(size, size, 3), alpha=alpha, include_top=True,
                                           weights=None, classes=classes)
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            n = layer.gamma.shape[0]
            layer.gamma.assign(rng.uniform(0.5, 1.5, n).astype("float32"))
            layer.beta.assign(rng.normal(0, 0.1, n).astype("float32"))
            layer.moving_mean.assign(rng.normal(0, 0.1, n).astype("float32"))
            layer.moving_variance.assign(rng.uniform(0.5, 1.5, n).astype("float32"))
    return model


def counts(model):
    trainable = int(sum(np.prod(w.shape) for w in model.trainable_weights))
    total = int(sum(np.prod(w.shape) for w in model.weights))
    return {"total": total, "trainable": trainable}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--alpha", type=float, default=0.35)
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)

    model = build(args.alpha, args.size, args.classes, args.seed)
    x = np.random.default_rng(args.seed + 1).uniform(-1, 1, (2, args.size, args.size, 3)).astype("float32")
    y = model(x, training=False).numpy()
    pooled = keras.Model(model.inputs, model.get_layer("global_average_pooling2d").output)
    features = pooled(x, training=False).numpy()
    model.export(os.path.join(args.out_dir, "savedmodel"))
    tf.saved_model.save(model, os.path.join(args.out_dir, "tf_saved_model"))
    tf.train.Checkpoint(model=model).write(os.path.join(args.out_dir, "checkpoint", "ckpt"))

    standard = {}
    for name, kw in {
        "alpha1.0_224_top": dict(alpha=1.0, input_shape=(224, 224, 3), include_top=True),
        "alpha1.0_224_notop": dict(alpha=1.0, input_shape=(224, 224, 3), include_top=False),
        "alpha0.35_224_notop": dict(alpha=0.35, input_shape=(224, 224, 3), include_top=False),
    }.items():
        standard[name] = counts(keras.applications.MobileNetV2(weights=None, **kw))
    print("Keras parameter counts:", json.dumps(standard))

    ref = {
        "config": {"alpha": args.alpha, "size": args.size, "classes": args.classes, "seed": args.seed},
        "params": counts(model),
        "standard_params": standard,
        "layers": [layer.name for layer in model.layers],
        "input_shape": list(x.shape),
        "input": x.ravel().tolist(),
        "output_shape": list(y.shape),
        "output": y.ravel().tolist(),
        "features_shape": list(features.shape),
        "features": features.ravel().tolist(),
        "versions": {"tensorflow": tf.__version__, "keras": keras.__version__},
    }
    with open(os.path.join(args.out_dir, "reference.json"), "w") as f:
        json.dump(ref, f)
    print("wrote", args.out_dir, "params", ref["params"], "output", y.shape)


if __name__ == "__main__":
    main()
