package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** Keras's standard metrics, with Keras's names (log keys), defaults and config keys. */
public final class Metrics {
  /** Keras's default threshold for binary accuracy, precision and recall. */
  public static final double THRESHOLD_DEFAULT = 0.5;
  /** Keras's default number of AUC thresholds. */
  public static final int AUC_THRESHOLDS_DEFAULT = 200;
  /** Keras's default {@code k} of the top-k accuracies. */
  public static final int TOP_K_DEFAULT = 5;

  private Metrics() {}

  /** {@code accuracy}, resolved like Keras: binary, categorical or sparse categorical from the loss and output shape. */
  public static Metric accuracy() {
    return new Metric() {
      public String name() {
        return "accuracy";
      }

      public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
        long last = yPred.shape().get(yPred.shape().numDimensions() - 1);
        if (kind == Loss.Kind.SPARSE_CATEGORICAL) return sparseAccuracy(tf, yTrue, yPred);
        if (kind == Loss.Kind.BINARY || last == 1)
          return mean(tf, binaryMatches(tf, yTrue, yPred, THRESHOLD_DEFAULT));
        if (yTrue.shape().numDimensions() < yPred.shape().numDimensions())
          return sparseAccuracy(tf, yTrue, yPred);
        return mean(
            tf,
            tf.dtypes.cast(
                tf.math.equal(
                    tf.math.argMax(yTrue, tf.constant(-1)), tf.math.argMax(yPred, tf.constant(-1))),
                TFloat32.class));
      }
    };
  }

  /** {@code binary_accuracy} with threshold 0.5. */
  public static Metric binaryAccuracy() {
    return simple("binary_accuracy", (tf, t, p) -> binaryMatches(tf, t, p, THRESHOLD_DEFAULT));
  }

  /** Mean absolute error, log key {@code mae}. */
  public static Metric meanAbsoluteError() {
    return simple("mae", (tf, t, p) -> tf.math.abs(tf.math.sub(t, p)));
  }

  /** Mean squared error, log key {@code mse}. */
  public static Metric meanSquaredError() {
    return simple("mse", (tf, t, p) -> tf.math.square(tf.math.sub(t, p)));
  }

  /** Keras's {@code RootMeanSquaredError}: the square root of the mean (over samples) of the per-sample MSE. */
  public static Metric rootMeanSquaredError() {
    Metric mse = simple("root_mean_squared_error", (tf, t, p) -> tf.math.square(tf.math.sub(t, p)));
    return new Metric() {
      public String name() {
        return mse.name();
      }

      public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
        Stats s = mse.build(tf, yTrue, yPred, kind);
        return new Stats(s.batchSums(), v -> tf.math.sqrt(s.result().apply(v)));
      }
    };
  }

  /** Keras's {@code MeanSquaredLogarithmicError} metric: the loss's formula, averaged over samples. */
  public static Metric meanSquaredLogarithmicError() {
    return simple("mean_squared_logarithmic_error", (tf, t, p) -> {
      Operand<TFloat32> eps = tf.constant(io.tfweave.losses.Losses.EPSILON);
      Operand<TFloat32> one = tf.constant(1f);
      return tf.math.square(tf.math.sub(
          tf.math.log(tf.math.add(tf.math.maximum(p, eps), one)),
          tf.math.log(tf.math.add(tf.math.maximum(t, eps), one))));
    });
  }

  /**
   * Precision TP / (TP + FP), a prediction counting as positive above each threshold (none given: Keras's 0.5). One
   * threshold gives a number; several give a vector, logged as {@code precision_0}, {@code precision_1}, ...
   */
  public static Metric precision(double... thresholds) {
    return new PrecisionRecall(true, thresholds);
  }

  /** Recall TP / (TP + FN) at the thresholds, as {@link #precision(double...)}. */
  public static Metric recall(double... thresholds) {
    return new PrecisionRecall(false, thresholds);
  }

  /** ROC AUC with Keras's 200 thresholds and trapezoidal interpolation; options on {@link Auc}. */
  public static Auc auc() {
    return new Auc(AUC_THRESHOLDS_DEFAULT);
  }

  /** Keras's {@code PrecisionAtRecall(recall)}: the best precision with recall ≥ {@code recall}, 200 thresholds. */
  public static AtConstraint precisionAtRecall(double recall) {
    return new AtConstraint(true, recall, AtConstraint.NUM_THRESHOLDS_DEFAULT);
  }

  /** Keras's {@code RecallAtPrecision(precision)}: the best recall with precision ≥ {@code precision}. */
  public static AtConstraint recallAtPrecision(double precision) {
    return new AtConstraint(false, precision, AtConstraint.NUM_THRESHOLDS_DEFAULT);
  }

  /** Keras's {@code TopKCategoricalAccuracy} with k = {@value #TOP_K_DEFAULT}. */
  public static Metric topKCategoricalAccuracy() {
    return topKCategoricalAccuracy(TOP_K_DEFAULT);
  }

  /** Whether the one-hot target's class is among the {@code k} highest predictions. */
  public static Metric topKCategoricalAccuracy(int k) {
    return new TopK(k, false);
  }

  /** Keras's {@code SparseTopKCategoricalAccuracy} with k = {@value #TOP_K_DEFAULT}. */
  public static Metric sparseTopKCategoricalAccuracy() {
    return sparseTopKCategoricalAccuracy(TOP_K_DEFAULT);
  }

  /** Whether the integer target is among the {@code k} highest predictions. */
  public static Metric sparseTopKCategoricalAccuracy(int k) {
    return new TopK(k, true);
  }

  /** Keras's {@code F1Score} (average none, threshold none); options on {@link FBetaScore}. */
  public static FBetaScore f1Score() {
    return new FBetaScore(null, 1.0, null, "f1_score");
  }

  /** Keras's {@code FBetaScore(beta)} (average none, threshold none). */
  public static FBetaScore fBetaScore(double beta) {
    return new FBetaScore(null, beta, null, "fbeta_score");
  }

  /** Keras's {@code MeanIoU(num_classes)}; options on {@link IoU}. */
  public static IoU meanIoU(int numClasses) {
    int[] all = new int[Math.max(numClasses, 0)];
    for (int i = 0; i < all.length; i++) all[i] = i;
    return new IoU("mean_io_u", numClasses, all, null, true, true);
  }

  /** Keras's {@code IoU(num_classes, target_class_ids)}: the mean IoU of the listed classes. */
  public static IoU iou(int numClasses, int... targetClassIds) {
    return new IoU("io_u", numClasses, targetClassIds, null, true, true);
  }

  /** Keras's {@code R2Score} (uniform average, not adjusted); options on {@link R2Score}. */
  public static R2Score r2Score() {
    return new R2Score("uniform_average", 0);
  }

  /**
   * Keras's {@code Mean(name)} for values a custom training step supplies: {@link Mean#update(Ops, Operand)} builds its
   * accumulators and update op.
   */
  public static Mean mean(String name) {
    return new Mean(name);
  }

  /** Keras's {@code Sum(name)} for values a custom training step supplies. */
  public static Sum sum(String name) {
    return new Sum(name);
  }

  static String checkName(String name) {
    if (name == null || name.isBlank())
      throw new IllegalArgumentException(
          "A metric needs a name (its log key). Received: name=" + name);
    return name;
  }

  /**
   * A new metric by Keras's name, as Keras's {@code keras.metrics.get(name)}: {@code accuracy} ({@code acc}, resolved by the
   * loss as {@link #accuracy()} describes), {@code binary_accuracy}, {@code mae}, {@code mse}, {@code msle},
   * {@code root_mean_squared_error}, {@code precision}, {@code recall}, {@code auc}, {@code top_k_categorical_accuracy},
   * {@code sparse_top_k_categorical_accuracy}, {@code f1_score}, {@code fbeta_score}, {@code r2_score}, or Keras's
   * class names ({@code BinaryAccuracy}, {@code AUC}, {@code F1Score}, ...). Metrics that need an argument
   * ({@code mean_io_u}, {@code precision_at_recall}, ...) fail naming the factory to call. Fails listing the known names.
   */
  public static Metric get(String name) {
    String needs = name == null ? null : MetricNames.NEEDS_ARGUMENT.get(name);
    if (needs != null)
      throw new IllegalArgumentException(
          "Metric '" + name + "' needs an argument. Fix: pass " + needs + " instead of its name.");
    Supplier<Metric> s = name == null ? null : MetricNames.BY_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "Unknown metric '" + name + "'. Expected one of " + MetricNames.BY_NAME.keySet()
              + ". Fix: pass one of these names, or a Metric such as Metrics.auc().");
    }
    return s.get();
  }

  /** Same as {@link #get(String)}. */
  public static Metric byName(String name) {
    return get(name);
  }

  interface Fn {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred);
  }

  static Metric simple(String name, Fn fn) {
    return new Metric() {
      public String name() {
        return name;
      }

      public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
        return mean(tf, tf.math.mean(fn.apply(tf, yTrue, yPred), tf.constant(-1)));
      }
    };
  }

  static Operand<TFloat32> binaryMatches(
      Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, double threshold) {
    Operand<TFloat32> predicted =
        tf.dtypes.cast(tf.math.greater(yPred, tf.constant((float) threshold)), TFloat32.class);
    return tf.math.mean(
        tf.dtypes.cast(tf.math.equal(predicted, yTrue), TFloat32.class), tf.constant(-1));
  }

  static Metric.Stats sparseAccuracy(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    Operand<TInt64> predicted = tf.math.argMax(yPred, tf.constant(-1));
    Operand<TInt64> labels =
        tf.reshape(tf.dtypes.cast(yTrue, TInt64.class), tf.shape(predicted, TInt64.class));
    return Metric.mean(tf, tf.dtypes.cast(tf.math.equal(predicted, labels), TFloat32.class));
  }

  /** Top-k accuracy on one-hot ({@code sparse} false) or integer targets, through TensorFlow's {@code InTopKV2}. */
  private static final class TopK extends Metric {
    private final int k;
    private final boolean sparse;

    TopK(int k, boolean sparse) {
      if (k < 1)
        throw new IllegalArgumentException("k must be a positive integer. Received: k=" + k);
      this.k = k;
      this.sparse = sparse;
    }

    @Override
    public String name() {
      return sparse ? "sparse_top_k_categorical_accuracy" : "top_k_categorical_accuracy";
    }

    @Override
    public java.util.Map<String, Object> config() {
      java.util.Map<String, Object> c = super.config();
      c.put("k", k);
      return c;
    }

    @Override
    public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
      int classes = (int) yPred.shape().get(yPred.shape().numDimensions() - 1);
      Operand<TFloat32> p = tf.reshape(yPred, tf.constant(new int[] {-1, classes}));
      Operand<TInt32> target = sparse
          ? tf.dtypes.cast(yTrue, TInt32.class)
          : tf.math.argMax(yTrue, tf.constant(-1), TInt32.class);
      target = tf.reshape(target, tf.constant(new int[] {-1}));
      Operand<TFloat32> hits =
          tf.dtypes.cast(tf.nn.inTopK(p, target, tf.constant(k)), TFloat32.class);
      return mean(tf, hits);
    }
  }
}
