package io.tfweave.optimizers;

import java.util.List;
import java.util.Map;

/**
 * Keras's learning-rate schedules ({@code keras.optimizers.schedules}): exponential, piecewise-constant, polynomial,
 * inverse-time and cosine decay (with warm-up), and cosine decay with restarts. Each is evaluated in the graph from the
 * optimizer's {@code iterations} and has Keras's class name and config keys; {@link #fromConfig} rebuilds one. Set a
 * schedule's options before passing it to an optimizer.
 */
public final class Schedules {
  private Schedules() {}

  static long positiveSteps(String name, long steps) {
    if (steps <= 0)
      throw new IllegalArgumentException(
          name + " must be positive. Received: " + name + "=" + steps);
    return steps;
  }

  /** {@code initial · rate^(step / decaySteps)}, floored exponent when {@code staircase}; Keras's {@code ExponentialDecay}. */
  public static ExponentialDecay exponentialDecay(
      double initial, long decaySteps, double rate, boolean staircase) {
    return new ExponentialDecay(initial, decaySteps, rate).staircase(staircase);
  }

  /** {@code values[i]} while {@code step ≤ boundaries[i]} (Keras's PiecewiseConstantDecay; one more value than boundaries). */
  public static PiecewiseConstantDecay piecewiseConstant(long[] boundaries, double[] values) {
    return new PiecewiseConstantDecay(boundaries, values);
  }

  /**
   * {@code initial · ((1 − alpha) · 0.5 (1 + cos(π min(step, decaySteps) / decaySteps)) + alpha)}; Keras's {@code
   * CosineDecay}, with an optional warm-up ({@link CosineDecay#warmup}).
   */
  public static CosineDecay cosineDecay(double initial, long decaySteps, double alpha) {
    return new CosineDecay(initial, decaySteps, alpha);
  }

  /** Keras's {@code PolynomialDecay} from {@code initial} over {@code decaySteps} (end 0.0001, power 1, no cycle). */
  public static PolynomialDecay polynomialDecay(double initial, long decaySteps) {
    return new PolynomialDecay(initial, decaySteps);
  }

  /** Keras's {@code InverseTimeDecay}: {@code initial / (1 + rate · step / decaySteps)}. */
  public static InverseTimeDecay inverseTimeDecay(double initial, long decaySteps, double rate) {
    return new InverseTimeDecay(initial, decaySteps, rate);
  }

  /** Keras's {@code CosineDecayRestarts} from {@code initial} with a first period of {@code firstDecaySteps}. */
  public static CosineDecayRestarts cosineDecayRestarts(double initial, long firstDecaySteps) {
    return new CosineDecayRestarts(initial, firstDecaySteps);
  }

  /**
   * Rebuilds a schedule from Keras's serialized form {@code {"class_name": "CosineDecay", "config": {...}}} (what
   * optimizer configs hold under {@code learning_rate}). Fails naming an unknown class.
   */
  @SuppressWarnings("unchecked")
  public static LearningRateSchedule fromConfig(Map<String, Object> serialized) {
    Object cls = serialized.get("class_name");
    Map<String, Object> c =
        serialized.get("config") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    return switch (String.valueOf(cls)) {
      case "ExponentialDecay" -> exponentialDecay(
          num(c, "initial_learning_rate", null),
          steps(c, "decay_steps"),
          num(c, "decay_rate", null),
          bool(c, "staircase"));
      case "PiecewiseConstantDecay" -> piecewiseConstant(
          ((List<?>) c.get("boundaries"))
              .stream().mapToLong(x -> ((Number) x).longValue()).toArray(),
          ((List<?>) c.get("values"))
              .stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray());
      case "PolynomialDecay" -> polynomialDecay(
              num(c, "initial_learning_rate", null), steps(c, "decay_steps"))
          .endLearningRate(num(c, "end_learning_rate", 0.0001))
          .power(num(c, "power", 1.0))
          .cycle(bool(c, "cycle"));
      case "InverseTimeDecay" -> inverseTimeDecay(
              num(c, "initial_learning_rate", null),
              steps(c, "decay_steps"),
              num(c, "decay_rate", null))
          .staircase(bool(c, "staircase"));
      case "CosineDecay" -> {
        CosineDecay d = cosineDecay(
            num(c, "initial_learning_rate", null), steps(c, "decay_steps"), num(c, "alpha", 0.0));
        if (c.get("warmup_target") != null) {
          d.warmup(num(c, "warmup_target", null), (long) num(c, "warmup_steps", 0.0));
        }
        yield d;
      }
      case "CosineDecayRestarts" -> cosineDecayRestarts(
              num(c, "initial_learning_rate", null), steps(c, "first_decay_steps"))
          .tMul(num(c, "t_mul", 2.0))
          .mMul(num(c, "m_mul", 1.0))
          .alpha(num(c, "alpha", 0.0));
      default -> throw new IllegalArgumentException("Unknown learning-rate schedule '" + cls
          + "'. Expected one of [ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, "
          + "CosineDecay, CosineDecayRestarts]");
    };
  }

  private static double num(Map<String, Object> c, String key, Double dflt) {
    Object v = c.get(key);
    if (v instanceof Number n) return n.doubleValue();
    if (v == null && dflt != null) return dflt;
    throw new IllegalArgumentException(
        "Schedule config key '" + key + "' must be a number. Received: " + v);
  }

  private static long steps(Map<String, Object> c, String key) {
    return (long) num(c, key, null);
  }

  private static boolean bool(Map<String, Object> c, String key) {
    return Boolean.TRUE.equals(c.get(key));
  }
}
