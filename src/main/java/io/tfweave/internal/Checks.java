package io.tfweave.internal;

/** Argument checks with Keras-style messages: {@code units must be a positive integer. Received: units=0}. */
public final class Checks {
  private Checks() {}

  /** Requires {@code value > 0}. */
  public static int positive(String name, int value) {
    if (value <= 0)
      throw new IllegalArgumentException(
          name + " must be a positive integer. Received: " + name + "=" + value);
    return value;
  }

  /** Requires {@code value > 0} and finite. */
  public static double positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " must be a positive number. Received: " + name + "=" + value);
    }
    return value;
  }

  /** Requires {@code 0 <= value < 1}. */
  public static double rate(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(
          name + " must be in the range [0, 1). Received: " + name + "=" + value);
    }
    return value;
  }

  /** Requires {@code value >= 0}. */
  public static double nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " must be a non-negative number. Received: " + name + "=" + value);
    }
    return value;
  }

  /** Requires one of the allowed strings. */
  public static String oneOf(String name, String value, String... allowed) {
    for (String a : allowed) if (a.equals(value)) return value;
    throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed)
        + ". Received: " + name + "=" + value);
  }
}
