#!/usr/bin/env python3
"""Loads a tfweave SavedModel export with Python TensorFlow and checks its serving signature.

Usage (needs `pip install tensorflow-cpu`):

    python tools/check_savedmodel.py EXPORT_DIR [--input x.npy] [--expected y.npy] [--atol 1e-6]

What it does:
  1. `tf.saved_model.load(EXPORT_DIR)` (TF2 API; tfweave's exports carry a SavedObjectGraph, so this is TF2's native
     loader) and prints the `serving_default` signature (inputs, outputs, method name) and the variables.
  2. Calls `serving_default` on `--input` (a .npy array), or on a seeded random batch of 4 built from the signature's
     input shape.
  3. Runs the same input through the TF1 loader (`tf.compat.v1.saved_model.loader.load` in a Session, as TF Serving
     does) and checks both agree.
  4. With `--expected` (a .npy array, e.g. written from Java's `model.predict`), checks the outputs against it.
  5. Prints `assets/model.json` provenance.
Exits non-zero on any mismatch.
"""
import argparse
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("export_dir")
    ap.add_argument("--input", help=".npy input batch (default: seeded random, batch 4)")
    ap.add_argument("--expected", help=".npy expected output of the first signature output")
    ap.add_argument("--atol", type=float, default=1e-6)
    args = ap.parse_args()

    loaded = tf.saved_model.load(args.export_dir, tags=["serve"])
    fn = loaded.signatures["serving_default"]
    in_specs = fn.structured_input_signature[1]
    out_specs = fn.structured_outputs
    print("TensorFlow", tf.__version__)
    print("serving_default inputs :", {k: (v.dtype.name, v.shape.as_list()) for k, v in in_specs.items()})
    print("serving_default outputs:", {k: (v.dtype.name, v.shape.as_list()) for k, v in out_specs.items()})
    if len(in_specs) != 1:
        sys.exit("this checker feeds single-input models only")
    in_key, spec = next(iter(in_specs.items()))
    if spec.shape[0] is not None:
        sys.exit("batch dimension should be unknown, got %s" % spec.shape)

    if args.input:
        x = np.load(args.input).astype(spec.dtype.as_numpy_dtype)
    else:
        shape = [4] + [d for d in spec.shape.as_list()[1:]]
        x = np.random.default_rng(0).normal(size=shape).astype(spec.dtype.as_numpy_dtype)
    outputs = {k: v.numpy() for k, v in fn(**{in_key: tf.constant(x)}).items()}
    if hasattr(loaded, "trainable_variables"):
        print("TF2 trainable variables:", len(loaded.trainable_variables),
              "non-trainable:", len(getattr(loaded, "non_trainable_variables", [])))
    out_key = sorted(outputs)[0]
    print("output %s: shape %s, first row %s" % (out_key, outputs[out_key].shape, outputs[out_key][0][:8]))

    with tf.compat.v1.Session(graph=tf.Graph()) as sess:
        meta = tf.compat.v1.saved_model.loader.load(sess, ["serve"], args.export_dir)
        sig = meta.signature_def["serving_default"]
        print("TF1 loader method name:", sig.method_name)
        print("variables:", sorted(n.name for n in meta.graph_def.node if n.op in ("VariableV2", "VarHandleOp")))
        if sig.method_name != "tensorflow/serving/predict":
            sys.exit("method name should be tensorflow/serving/predict")
        fetch = {k: t.name for k, t in sig.outputs.items()}
        v1 = sess.run(fetch, {sig.inputs[in_key].name: x})
    worst = max(float(np.max(np.abs(v1[k] - outputs[k]))) for k in outputs)
    print("TF2 load vs TF1 session loader: max |diff| = %.3g" % worst)
    ok = worst <= args.atol

    if args.expected:
        expected = np.load(args.expected)
        diff = float(np.max(np.abs(expected - outputs[out_key])))
        print("vs expected (%s): max |diff| = %.3g (atol %g)" % (args.expected, diff, args.atol))
        ok = ok and diff <= args.atol

    meta_file = os.path.join(args.export_dir, "assets", "model.json")
    if os.path.exists(meta_file):
        with open(meta_file) as f:
            prov = json.load(f).get("provenance", {})
        keys = ["library_version", "tensorflow_version", "seed", "epochs_trained", "last_metrics", "optimizer"]
        print("provenance:", {k: prov.get(k) for k in keys})
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
