#!/usr/bin/env python3
"""Keras's side of the image-folder benchmarks (PipelineBench (2), ImageFolderFitBench): image_dataset_from_directory +
RandomResizedCrop-style crop + horizontal flip on the same folder; images/s of the pipeline alone and inside fit of a CNN.
Medians of ROUNDS rounds after a warm-up round. Keras 3.x in TF 2.16 has no RandomResizedCrop layer, so the crop is a
random box (scale 0.08..1, ratio 3/4..4/3, as the layer's defaults) + crop_and_resize to SIZE x SIZE.

The default model is tfweave's BasicCNN(10).widthMultiplier(0.25) written in Keras: five stages of Conv2D 3x3 "same"
(no bias) -> BatchNormalization -> ReLU with 8, 16, 32, 64, 128 filters, MaxPooling2D after all but the last, then
GlobalAveragePooling2D -> Dense(256, relu) -> Dense(10, softmax); Adam(1e-3), sparse categorical cross-entropy.
--model small is the earlier Conv8-Conv16-Dense32 network.

Usage: keras_image_folder_bench.py FOLDER [ROUNDS] [--size 64] [--batch 32] [--steps N] [--fit-only] [--model basic_cnn]
The last line is machine-readable: KERAS_RESULT images=... alone=... fit=... (images/s; alone is 0 with --fit-only).
"""
import argparse
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402


def basic_cnn(size, classes, width=0.25):
    filters = [max(1, round(f * width)) for f in (32, 64, 128, 256, 512)]
    layers = [keras.Input((size, size, 3))]
    for i, f in enumerate(filters):
        layers += [keras.layers.Conv2D(f, 3, padding="same", use_bias=False), keras.layers.BatchNormalization(),
                   keras.layers.ReLU()]
        if i < len(filters) - 1:
            layers.append(keras.layers.MaxPooling2D())
    layers += [keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(256, activation="relu"),
               keras.layers.Dense(classes, activation="softmax")]
    return keras.Sequential(layers)


def small_cnn(size, classes):
    return keras.Sequential([
        keras.Input((size, size, 3)),
        keras.layers.Conv2D(8, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(16, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Flatten(), keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(classes, activation="softmax")])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("rounds", nargs="?", type=int, default=3)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=0, help="steps per fit round (default: one epoch)")
    ap.add_argument("--fit-only", action="store_true")
    ap.add_argument("--model", choices=["basic_cnn", "small"], default="basic_cnn")
    a = ap.parse_args()
    size = a.size
    ds = keras.utils.image_dataset_from_directory(a.folder, image_size=(size, size), batch_size=a.batch,
                                                  shuffle=True, seed=1, verbose=False)
    classes = len(ds.class_names)
    flip = keras.layers.RandomFlip("horizontal", seed=2)

    def crop(x):
        n = tf.shape(x)[0]
        area = tf.random.uniform([n], 0.08, 1.0)
        logr = tf.random.uniform([n], tf.math.log(3 / 4), tf.math.log(4 / 3))
        r = tf.exp(logr)
        h = tf.minimum(tf.sqrt(area / r), 1.0)
        w = tf.minimum(tf.sqrt(area * r), 1.0)
        y0 = tf.random.uniform([n]) * (1 - h)
        x0 = tf.random.uniform([n]) * (1 - w)
        boxes = tf.stack([y0, x0, y0 + h, x0 + w], axis=1)
        return tf.image.crop_and_resize(x, boxes, tf.range(n), (size, size))

    aug = ds.map(lambda x, y: (flip(crop(x / 255.0), training=True), y),
                 num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
    count = sum(int(tf.shape(y)[0]) for _, y in ds)
    model = basic_cnn(size, classes) if a.model == "basic_cnn" else small_cnn(size, classes)
    model.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy")
    fitted = a.steps * a.batch if a.steps else count
    train = aug.repeat() if a.steps else aug
    alone, fit = [], []
    for r in range(a.rounds + 1):
        al = 0.0
        if not a.fit_only:
            t0 = time.perf_counter()
            for _ in aug:
                pass
            al = count / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        if a.steps:
            model.fit(train, epochs=1, steps_per_epoch=a.steps, verbose=0)
        else:
            model.fit(train, epochs=1, verbose=0)
        f = fitted / (time.perf_counter() - t0)
        shown = "" if a.fit_only else f"pipeline alone {al:.0f} images/s, "
        print(f"  round {r}: {shown}in fit {f:.0f} images/s", flush=True)
        if r > 0:
            alone.append(al)
            fit.append(f)
    print(f"Keras image folder {count} images {size}x{size}, model {a.model}, {fitted} images per fit round:"
          f" pipeline alone {statistics.median(alone):.0f} images/s, inside fit {statistics.median(fit):.0f} images/s")
    print(f"KERAS_RESULT images={fitted} alone={statistics.median(alone):.1f} fit={statistics.median(fit):.1f}",
          flush=True)


if __name__ == "__main__":
    main()
