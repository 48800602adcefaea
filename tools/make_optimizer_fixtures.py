#!/usr/bin/env python3
"""Writes the Keras fixture that the Java optimizer and schedule tests compare tfweave with.

Run with TensorFlow 2.16 / Keras 3:  /work/venv-tf/bin/python tools/make_optimizer_fixtures.py
Output: src/test/resources/io/tfweave/optimizers/keras_optimizers.json holding
  * "kernel", "bias": the starting weights (a 2x2 weight named "kernel" and a 3-vector named "bias");
  * "grads": fixed gradients for each of 4 steps ([kernel, bias] per step);
  * "optimizers": for each case, Keras's serialized optimizer (keras.optimizers.serialize: class_name, config) and the
    weights after each step of optimizer.apply_gradients (plus the EMA averages when use_ema), from Keras's own
    optimizers on the TensorFlow backend;
  * "schedules": for each case, Keras's serialized schedule and its values at fixed steps.
"""
import json
import math
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import optimizers as ko  # noqa: E402
from keras.optimizers import schedules as ks  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "io", "tfweave", "optimizers",
                   "keras_optimizers.json")
STEPS = 4
KERNEL = [0.5, -1.0, 1.5, 0.25]
BIAS = [0.1, -0.2, 0.3]


def grads(step):
    """Deterministic gradients with mixed signs and magnitudes (one exact zero in step 2's bias)."""
    k = [round(math.sin(1.0 + i + 3.0 * step) * (step + 1) * 0.5, 6) for i in range(4)]
    b = [round(math.cos(0.5 + 2.0 * i + step) * 0.3, 6) for i in range(3)]
    if step == 2:
        b[1] = 0.0
    return k, b


CASES = [
    ("sgd", lambda: ko.SGD(learning_rate=0.1)),
    ("sgd_momentum", lambda: ko.SGD(learning_rate=0.1, momentum=0.9)),
    ("sgd_nesterov", lambda: ko.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)),
    ("rmsprop", lambda: ko.RMSprop(learning_rate=0.01)),
    ("rmsprop_centered", lambda: ko.RMSprop(learning_rate=0.01, momentum=0.5, centered=True)),
    ("adam", lambda: ko.Adam(learning_rate=0.01)),
    ("adamw", lambda: ko.AdamW(learning_rate=0.01, weight_decay=0.1)),
    ("adamw_exclude_bias", lambda: excluded(ko.AdamW(learning_rate=0.01, weight_decay=0.1), ["bias"])),
    ("adagrad", lambda: ko.Adagrad(learning_rate=0.1)),
    ("adagrad_zero_init", lambda: ko.Adagrad(learning_rate=0.1, initial_accumulator_value=0.0)),
    ("adadelta", lambda: ko.Adadelta(learning_rate=1.0)),
    ("adadelta_defaults", lambda: ko.Adadelta()),
    ("adamax", lambda: ko.Adamax(learning_rate=0.01)),
    ("nadam", lambda: ko.Nadam(learning_rate=0.01)),
    ("nadam_defaults", lambda: ko.Nadam()),
    ("lion", lambda: ko.Lion(learning_rate=0.01)),
    ("lion_weight_decay", lambda: excluded(ko.Lion(learning_rate=0.01, weight_decay=0.5), ["ker"])),
    ("ftrl", lambda: ko.Ftrl(learning_rate=0.1)),
    ("ftrl_regularized", lambda: ko.Ftrl(learning_rate=0.1, learning_rate_power=-0.7, initial_accumulator_value=0.2,
                                         l1_regularization_strength=0.05, l2_regularization_strength=0.1,
                                         l2_shrinkage_regularization_strength=0.02, beta=0.3)),
    ("sgd_ema", lambda: ko.SGD(learning_rate=0.1, use_ema=True, ema_momentum=0.9)),
    ("adam_ema_overwrite", lambda: ko.Adam(learning_rate=0.01, use_ema=True, ema_momentum=0.8,
                                           ema_overwrite_frequency=2)),
    ("sgd_accumulate", lambda: ko.SGD(learning_rate=0.1, gradient_accumulation_steps=2)),
    ("adam_accumulate_schedule", lambda: ko.Adam(
        learning_rate=ks.ExponentialDecay(0.01, decay_steps=1, decay_rate=0.5), gradient_accumulation_steps=2)),
    ("nadam_accumulate_ema", lambda: ko.Nadam(learning_rate=0.01, gradient_accumulation_steps=2, use_ema=True,
                                              ema_momentum=0.5)),
    ("adam_clipnorm", lambda: ko.Adam(learning_rate=0.01, global_clipnorm=0.5)),
    ("adagrad_schedule", lambda: ko.Adagrad(learning_rate=ks.PolynomialDecay(0.1, decay_steps=3, power=2.0))),
]


def excluded(opt, names):
    opt.exclude_from_weight_decay(var_names=names)
    return opt


def run_case(make):
    opt = make()
    kernel = keras.Variable(np.array(KERNEL, dtype="float32").reshape(2, 2), name="kernel")
    bias = keras.Variable(np.array(BIAS, dtype="float32"), name="bias")
    out = {"steps": [], "averages": []}
    for step in range(STEPS):
        gk, gb = grads(step)
        opt.apply_gradients([(np.array(gk, dtype="float32").reshape(2, 2), kernel),
                             (np.array(gb, dtype="float32"), bias)])
        out["steps"].append([kernel.numpy().reshape(-1).tolist(), bias.numpy().tolist()])
        if opt.use_ema:
            out["averages"].append([v.numpy().reshape(-1).tolist() for v in opt._model_variables_moving_average])
    ser = ko.serialize(opt)
    out["class_name"] = ser["class_name"]
    out["config"] = ser["config"]
    excluded_names = getattr(opt, "_exclude_from_weight_decay_pattern", None)
    if excluded_names is not None:
        out["config"]["exclude_from_weight_decay"] = excluded_names.pattern.split("|")
    return out


SCHEDULES = [
    ("exponential", ks.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)),
    ("exponential_staircase", ks.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)),
    ("piecewise", ks.PiecewiseConstantDecay([5, 10], [1.0, 0.5, 0.1])),
    ("polynomial", ks.PolynomialDecay(0.1, decay_steps=20)),
    ("polynomial_power_cycle", ks.PolynomialDecay(0.1, decay_steps=20, end_learning_rate=0.01, power=2.0,
                                                  cycle=True)),
    ("inverse_time", ks.InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5)),
    ("inverse_time_staircase", ks.InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)),
    ("cosine", ks.CosineDecay(0.1, decay_steps=40, alpha=0.1)),
    ("cosine_warmup", ks.CosineDecay(0.0, decay_steps=40, alpha=0.1, warmup_target=0.2, warmup_steps=10)),
    ("cosine_warmup_from_start", ks.CosineDecay(0.05, decay_steps=30, warmup_target=0.1, warmup_steps=5)),
    ("cosine_restarts", ks.CosineDecayRestarts(0.1, first_decay_steps=10)),
    ("cosine_restarts_tmul1", ks.CosineDecayRestarts(0.1, first_decay_steps=8, t_mul=1.0, m_mul=0.5, alpha=0.1)),
    ("cosine_restarts_tmul3", ks.CosineDecayRestarts(0.1, first_decay_steps=5, t_mul=3.0, m_mul=0.8, alpha=0.05)),
]
SCHEDULE_STEPS = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 15, 19, 20, 21, 25, 29, 30, 33, 40, 45, 50, 60, 75, 100, 150]


def main():
    fixture = {"kernel": KERNEL, "bias": BIAS, "grads": [list(grads(s)) for s in range(STEPS)], "optimizers": {},
               "schedules": {}, "keras_version": keras.__version__}
    for name, make in CASES:
        fixture["optimizers"][name] = run_case(make)
    for name, sched in SCHEDULES:
        ser = ks.serialize(sched)
        values = [float(np.asarray(sched(np.float32(s)))) for s in SCHEDULE_STEPS]
        fixture["schedules"][name] = {"class_name": ser["class_name"], "config": ser["config"],
                                      "steps": SCHEDULE_STEPS, "values": values}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1, sort_keys=False)
        f.write("\n")
    print("wrote", os.path.normpath(OUT), len(CASES), "optimizers", len(SCHEDULES), "schedules")


if __name__ == "__main__":
    main()
