#!/usr/bin/env python3
"""Reads TFRecord shards that tfweave wrote from an image folder (ImageRecords.write / `tfweave convert`) with Python's
tf.data.TFRecordDataset and decodes every image, as a Keras user would.

Usage: check_tfrecords.py 'DIR/train-*.tfrecord' [EXPECTED_COUNT]
Prints one line per record, "filename<TAB>label<TAB>height<TAB>width<TAB>channels<TAB>pixel_sum", then "OK <n> records";
exits 1 when a record does not parse or decode, or the count differs from EXPECTED_COUNT.
"""
import sys

import tensorflow as tf

SPEC = {
    "image": tf.io.FixedLenFeature([], tf.string),
    "label": tf.io.FixedLenFeature([], tf.int64),
    "filename": tf.io.FixedLenFeature([], tf.string),
}


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    files = sorted(tf.io.gfile.glob(argv[1]))
    if not files:
        print(f"no files match {argv[1]}", file=sys.stderr)
        return 1
    n = 0
    for rec in tf.data.TFRecordDataset(files):
        ex = tf.io.parse_single_example(rec, SPEC)
        img = tf.io.decode_image(ex["image"], channels=3, expand_animations=False)
        h, w, c = img.shape
        name = ex["filename"].numpy().decode("utf-8")
        print(f"{name}\t{int(ex['label'])}\t{h}\t{w}\t{c}\t{int(tf.reduce_sum(tf.cast(img, tf.int64)))}")
        n += 1
    if len(argv) > 2 and n != int(argv[2]):
        print(f"expected {argv[2]} records, read {n}", file=sys.stderr)
        return 1
    print(f"OK {n} records")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
