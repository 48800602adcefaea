package io.tfweave.plot;

import java.util.List;
import java.util.Map;

/** Validates plot arguments, with the {@link IllegalArgumentException} messages of this package. */
final class PlotArgs {

  private PlotArgs() {}

  static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null. Received: " + name + "=null");
    }
    return value;
  }

  static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          name + " must be a positive integer. Received: " + name + "=" + value);
    }
    return value;
  }

  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          name + " must be at least " + min + ". Received: " + name + "=" + value);
    }
    return value;
  }

  static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          name + " must be a finite number. Received: " + name + "=" + value);
    }
    return value;
  }

  static void range(String what, double min, double max) {
    finite(what + " min", min);
    finite(what + " max", max);
    if (!(min < max)) {
      throw new IllegalArgumentException(
          what + " range must have min < max. Received: [" + min + ", " + max + "]");
    }
  }

  static void sameLength(String a, int lengthA, String b, int lengthB) {
    if (lengthA != lengthB) {
      throw new IllegalArgumentException(a + " and " + b + " must have the same length. Received: "
          + a + ".length=" + lengthA + ", " + b + ".length=" + lengthB);
    }
  }

  /** Copies a metric log ({@code name -> per-epoch values}) after checking that it is usable. */
  static double[] series(String owner, String key, List<Double> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(owner + " has no values for '" + key
          + "'. Expected at least one value per epoch. Received: " + values);
    }
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      Double v = values.get(i);
      if (v == null) {
        throw new IllegalArgumentException(owner + " '" + key + "' has a null value at epoch "
            + (i + 1) + ". Expected a number (use Double.NaN for a missing value).");
      }
      out[i] = v;
    }
    return out;
  }

  static void notEmpty(String name, Map<?, ?> map) {
    notNull(name, map);
    if (map.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty. Received: " + name + "={}");
    }
  }
}
