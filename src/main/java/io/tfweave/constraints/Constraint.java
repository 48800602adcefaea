package io.tfweave.constraints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * A projection applied to a weight after every optimizer update, inside the same training step (Keras's
 * {@code keras.constraints}): {@link #maxNorm}, {@link #minMaxNorm}, {@link #nonNeg}, {@link #unitNorm}.
 *
 * <p>The norm constraints compute {@code norms = sqrt(sum(w², axis, keepdims))} and rescale {@code w} by {@code desired /
 * (EPSILON + norms)}, exactly as Keras 3 does. For a {@code Dense} kernel {@code [in, out]}, {@code axis 0} constrains the
 * incoming weight vector of each unit; for a {@code Conv2D} kernel {@code [kh, kw, in, out]}, use {@code axis 0, 1, 2}.
 */
public final class Constraint {
  /** Keras's {@code backend.epsilon()}, added to the norms before dividing. */
  public static final double EPSILON = 1e-7;
  /** Keras's default {@code max_value} of MaxNorm. */
  public static final double MAX_NORM_DEFAULT = 2;

  private enum Kind {
    MAX_NORM("MaxNorm"),
    MIN_MAX_NORM("MinMaxNorm"),
    NON_NEG("NonNeg"),
    UNIT_NORM("UnitNorm");

    final String kerasName;

    Kind(String kerasName) {
      this.kerasName = kerasName;
    }
  }

  private final Kind kind;
  private final double minValue;
  private final double maxValue;
  private final double rate;
  private final int[] axis;

  private Constraint(Kind kind, double minValue, double maxValue, double rate, int[] axis) {
    this.kind = kind;
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.rate = rate;
    this.axis = axis;
  }

  /** Keras's {@code MaxNorm(max_value=2, axis=0)}. */
  public static Constraint maxNorm() {
    return maxNorm(MAX_NORM_DEFAULT, 0);
  }

  /** Keras's {@code MaxNorm}: rescales the slices along {@code axis} whose L2 norm exceeds {@code maxValue}. */
  public static Constraint maxNorm(double maxValue, int... axis) {
    finiteNonNegative("max_value", maxValue);
    return new Constraint(Kind.MAX_NORM, 0, maxValue, 1, axes(axis));
  }

  /** Keras's {@code MinMaxNorm(min_value=0, max_value=1, rate=1, axis=0)}. */
  public static Constraint minMaxNorm() {
    return minMaxNorm(0, 1, 1, 0);
  }

  /**
   * Keras's {@code MinMaxNorm}: rescales each slice to norm {@code rate · clip(norm, minValue, maxValue) + (1 − rate) ·
   * norm}.
   */
  public static Constraint minMaxNorm(double minValue, double maxValue, double rate, int... axis) {
    finiteNonNegative("min_value", minValue);
    finiteNonNegative("max_value", maxValue);
    if (minValue > maxValue) {
      throw new IllegalArgumentException(
          "MinMaxNorm needs min_value <= max_value. Received: min_value=" + minValue
              + ", max_value=" + maxValue);
    }
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "MinMaxNorm's rate must be in [0, 1]. Received: rate=" + rate);
    }
    return new Constraint(Kind.MIN_MAX_NORM, minValue, maxValue, rate, axes(axis));
  }

  /** Keras's {@code NonNeg}: {@code max(w, 0)}. */
  public static Constraint nonNeg() {
    return new Constraint(Kind.NON_NEG, 0, 0, 1, new int[0]);
  }

  /** Keras's {@code UnitNorm(axis=0)}. */
  public static Constraint unitNorm() {
    return unitNorm(0);
  }

  /** Keras's {@code UnitNorm}: {@code w / (EPSILON + norm)} along {@code axis}. */
  public static Constraint unitNorm(int... axis) {
    return new Constraint(Kind.UNIT_NORM, 0, 0, 1, axes(axis));
  }

  /** Keras's class name, e.g. {@code MaxNorm}. */
  public String kerasName() {
    return kind.kerasName;
  }

  /** The constrained value of {@code w}, of the same shape. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> w) {
    if (kind == Kind.NON_NEG) return tf.math.maximum(w, tf.constant(0f));
    int rank = w.shape().numDimensions();
    for (int a : axis) {
      if (rank >= 0 && (a >= rank || a < -rank)) {
        throw new IllegalArgumentException(kind.kerasName + " constraint: axis " + a
            + " is out of range for a weight of rank " + rank + ". Received: axis="
            + Arrays.toString(axis));
      }
    }
    var norms = tf.math.sqrt(tf.sum(tf.math.mul(w, w), tf.constant(axis), Sum.keepDims(true)));
    Operand<TFloat32> desired =
        switch (kind) {
          case MAX_NORM -> tf.clipByValue(norms, tf.constant(0f), tf.constant((float) maxValue));
          case MIN_MAX_NORM -> tf.math.add(
              tf.math.mul(
                  tf.constant((float) rate),
                  tf.clipByValue(
                      norms, tf.constant((float) minValue), tf.constant((float) maxValue))),
              tf.math.mul(tf.constant((float) (1 - rate)), norms));
          default -> null;
        };
    Operand<TFloat32> denominator = tf.math.add(tf.constant((float) EPSILON), norms);
    return desired == null
        ? tf.math.div(w, denominator)
        : tf.math.mul(w, tf.math.div(desired, denominator));
  }

  /** Keras's config: {@code {"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}}. */
  public Map<String, Object> config() {
    Map<String, Object> inner = new LinkedHashMap<>();
    if (kind == Kind.MIN_MAX_NORM) inner.put("min_value", minValue);
    if (kind == Kind.MAX_NORM || kind == Kind.MIN_MAX_NORM) inner.put("max_value", maxValue);
    if (kind == Kind.MIN_MAX_NORM) inner.put("rate", rate);
    if (kind != Kind.NON_NEG) inner.put("axis", axisConfig());
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("class_name", kind.kerasName);
    c.put("config", inner);
    return c;
  }

  private Object axisConfig() {
    if (axis.length == 1) return axis[0];
    List<Integer> l = new ArrayList<>();
    for (int a : axis) l.add(a);
    return l;
  }

  /** Rebuilds a constraint from {@link #config()} (or Keras's; a bare class name is read too). */
  public static Constraint fromConfig(Object raw) {
    if (raw instanceof String s) return fromConfig(Map.of("class_name", s));
    if (!(raw instanceof Map<?, ?> c) || !(c.get("class_name") instanceof String cls)) {
      throw new IllegalArgumentException(
          "A constraint config must be {\"class_name\": ..., \"config\": {...}}. Received: " + raw);
    }
    Map<?, ?> inner = c.get("config") instanceof Map<?, ?> m ? m : Map.of();
    return switch (cls) {
      case "MaxNorm", "max_norm" -> maxNorm(
          num(inner, "max_value", MAX_NORM_DEFAULT), axisOf(inner));
      case "MinMaxNorm", "min_max_norm" -> minMaxNorm(
          num(inner, "min_value", 0),
          num(inner, "max_value", 1),
          num(inner, "rate", 1),
          axisOf(inner));
      case "NonNeg", "non_neg" -> nonNeg();
      case "UnitNorm", "unit_norm" -> unitNorm(axisOf(inner));
      default -> throw new IllegalArgumentException("Unknown constraint '" + cls
          + "'. Expected one of MaxNorm, MinMaxNorm, NonNeg, UnitNorm.");
    };
  }

  private static double num(Map<?, ?> m, String key, double fallback) {
    return m.get(key) instanceof Number n ? n.doubleValue() : fallback;
  }

  private static int[] axisOf(Map<?, ?> m) {
    Object a = m.get("axis");
    if (a == null) return new int[] {0};
    if (a instanceof Number n) return new int[] {n.intValue()};
    if (a instanceof List<?> l)
      return l.stream().mapToInt(x -> ((Number) x).intValue()).toArray();
    throw new IllegalArgumentException(
        "A constraint's axis must be an integer or a list of integers. Received: axis=" + a);
  }

  private static int[] axes(int[] axis) {
    if (axis == null || axis.length == 0) {
      throw new IllegalArgumentException(
          "A norm constraint needs at least one axis. Received: axis=[]");
    }
    return axis.clone();
  }

  private static void finiteNonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          name + " must be a finite number >= 0. Received: " + name + "=" + v);
    }
  }

  @Override
  public String toString() {
    return kind.kerasName + config().get("config");
  }
}
