package io.tfweave.regularizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A penalty on a weight or activation added to the training loss: Keras's L1, L2 and L1L2. */
public final class Regularizer {
  /** Keras's default factor for {@code L1()} / {@code L2()}. */
  public static final double FACTOR_DEFAULT = 0.01;

  private final double l1;
  private final double l2;

  private Regularizer(double l1, double l2) {
    if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException(
          "Regularization factors must be finite and >= 0. Received: l1=" + l1 + ", l2=" + l2);
    }
    this.l1 = l1;
    this.l2 = l2;
  }

  /** {@code l1 * sum(|x|)}. */
  public static Regularizer l1(double l1) {
    return new Regularizer(l1, 0);
  }

  /** {@code l2 * sum(x²)} (Keras's L2; note: no factor 1/2). */
  public static Regularizer l2(double l2) {
    return new Regularizer(0, l2);
  }

  /** {@code l1 * sum(|x|) + l2 * sum(x²)}. */
  public static Regularizer l1l2(double l1, double l2) {
    return new Regularizer(l1, l2);
  }

  /** The L1 factor. */
  public double l1() {
    return l1;
  }

  /** The L2 factor. */
  public double l2() {
    return l2;
  }

  /** The scalar penalty for {@code x}. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> total = tf.constant(0f);
    var all = tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
    if (l1 > 0)
      total = tf.math.add(total, tf.math.mul(tf.constant((float) l1), tf.sum(tf.math.abs(x), all)));
    // x * x rather than Square: Square's C++ gradient aborts the JVM when x is a (ref) variable, as
    // StepGraph passes it.
    if (l2 > 0)
      total =
          tf.math.add(total, tf.math.mul(tf.constant((float) l2), tf.sum(tf.math.mul(x, x), all)));
    return total;
  }

  /** Keras's config: {@code {"class_name": "L2", "config": {"l2": 0.001}}}. */
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    String cls = l1 > 0 && l2 > 0 ? "L1L2" : l1 > 0 ? "L1" : "L2";
    Map<String, Object> inner = new LinkedHashMap<>();
    if (l1 > 0 || cls.equals("L1L2")) inner.put("l1", l1);
    if (l2 > 0 || cls.equals("L1L2")) inner.put("l2", l2);
    c.put("class_name", cls);
    c.put("config", inner);
    return c;
  }

  /** Rebuilds a regularizer from {@link #config()}. */
  public static Regularizer fromConfig(Map<String, Object> c) {
    @SuppressWarnings("unchecked") // a JSON object parses as Map<String, Object>
    Map<String, Object> inner = (Map<String, Object>) c.get("config");
    double a = inner.containsKey("l1") ? ((Number) inner.get("l1")).doubleValue() : 0;
    double b = inner.containsKey("l2") ? ((Number) inner.get("l2")).doubleValue() : 0;
    return new Regularizer(a, b);
  }
}
