package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Keras's standard metrics. */
public final class Metrics {
  /** Keras's default threshold for binary accuracy, precision and recall. */
  public static final double THRESHOLD_DEFAULT = 0.5;
  /** Keras's default number of AUC thresholds. */
  public static final int AUC_THRESHOLDS_DEFAULT = 200;

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

  /** Precision TP / (TP + FP) at threshold 0.5. */
  public static Metric precision() {
    return confusionRatio("precision", true);
  }

  /** Recall TP / (TP + FN) at threshold 0.5. */
  public static Metric recall() {
    return confusionRatio("recall", false);
  }

  /** ROC AUC with Keras's 200 thresholds and trapezoidal interpolation. */
  public static Metric auc() {
    return new Auc(AUC_THRESHOLDS_DEFAULT);
  }

  /**
   * A new metric by Keras's name, as Keras's {@code keras.metrics.get(name)}: {@code accuracy} ({@code acc}, resolved by the
   * loss as {@link #accuracy()} describes), {@code binary_accuracy}, {@code mae} ({@code mean_absolute_error}), {@code mse}
   * ({@code mean_squared_error}), {@code precision}, {@code recall}, {@code auc}, or Keras's class names
   * ({@code BinaryAccuracy}, {@code AUC}, ...). Fails listing the known names.
   */
  public static Metric get(String name) {
    Supplier<Metric> s = name == null ? null : BY_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "Unknown metric '" + name + "'. Expected one of " + BY_NAME.keySet()
              + ". Fix: pass one of these names, or a Metric such as Metrics.auc().");
    }
    return s.get();
  }

  /** Same as {@link #get(String)}. */
  public static Metric byName(String name) {
    return get(name);
  }

  private static final Map<String, Supplier<Metric>> BY_NAME = names();

  private static Map<String, Supplier<Metric>> names() {
    Map<String, Supplier<Metric>> m = new LinkedHashMap<>();
    m.put("accuracy", Metrics::accuracy);
    m.put("acc", Metrics::accuracy);
    m.put("binary_accuracy", Metrics::binaryAccuracy);
    m.put("mae", Metrics::meanAbsoluteError);
    m.put("mean_absolute_error", Metrics::meanAbsoluteError);
    m.put("mse", Metrics::meanSquaredError);
    m.put("mean_squared_error", Metrics::meanSquaredError);
    m.put("precision", Metrics::precision);
    m.put("recall", Metrics::recall);
    m.put("auc", Metrics::auc);
    m.put("BinaryAccuracy", Metrics::binaryAccuracy);
    m.put("MeanAbsoluteError", Metrics::meanAbsoluteError);
    m.put("MeanSquaredError", Metrics::meanSquaredError);
    m.put("Precision", Metrics::precision);
    m.put("Recall", Metrics::recall);
    m.put("AUC", Metrics::auc);
    return Collections.unmodifiableMap(m);
  }

  interface Fn {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred);
  }

  private static Metric simple(String name, Fn fn) {
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

  private static Metric confusionRatio(String name, boolean precision) {
    return new Metric() {
      public String name() {
        return name;
      }

      public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
        Operand<TFloat32> pred = tf.dtypes.cast(
            tf.math.greater(yPred, tf.constant((float) THRESHOLD_DEFAULT)), TFloat32.class);
        Operand<TFloat32> truth =
            tf.dtypes.cast(tf.math.greater(yTrue, tf.constant(0.5f)), TFloat32.class);
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> tp = sumAll(tf, tf.math.mul(pred, truth));
        Operand<TFloat32> wrong = precision
            ? tf.math.mul(pred, tf.math.sub(one, truth))
            : tf.math.mul(tf.math.sub(one, pred), truth);
        return new Stats(
            List.of(tp, sumAll(tf, wrong)),
            s -> tf.math.divNoNan(s.get(0), tf.math.add(s.get(0), s.get(1))));
      }
    };
  }
}
