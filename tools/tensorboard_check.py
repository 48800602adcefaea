#!/usr/bin/env python3
"""Reads tfweave TensorBoard logs with TensorBoard's own event reader and prints what it finds.

Usage (needs `pip install tensorboard`; tensorflow is optional):

    python tools/tensorboard_check.py LOGDIR [--history history.csv]

For every run directory under LOGDIR (e.g. train/, validation/) prints each scalar tag with its
(step, value) points, the histogram tags with their steps and counts, and whether a graph is
present. Scalars written by WriteScalarSummary arrive as `simple_value`s (EventAccumulator's
Scalars); TF2 tensor scalars (Keras's writers) are read from Tensors. With --history, compares
the epoch_* scalars of train/ and validation/ with a History CSV (`epoch,loss,...,val_loss,...`)
and exits 1 on a mismatch.
"""
import argparse
import csv
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from tensorboard.backend.event_processing import event_accumulator as ea  # noqa: E402
from tensorboard.util import tensor_util  # noqa: E402


def load(run_dir):
    acc = ea.EventAccumulator(run_dir, size_guidance={
        ea.SCALARS: 0, ea.TENSORS: 0, ea.HISTOGRAMS: 0, ea.GRAPH: 1})
    acc.Reload()
    return acc


def scalars(acc):
    out = {}
    tags = acc.Tags()
    for tag in tags["scalars"]:
        out[tag] = [(e.step, float(e.value)) for e in acc.Scalars(tag)]
    for tag in tags["tensors"]:
        points = []
        for e in acc.Tensors(tag):
            value = tensor_util.make_ndarray(e.tensor_proto)
            if value.ndim == 0:
                points.append((e.step, float(value)))
        if points:
            out[tag] = points
    return out


def run_dirs(logdir):
    runs = []
    for root, _, files in os.walk(logdir):
        if any("tfevents" in f for f in files):
            runs.append(root)
    return sorted(runs)


def read_history(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {k: [float(r[k]) for r in rows] for k in rows[0] if k != "epoch"} if rows else {}


def compare(history, found):
    bad = 0
    for key, values in history.items():
        run, name = ("validation", key[4:]) if key.startswith("val_") else ("train", key)
        points = found.get(run, {}).get("epoch_" + name, [])
        got = [v for _, v in points]
        ok = len(got) == len(values) and all(abs(a - b) <= 1e-6 * max(1.0, abs(b)) for a, b in zip(got, values))
        print(f"history {key:>20} vs {run}/epoch_{name}: {'OK' if ok else 'MISMATCH'}")
        bad += not ok
    return bad


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("logdir")
    p.add_argument("--history", help="History CSV (History.writeCsv) to compare epoch scalars with")
    args = p.parse_args()
    runs = run_dirs(args.logdir)
    if not runs:
        sys.exit(f"error: no events.out.tfevents.* files under {args.logdir}")
    found = {}
    for run_dir in runs:
        run = os.path.relpath(run_dir, args.logdir)
        acc = load(run_dir)
        found[run] = scalars(acc)
        print(f"== run '{run}'")
        for tag, points in found[run].items():
            values = ", ".join(f"{s}:{v:.6g}" for s, v in points)
            print(f"  scalar    {tag}: [{values}]")
        for tag in acc.Tags()["histograms"]:
            hs = acc.Histograms(tag)
            print(f"  histogram {tag}: steps {[h.step for h in hs]}, "
                  f"count {int(hs[-1].histogram_value.num)}, "
                  f"range [{hs[-1].histogram_value.min:.4g}, {hs[-1].histogram_value.max:.4g}]")
        if acc.Tags()["graph"]:
            print(f"  graph: {len(acc.Graph().node)} nodes")
    if args.history:
        sys.exit(1 if compare(read_history(args.history), found) else 0)


if __name__ == "__main__":
    main()
