"""Writes src/test/resources/io/tfweave/losses/keras_losses_metrics.json: Keras 3's values for tfweave's losses (each
reduction, with and without sample weights) and metrics (accumulated over two batches), their get_config(), and a
one-epoch fit with each reduction.

Run: /work/venv-tf/bin/python tools/make_loss_metric_fixtures.py   (TensorFlow 2.16 / Keras 3)
The Java side is io.tfweave.losses.KerasLossMetricFixtureTest.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import numpy as np  # noqa: E402
import keras  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "io", "tfweave", "losses",
                   "keras_losses_metrics.json")

BIN_T = [[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]]
BIN_P = [[0.9, 0.2, 0.6], [0.3, 0.1, 0.8], [0.55, 0.7, 0.45], [0.05, 0.35, 0.25]]
BIN_Z = [[2.0, -1.5, 0.4], [-0.8, -2.2, 1.4], [0.2, 0.9, -0.2], [-3.0, -0.6, -1.1]]
PM_T = [[1, -1, 1], [-1, -1, 1], [1, 1, -1], [-1, 1, -1]]
CAT_T = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]
CAT_P = [[0.7, 0.2, 0.1], [0.3, 0.5, 0.2], [0.25, 0.25, 0.5], [0.6, 0.3, 0.1]]
CAT_Z = [[1.5, 0.2, -0.7], [0.1, 0.9, -0.3], [-0.4, 0.3, 1.1], [1.2, 0.4, -1.0]]
REG_T = [[1.0, 2.5, 0.3], [0.0, 1.2, 3.0], [2.2, 0.7, 1.1], [0.4, 0.0, 2.6]]
REG_P = [[1.3, 2.0, 0.1], [0.2, 1.0, 3.5], [1.9, 0.9, 1.4], [0.5, 0.3, 2.0]]
W = [1.0, 2.0, 0.5, 0.0]

# id, Keras class, kwargs, y_true, y_pred
LOSSES = [
    ("kl_divergence", "KLDivergence", {}, CAT_T, CAT_P),
    ("kl_divergence_soft", "KLDivergence", {}, CAT_P, [[0.5, 0.3, 0.2], [0.2, 0.6, 0.2], [0.1, 0.3, 0.6], [0.4, 0.4, 0.2]]),
    ("poisson", "Poisson", {}, REG_T, REG_P),
    ("hinge", "Hinge", {}, BIN_T, BIN_Z),
    ("hinge_pm1", "Hinge", {}, PM_T, BIN_Z),
    ("squared_hinge", "SquaredHinge", {}, BIN_T, BIN_Z),
    ("categorical_hinge", "CategoricalHinge", {}, CAT_T, CAT_Z),
    ("log_cosh", "LogCosh", {}, REG_T, REG_P),
    ("cosine_similarity", "CosineSimilarity", {}, REG_T, REG_P),
    ("msle", "MeanSquaredLogarithmicError", {}, REG_T, REG_P),
    ("mape", "MeanAbsolutePercentageError", {}, REG_T, REG_P),
    ("binary_focal", "BinaryFocalCrossentropy", {}, BIN_T, BIN_P),
    ("binary_focal_balanced", "BinaryFocalCrossentropy",
     {"apply_class_balancing": True, "alpha": 0.3, "gamma": 3.0}, BIN_T, BIN_P),
    ("binary_focal_logits", "BinaryFocalCrossentropy",
     {"from_logits": True, "label_smoothing": 0.1, "apply_class_balancing": True}, BIN_T, BIN_Z),
    ("categorical_focal", "CategoricalFocalCrossentropy", {}, CAT_T, CAT_P),
    ("categorical_focal_logits", "CategoricalFocalCrossentropy",
     {"from_logits": True, "label_smoothing": 0.2, "alpha": 0.5, "gamma": 1.5}, CAT_T, CAT_Z),
    ("dice", "Dice", {}, BIN_T, BIN_P),
    ("dice_axis1", "Dice", {"axis": [1]}, BIN_T, BIN_P),
    ("tversky", "Tversky", {}, BIN_T, BIN_P),
    ("tversky_ab", "Tversky", {"alpha": 0.7, "beta": 0.3}, BIN_T, BIN_P),
    ("bce_smoothed", "BinaryCrossentropy", {"label_smoothing": 0.2}, BIN_T, BIN_P),
    ("bce_logits_smoothed", "BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, BIN_T, BIN_Z),
    ("cce_smoothed", "CategoricalCrossentropy", {"label_smoothing": 0.2}, CAT_T, CAT_P),
    ("cce_logits_smoothed", "CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, CAT_T, CAT_Z),
]
REDUCTIONS = ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"]

# metrics: id, Keras class, kwargs, batches [(y_true, y_pred), ...]
TOPK_T = [[0, 1, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]
TOPK_P = [[0.1, 0.3, 0.4, 0.2], [0.5, 0.2, 0.1, 0.2], [0.4, 0.35, 0.15, 0.1],
          [0.05, 0.6, 0.3, 0.05], [0.2, 0.1, 0.3, 0.4], [0.25, 0.25, 0.1, 0.4]]
TOPK_S = [[1], [3], [0], [2], [1], [3]]
ML_T = [[1, 0], [0, 1], [1, 1], [0, 0], [1, 0], [0, 1], [1, 1], [0, 1]]
ML_P = [[0.8, 0.3], [0.4, 0.65], [0.7, 0.2], [0.35, 0.45], [0.15, 0.1], [0.55, 0.9], [0.62, 0.58], [0.28, 0.33]]
B_T = [[1], [0], [1], [1], [0], [0], [1], [0], [1], [0]]
B_P = [[0.91], [0.42], [0.33], [0.77], [0.12], [0.58], [0.64], [0.27], [0.49], [0.71]]
IOU_T = [[0], [1], [2], [1], [0], [2], [1], [0]]
IOU_P = [[0], [1], [1], [1], [2], [2], [0], [0]]
IOU_PROB = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.5, 0.3], [0.3, 0.4, 0.3],
            [0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1], [0.5, 0.25, 0.25]]
R2_T = [[1.0, 2.0], [2.0, 0.5], [3.0, 1.5], [4.0, 3.0], [2.5, 2.0], [0.5, 1.0]]
R2_P = [[1.2, 1.8], [1.7, 0.9], [3.3, 1.1], [3.6, 2.7], [2.4, 2.5], [0.9, 0.8]]


ROW_W = [1.0, 0.5, 2.0, 0.0, 1.5, 3.0, 0.25]


def halves(t, p):
    k = len(t) // 2
    return [(t[:k], p[:k]), (t[k:], p[k:])]


METRICS = [
    ("top_k", "TopKCategoricalAccuracy", {"k": 2}, halves(TOPK_T, TOPK_P)),
    ("top_k_default", "TopKCategoricalAccuracy", {}, halves(TOPK_T, TOPK_P)),
    ("sparse_top_k", "SparseTopKCategoricalAccuracy", {"k": 2}, halves(TOPK_S, TOPK_P)),
    ("f1_none", "F1Score", {}, halves(TOPK_T, TOPK_P)),
    ("f1_micro", "F1Score", {"average": "micro", "threshold": 0.3}, halves(TOPK_T, TOPK_P)),
    ("f1_macro", "F1Score", {"average": "macro", "threshold": 0.3}, halves(TOPK_T, TOPK_P)),
    ("f1_weighted", "F1Score", {"average": "weighted", "threshold": 0.3}, halves(ML_T, ML_P)),
    ("fbeta_macro", "FBetaScore", {"average": "macro", "beta": 2.0, "threshold": 0.5}, halves(ML_T, ML_P)),
    ("mean_iou", "MeanIoU", {"num_classes": 3}, halves(IOU_T, IOU_P)),
    ("iou_02", "IoU", {"num_classes": 3, "target_class_ids": [0, 2]}, halves(IOU_T, IOU_P)),
    ("mean_iou_probs", "MeanIoU", {"num_classes": 3, "sparse_y_pred": False}, halves(IOU_T, IOU_PROB)),
    ("r2", "R2Score", {}, halves(R2_T, R2_P)),
    ("r2_variance", "R2Score", {"class_aggregation": "variance_weighted_average"}, halves(R2_T, R2_P)),
    ("r2_raw", "R2Score", {"class_aggregation": None}, halves(R2_T, R2_P)),
    ("r2_adjusted", "R2Score", {"num_regressors": 2}, halves(R2_T, R2_P)),
    ("rmse", "RootMeanSquaredError", {}, halves(R2_T, R2_P)),
    ("msle", "MeanSquaredLogarithmicError", {}, halves(R2_T, R2_P)),
    ("precision_at_recall", "PrecisionAtRecall", {"recall": 0.6}, halves(B_T, B_P)),
    ("precision_at_recall_10", "PrecisionAtRecall", {"recall": 0.8, "num_thresholds": 10}, halves(B_T, B_P)),
    ("recall_at_precision", "RecallAtPrecision", {"precision": 0.7}, halves(B_T, B_P)),
    ("auc_roc", "AUC", {}, halves(B_T, B_P)),
    ("auc_pr", "AUC", {"curve": "PR"}, halves(B_T, B_P)),
    ("auc_pr_minoring", "AUC", {"curve": "PR", "summation_method": "minoring"}, halves(B_T, B_P)),
    ("auc_majoring", "AUC", {"summation_method": "majoring", "num_thresholds": 7}, halves(B_T, B_P)),
    ("auc_multi_label", "AUC", {"multi_label": True}, halves(ML_T, ML_P)),
    ("auc_pr_multi_label", "AUC", {"curve": "PR", "multi_label": True}, halves(ML_T, ML_P)),
    ("auc_thresholds", "AUC", {"thresholds": [0.3, 0.5, 0.7]}, halves(B_T, B_P)),
    ("precision_thresholds", "Precision", {"thresholds": [0.3, 0.7]}, halves(B_T, B_P)),
    ("recall_threshold", "Recall", {"thresholds": 0.4}, halves(B_T, B_P)),
]


def as_list(x):
    a = np.asarray(x, dtype=np.float64)
    return a.tolist()


def jsonable(c):
    if isinstance(c, dict):
        return {k: jsonable(v) for k, v in c.items()}
    if isinstance(c, (list, tuple)):
        return [jsonable(v) for v in c]
    if isinstance(c, (np.floating, np.integer)):
        return c.item()
    return c


def loss_cases():
    out = []
    for cid, cls, kwargs, t, p in LOSSES:
        evals = []
        for red in REDUCTIONS:
            for sw in (None, W):
                loss = getattr(keras.losses, cls)(reduction=red, **kwargs)
                yt = np.asarray(t, np.float32)
                yp = np.asarray(p, np.float32)
                v = loss(yt, yp) if sw is None else loss(yt, yp, sample_weight=np.asarray(sw, np.float32))
                evals.append({"reduction": red, "sample_weight": sw, "value": as_list(v)})
        cfg = getattr(keras.losses, cls)(**kwargs).get_config()
        out.append({"id": cid, "class": cls, "kwargs": kwargs, "y_true": t, "y_pred": p,
                    "evaluations": evals, "config": jsonable(cfg)})
    return out


def metric_cases():
    out = []
    for cid, cls, kwargs, batches in METRICS:
        m = getattr(keras.metrics, cls)(**kwargs)
        for t, p in batches:
            m.update_state(np.asarray(t, np.float32), np.asarray(p, np.float32))
        v = as_list(m.result())
        case = {"id": cid, "class": cls, "kwargs": kwargs,
                "batches": [{"y_true": t, "y_pred": p} for t, p in batches],
                "value": v, "config": jsonable(m.get_config())}
        # as a weighted metric: one weight per sample (Keras broadcasts it over the sample's entries)
        try:
            # Keras's IoU counts in int64 by default and truncates fractional weights (it warns); tfweave counts in
            # float32, as Keras's IoU(dtype="float32")
            wkwargs = dict(kwargs, dtype="float32") if cls in ("IoU", "MeanIoU") else kwargs
            mw = getattr(keras.metrics, cls)(**wkwargs)
            weights = []
            for k, (t, p) in enumerate(batches):
                w = [ROW_W[(k * 7 + i) % len(ROW_W)] for i in range(len(t))]
                weights.append(w)
                mw.update_state(np.asarray(t, np.float32), np.asarray(p, np.float32),
                                sample_weight=np.asarray(w, np.float32))
            case["sample_weights"] = weights
            case["weighted_value"] = as_list(mw.result())
        except Exception as e:  # noqa: BLE001 (Keras cannot weigh this one: recorded, not compared)
            case["weighted_error"] = type(e).__name__
        out.append(case)
    for cls in ("Mean", "Sum"):
        m = getattr(keras.metrics, cls)(name="my_value")
        vals = [[1.5, 2.0, -0.5], [4.0]]
        for v in vals:
            m.update_state(np.asarray(v, np.float32))
        out.append({"id": cls.lower(), "class": cls, "kwargs": {"name": "my_value"},
                    "batches": [{"values": v} for v in vals], "value": as_list(m.result()),
                    "config": jsonable(m.get_config())})
    return out


def fit_cases():
    x = np.asarray([[1.0, 0.5, -1.0], [0.2, -0.3, 0.8], [-0.5, 1.5, 0.3], [2.0, 0.1, -0.4]], np.float32)
    y = np.asarray([[1.0, 0.0], [0.5, 1.5], [-1.0, 2.0], [0.3, -0.7]], np.float32)
    kernel = np.asarray([[0.2, -0.1], [0.4, 0.3], [-0.5, 0.6]], np.float32)
    out = []
    for red in ("sum_over_batch_size", "sum", "none"):
        keras.utils.set_random_seed(1)
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        model.layers[0].set_weights([kernel, np.zeros(2, np.float32)])
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss=keras.losses.MeanSquaredError(reduction=red))
        h = model.fit(x, y, batch_size=2, epochs=1, shuffle=False, verbose=0)
        k, b = model.layers[0].get_weights()
        out.append({"reduction": red, "batch_size": 2, "learning_rate": 0.1, "x": x.tolist(), "y": y.tolist(),
                    "kernel": kernel.tolist(), "loss": float(h.history["loss"][0]),
                    "kernel_after": k.astype(np.float64).tolist(), "bias_after": b.astype(np.float64).tolist()})
    return out


def main():
    data = {"keras_version": keras.__version__, "epsilon": keras.backend.epsilon(),
            "losses": loss_cases(), "metrics": metric_cases(), "fit": fit_cases()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(OUT), "with", len(data["losses"]), "losses,", len(data["metrics"]), "metrics,",
          len(data["fit"]), "fits", file=sys.stderr)


if __name__ == "__main__":
    main()
