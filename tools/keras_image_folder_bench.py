#!/usr/bin/env python3
"""Keras's side of PipelineBench (2): image_dataset_from_directory + RandomResizedCrop-style crop + horizontal flip on the
same folder, batch 32; images/s of the pipeline alone and inside fit of a small CNN. Medians of ROUNDS rounds after a
warm-up. Keras 3.x in TF 2.16 has no RandomResizedCrop layer, so the crop is tf.image's sample_distorted_bounding_box
(scale 0.08..1, ratio 3/4..4/3, as the layer's defaults) + crop_and_resize to 64x64.

Usage: keras_image_folder_bench.py FOLDER [ROUNDS]
"""
import statistics
import sys
import time

import keras
import tensorflow as tf


def main(argv):
    root = argv[1]
    rounds = int(argv[2]) if len(argv) > 2 else 3
    ds = keras.utils.image_dataset_from_directory(root, image_size=(64, 64), batch_size=32, shuffle=True, seed=1,
                                                  verbose=False)
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
        return tf.image.crop_and_resize(x, boxes, tf.range(n), (64, 64))

    aug = ds.map(lambda x, y: (flip(crop(x / 255.0), training=True), y),
                 num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
    count = sum(int(tf.shape(y)[0]) for _, y in ds)
    model = keras.Sequential([
        keras.Input((64, 64, 3)),
        keras.layers.Conv2D(8, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(16, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Flatten(), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    alone, fit = [], []
    for r in range(rounds + 1):
        t0 = time.perf_counter()
        for _ in aug:
            pass
        a = count / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        model.fit(aug, epochs=1, verbose=0)
        f = count / (time.perf_counter() - t0)
        print(f"  round {r}: pipeline alone {a:.0f} images/s, in fit {f:.0f} images/s", flush=True)
        if r > 0:
            alone.append(a)
            fit.append(f)
    print(f"Keras image folder {count} images: pipeline alone {statistics.median(alone):.0f} images/s,"
          f" inside fit {statistics.median(fit):.0f} images/s")


if __name__ == "__main__":
    main(sys.argv)
