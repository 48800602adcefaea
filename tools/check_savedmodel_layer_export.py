#!/usr/bin/env python3
"""Checks a tfweave export of a model that wraps a Keras SavedModel (a `SavedModelLayer`) with Python TensorFlow.

Usage (TensorFlow 2.16):  python tools/check_savedmodel_layer_export.py CASES.json [--atol 1e-5]

CASES.json (written by SavedModelLayerPythonTest): a list of
    {"name": ..., "export": EXPORT_DIR, "wrapped": KERAS_EXPORT_DIR, "input": [...], "input_shape": [...],
     "outputs": {"<output key>": [...flat values predicted by tfweave...]}, "wrapped_output": "<output key>"}
For each case:
  1. `tf.saved_model.load(EXPORT_DIR)` (the TF2 API) and its `serving_default` on the input (in the signature's dtype);
  2. the TF1 loader (`tf.compat.v1.saved_model.loader.load` in a Session, as TF Serving does) on the same input;
  3. both against tfweave's predictions, and the output `wrapped_output` (the SavedModelLayer's own output) against the
     wrapped Keras export's `serving_default` on the same input.
Prints `<name>: <check> max |diff| = ...` lines and exits non-zero on a failure or a difference above atol.
"""
import argparse
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def single_input(fn):
    (key, spec), = fn.structured_input_signature[1].items()
    return key, spec


def check(case, atol):
    name = case["name"]
    loaded = tf.saved_model.load(case["export"])
    fn = loaded.signatures["serving_default"]
    key, spec = single_input(fn)
    x = np.asarray(case["input"]).reshape(case["input_shape"]).astype(spec.dtype.as_numpy_dtype)
    v2 = {k: v.numpy() for k, v in fn(**{key: tf.constant(x)}).items()}
    worst = 0.0
    for k, expected in case["outputs"].items():
        d = float(np.max(np.abs(v2[k].ravel() - np.asarray(expected, dtype=np.float32))))
        print("%s: tf.saved_model.load vs tfweave, output %s: max |diff| = %.3g" % (name, k, d))
        worst = max(worst, d)
    with tf.compat.v1.Session(graph=tf.Graph()) as sess:
        meta = tf.compat.v1.saved_model.loader.load(sess, ["serve"], case["export"])
        sig = meta.signature_def["serving_default"]
        v1 = sess.run({k: t.name for k, t in sig.outputs.items()}, {sig.inputs[key].name: x})
    d = max(float(np.max(np.abs(v1[k] - v2[k]))) for k in v2)
    print("%s: TF1 session loader vs tf.saved_model.load: max |diff| = %.3g" % (name, d))
    worst = max(worst, d)
    if not case.get("wrapped_output"):
        return worst
    wrapped = tf.saved_model.load(case["wrapped"]).signatures["serving_default"]
    wkey, wspec = single_input(wrapped)
    wy, = wrapped(**{wkey: tf.constant(x.astype(wspec.dtype.as_numpy_dtype))}).values()
    d = float(np.max(np.abs(v2[case["wrapped_output"]] - wy.numpy())))
    print("%s: wrapped output vs the Keras export itself: max |diff| = %.3g" % (name, d))
    return max(worst, d)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases")
    ap.add_argument("--atol", type=float, default=1e-5)
    args = ap.parse_args()
    with open(args.cases) as f:
        cases = json.load(f)
    failed = []
    for case in cases:
        try:
            if check(case, args.atol) > args.atol:
                failed.append(case["name"])
        except Exception as e:  # noqa: BLE001 - report every case
            print("%s: FAILED %s: %s" % (case["name"], type(e).__name__, str(e)[:2000]))
            failed.append(case["name"])
    print("FAILED " + ", ".join(failed) if failed else "OK")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
