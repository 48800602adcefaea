package io.tfweave.internal;

import java.util.Collection;

/**
 * Validates arguments of the data loaders and builds Keras-style error messages.
 *
 * <p>Every message names the argument, what was expected and what was received, for example
 * {@code maxlen must be a positive integer. Received: maxlen=0}.
 */
public final class DataChecks {
  private DataChecks() {}

  /** Returns {@code value} if it is at least 1, else throws naming {@code name}. */
  public static int positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          name + " must be a positive integer. Received: " + name + "=" + value);
    }
    return value;
  }

  /** Returns {@code value} if it is at least 0, else throws naming {@code name}. */
  public static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          name + " must be 0 or greater. Received: " + name + "=" + value);
    }
    return value;
  }

  /** Returns {@code value} if it is non-null, else throws naming {@code name}. */
  public static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null. Received: " + name + "=null");
    }
    return value;
  }

  /** Returns {@code value} if it is one of {@code allowed}, else throws listing the choices. */
  public static String oneOf(String name, String value, Collection<String> allowed) {
    if (value == null || !allowed.contains(value)) {
      StringBuilder choices = new StringBuilder();
      for (String a : allowed) {
        choices.append(choices.length() == 0 ? "" : ", ").append('"').append(a).append('"');
      }
      String received = value == null ? "null" : '"' + value + '"';
      throw new IllegalArgumentException(
          name + " must be one of " + choices + ". Received: " + name + "=" + received);
    }
    return value;
  }
}
