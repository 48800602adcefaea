package io.tfweave.losses;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** Keras's standard losses. Probabilities are clipped to [1e-7, 1 − 1e-7] as Keras does. */
public final class Losses {
  /** Keras's {@code epsilon()}. */
  public static final float EPSILON = 1e-7f;

  private Losses() {}

  /** Binary cross-entropy on probabilities (uses the logits when the output layer is a sigmoid, as Keras does). */
  public static Loss binaryCrossentropy() {
    return new BinaryCrossentropy(false);
  }

  /** Binary cross-entropy on logits ({@code from_logits=True}). */
  public static Loss binaryCrossentropyFromLogits() {
    return new BinaryCrossentropy(true);
  }

  /** Categorical cross-entropy on one-hot targets and probabilities. */
  public static Loss categoricalCrossentropy() {
    return new CategoricalCrossentropy(false, false);
  }

  /** Categorical cross-entropy on one-hot targets and logits. */
  public static Loss categoricalCrossentropyFromLogits() {
    return new CategoricalCrossentropy(true, false);
  }

  /** Sparse categorical cross-entropy: integer class targets, probability outputs. */
  public static Loss sparseCategoricalCrossentropy() {
    return new CategoricalCrossentropy(false, true);
  }

  /** Sparse categorical cross-entropy on logits. */
  public static Loss sparseCategoricalCrossentropyFromLogits() {
    return new CategoricalCrossentropy(true, true);
  }

  /** Mean squared error. */
  public static Loss meanSquaredError() {
    return elementwise("mean_squared_error", (tf, t, p) -> tf.math.square(tf.math.sub(t, p)));
  }

  /** Mean absolute error. */
  public static Loss meanAbsoluteError() {
    return elementwise("mean_absolute_error", (tf, t, p) -> tf.math.abs(tf.math.sub(t, p)));
  }

  /** Huber loss with Keras's default {@code delta = 1}. */
  public static Loss huber() {
    return huber(1.0);
  }

  /** Huber loss: 0.5 e² for |e| ≤ delta, delta (|e| − 0.5 delta) beyond. */
  public static Loss huber(double delta) {
    if (!(delta > 0))
      throw new IllegalArgumentException("delta must be positive. Received: delta=" + delta);
    float d = (float) delta;
    return elementwise("huber", (tf, t, p) -> {
      Operand<TFloat32> err = tf.math.abs(tf.math.sub(t, p));
      Operand<TFloat32> quad = tf.math.minimum(err, tf.constant(d));
      Operand<TFloat32> lin = tf.math.sub(err, quad);
      return tf.math.add(
          tf.math.mul(tf.constant(0.5f), tf.math.square(quad)), tf.math.mul(tf.constant(d), lin));
    });
  }

  /**
   * A new loss by Keras's name, as Keras's {@code keras.losses.get(name)}: {@code binary_crossentropy} ({@code bce}),
   * {@code categorical_crossentropy}, {@code sparse_categorical_crossentropy}, {@code mean_squared_error} ({@code mse}),
   * {@code mean_absolute_error} ({@code mae}), {@code huber}, or Keras's class names ({@code BinaryCrossentropy}, ...).
   * Fails listing the known names.
   */
  public static Loss get(String name) {
    Supplier<Loss> s = name == null ? null : BY_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "Unknown loss '" + name + "'. Expected one of " + BY_NAME.keySet()
              + ". Fix: pass one of these names, or a Loss such as Losses.huber(0.5).");
    }
    return s.get();
  }

  /** Same as {@link #get(String)}. */
  public static Loss byName(String name) {
    return get(name);
  }

  private static final Map<String, Supplier<Loss>> BY_NAME = names();

  private static Map<String, Supplier<Loss>> names() {
    Map<String, Supplier<Loss>> m = new LinkedHashMap<>();
    m.put("binary_crossentropy", Losses::binaryCrossentropy);
    m.put("bce", Losses::binaryCrossentropy);
    m.put("categorical_crossentropy", Losses::categoricalCrossentropy);
    m.put("sparse_categorical_crossentropy", Losses::sparseCategoricalCrossentropy);
    m.put("mean_squared_error", Losses::meanSquaredError);
    m.put("mse", Losses::meanSquaredError);
    m.put("mean_absolute_error", Losses::meanAbsoluteError);
    m.put("mae", Losses::meanAbsoluteError);
    m.put("huber", Losses::huber);
    m.put("BinaryCrossentropy", Losses::binaryCrossentropy);
    m.put("CategoricalCrossentropy", Losses::categoricalCrossentropy);
    m.put("SparseCategoricalCrossentropy", Losses::sparseCategoricalCrossentropy);
    m.put("MeanSquaredError", Losses::meanSquaredError);
    m.put("MeanAbsoluteError", Losses::meanAbsoluteError);
    m.put("Huber", Losses::huber);
    return Collections.unmodifiableMap(m);
  }

  interface Elementwise {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred);
  }

  private static Loss elementwise(String name, Elementwise f) {
    return new Loss() {
      public String name() {
        return name;
      }

      public Kind kind() {
        return Kind.REGRESSION;
      }

      public Operand<TFloat32> perSample(
          Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> logits) {
        return tf.math.mean(f.apply(tf, yTrue, yPred), tf.constant(-1));
      }

      @Override
      public Operand<TFloat32> compute(
          Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> logits) {
        return meanOfAll(tf, f.apply(tf, yTrue, yPred));
      }
    };
  }

  private static final class BinaryCrossentropy extends Loss {
    private final boolean fromLogits;

    BinaryCrossentropy(boolean fromLogits) {
      this.fromLogits = fromLogits;
    }

    public String name() {
      return "binary_crossentropy";
    }

    public Kind kind() {
      return Kind.BINARY;
    }

    public Operand<TFloat32> perSample(
        Ops tf, Operand<TFloat32> y, Operand<TFloat32> p, Operand<TFloat32> logits) {
      return tf.math.mean(elementwise(tf, y, p, logits), tf.constant(-1));
    }

    @Override
    public Operand<TFloat32> compute(
        Ops tf, Operand<TFloat32> y, Operand<TFloat32> p, Operand<TFloat32> logits) {
      return meanOfAll(tf, elementwise(tf, y, p, logits));
    }

    private Operand<TFloat32> elementwise(
        Ops tf, Operand<TFloat32> y, Operand<TFloat32> p, Operand<TFloat32> logits) {
      Operand<TFloat32> z = fromLogits ? p : logits;
      Operand<TFloat32> elem;
      if (z != null) {
        // The stable max(z, 0) - z*y + log(1 + exp(-|z|)). tensorflow-framework's
        // sigmoidCrossEntropyWithLogits computes the
        // same but builds 11 forward ops (Select-based) and a gradient graph ~30 ops larger; this
        // form is 7 ops.
        elem = tf.math.add(
            tf.math.sub(tf.nn.relu(z), tf.math.mul(z, y)),
            tf.math.softplus(tf.math.neg(tf.math.abs(z))));
      } else {
        Operand<TFloat32> c = tf.clipByValue(p, tf.constant(EPSILON), tf.constant(1f - EPSILON));
        Operand<TFloat32> one = tf.constant(1f);
        elem = tf.math.neg(tf.math.add(
            tf.math.mul(y, tf.math.log(c)),
            tf.math.mul(tf.math.sub(one, y), tf.math.log(tf.math.sub(one, c)))));
      }
      return elem;
    }
  }

  private static final class CategoricalCrossentropy extends Loss {
    private final boolean fromLogits;
    private final boolean sparse;

    CategoricalCrossentropy(boolean fromLogits, boolean sparse) {
      this.fromLogits = fromLogits;
      this.sparse = sparse;
    }

    public String name() {
      return sparse ? "sparse_categorical_crossentropy" : "categorical_crossentropy";
    }

    public Kind kind() {
      return sparse ? Kind.SPARSE_CATEGORICAL : Kind.CATEGORICAL;
    }

    public Operand<TFloat32> perSample(
        Ops tf, Operand<TFloat32> y, Operand<TFloat32> p, Operand<TFloat32> logits) {
      Operand<TFloat32> z = fromLogits ? p : logits;
      Operand<TFloat32> logProbs;
      if (z != null) {
        logProbs = tf.nn.logSoftmax(z);
      } else {
        Operand<TFloat32> norm =
            tf.math.div(p, tf.sum(p, tf.constant(-1), org.tensorflow.op.core.Sum.keepDims(true)));
        logProbs =
            tf.math.log(tf.clipByValue(norm, tf.constant(EPSILON), tf.constant(1f - EPSILON)));
      }
      Operand<TFloat32> target = y;
      if (sparse) {
        int classes = (int) p.shape().get(p.shape().numDimensions() - 1);
        Operand<TInt64> labels = tf.dtypes.cast(y, TInt64.class);
        Operand<TInt32> leading =
            tf.slice(tf.shape(p), tf.constant(new int[] {0}), tf.constant(new int[] {
              p.shape().numDimensions() - 1
            }));
        labels = tf.reshape(labels, leading);
        target = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
      }
      return tf.math.neg(tf.sum(tf.math.mul(target, logProbs), tf.constant(-1)));
    }
  }
}
