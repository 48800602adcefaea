#!/usr/bin/env python3
"""Checks tfweave exports with TF2's own loaders: tf.saved_model.load, Keras's TFSMLayer and the TFLite converter.

Usage: check_tf2_export.py DIR, where DIR/probe.json (written by Tf2ExportPythonTest) maps each kind to
{"export": dir, "input_name", "input_shape", "int_input", "input", "output_name", "output", "trainable",
"non_trainable", "tflite"}. For each kind it checks that
  1. tf.saved_model.load(export).trainable_variables / non_trainable_variables have the expected counts and the
     serving_default signature gives tfweave's outputs (max |diff| <= 1e-5);
  2. keras.layers.TFSMLayer(export, trainable=True) has the trainable weights, predicts the same, and fine-tunes in
     Keras (fit lowers the loss and changes the weights);
  3. where "tflite" is true, tf.lite.TFLiteConverter.from_saved_model(export) converts and the TFLite interpreter's
     outputs match (<= 1e-5); where it is false, conversion must fail (the export documents the refusal).
Prints one line per check; exits 1 on the first failure.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

TOL = 1e-5


def fail(msg):
    print("FAIL " + msg)
    sys.exit(1)


def probe_input(p):
    x = np.array(p["input"], dtype=np.float32).reshape(p["input_shape"])
    return x.astype(np.int32) if p["int_input"] else x


def check_load(kind, p, x, want):
    m = tf.saved_model.load(p["export"])
    tv, ntv = m.trainable_variables, m.non_trainable_variables
    if len(tv) != p["trainable"] or len(ntv) != p["non_trainable"]:
        fail(f"{kind}: tf.saved_model.load sees {len(tv)} trainable / {len(ntv)} non-trainable variables, "
             f"expected {p['trainable']} / {p['non_trainable']}")
    got = m.signatures["serving_default"](**{p["input_name"]: tf.constant(x)})[p["output_name"]].numpy()
    d = float(np.max(np.abs(got - want)))
    print(f"{kind}: tf.saved_model.load: {len(tv)} trainable + {len(ntv)} non-trainable variables, "
          f"max |diff| = {d:.3g}")
    if d > TOL:
        fail(f"{kind}: tf.saved_model.load output differs by {d}")
    with tf.GradientTape() as tape:
        out = m.signatures["serving_default"](**{p["input_name"]: tf.constant(x)})[p["output_name"]]
        loss = tf.reduce_sum(out * out)
    grads = tape.gradient(loss, tv)
    if any(g is None for g in grads):
        fail(f"{kind}: no gradient for some trainable variables of the loaded export")


def check_tfsm(kind, p, x, want):
    layer = keras.layers.TFSMLayer(p["export"], call_endpoint="serving_default", trainable=True)
    if len(layer.trainable_weights) != p["trainable"]:
        fail(f"{kind}: TFSMLayer has {len(layer.trainable_weights)} trainable weights, expected {p['trainable']}")
    inp = keras.Input(shape=x.shape[1:], dtype="int32" if p["int_input"] else "float32", name=p["input_name"])
    model = keras.Model(inp, layer(inp)[p["output_name"]])
    got = model.predict(x, verbose=0)
    d = float(np.max(np.abs(got - want)))
    if d > TOL:
        fail(f"{kind}: TFSMLayer output differs by {d}")
    before = [w.numpy().copy() for w in layer.trainable_weights]
    # Plain SGD: Keras 3.15's optimizers with slots (Adam, momentum) fail on every TFSMLayer, Keras's own exports
    # included, because they name slots after the variable ("dense_kernel:0_momentum" is not a valid scope name).
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    target = want + 0.5 * np.random.default_rng(0).standard_normal(want.shape).astype(np.float32)
    first = model.evaluate(x, target, verbose=0)
    model.fit(x, target, epochs=20, batch_size=len(x), verbose=0)
    last = model.evaluate(x, target, verbose=0)
    moved = sum(float(np.max(np.abs(w.numpy() - b))) > 0 for w, b in zip(layer.trainable_weights, before))
    print(f"{kind}: TFSMLayer: {len(layer.trainable_weights)} trainable weights, max |diff| = {d:.3g}, "
          f"Keras fine-tuning loss {first:.4g} -> {last:.4g}, {moved} weights moved")
    if not last < first or moved == 0:
        fail(f"{kind}: TFSMLayer did not fine-tune (loss {first} -> {last}, {moved} weights moved)")


def check_tflite(kind, p, x, want):
    try:
        flat = tf.lite.TFLiteConverter.from_saved_model(p["export"]).convert()
    except Exception as e:  # noqa: BLE001 - the converter raises several types
        if p["tflite"]:
            fail(f"{kind}: TFLite conversion failed: {str(e).splitlines()[0][:300]}")
        print(f"{kind}: TFLite: refused as documented ({type(e).__name__})")
        return
    if not p["tflite"]:
        fail(f"{kind}: TFLite converted an export that tfweave documents as not convertible")
    interp = tf.lite.Interpreter(model_content=flat)
    runner = interp.get_signature_runner("serving_default")
    got = runner(**{p["input_name"]: x})[p["output_name"]]
    d = float(np.max(np.abs(got - want)))
    print(f"{kind}: TFLite: {len(flat)} bytes, max |diff| = {d:.3g}")
    if d > TOL:
        fail(f"{kind}: TFLite output differs by {d}")


def main():
    probes = json.load(open(os.path.join(sys.argv[1], "probe.json")))
    for kind, p in probes.items():
        x = probe_input(p)
        want = np.array(p["output"], dtype=np.float32).reshape(p["output_shape"])
        check_load(kind, p, x, want)
        check_tfsm(kind, p, x, want)
        check_tflite(kind, p, x, want)
    print("ok")


if __name__ == "__main__":
    main()
