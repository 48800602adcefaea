package io.tfweave.cli;

import java.util.Arrays;
import java.util.List;

/**
 * A dense array read from JSON, {@code .npy} or CSV: its shape and row-major values, numbers (widened to double; integers
 * up to 2^53 are exact) or, for a JSON request to a string input, texts.
 *
 * @param shape the dimensions, empty for a scalar
 * @param values the row-major numbers (null for texts)
 * @param strings the row-major texts (null for numbers)
 */
record NumericArray(long[] shape, double[] values, String[] strings) {
  NumericArray {
    long n = 1;
    for (long d : shape) n *= d;
    int len = values != null ? values.length : strings.length;
    if (n != len) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " values, not " + len);
    }
  }

  /** Numbers of {@code shape}. */
  NumericArray(long[] shape, double[] values) {
    this(shape, values, null);
  }

  /** True when the array holds texts. */
  boolean isText() {
    return strings != null;
  }

  /** The shape as {@code [2, 3]}. */
  String shapeText() {
    return Arrays.toString(shape);
  }

  /** The same values with another shape of the same size. */
  NumericArray reshape(long[] newShape) {
    return new NumericArray(newShape, values, strings);
  }

  /** Stacks equally shaped arrays along a new first dimension; {@code what} names them in errors. */
  static NumericArray stack(List<NumericArray> items, String what) {
    if (items.isEmpty())
      throw new CliException(what + ": expected at least one instance, but the list is empty");
    long[] first = items.get(0).shape();
    boolean text = items.get(0).isText();
    int size = text ? items.get(0).strings().length : items.get(0).values().length;
    double[] all = text ? null : new double[size * items.size()];
    String[] texts = text ? new String[size * items.size()] : null;
    for (int i = 0; i < items.size(); i++) {
      NumericArray a = items.get(i);
      if (!Arrays.equals(first, a.shape())) {
        throw new CliException(
            what + ": every instance must have the same shape, but instance 0 has shape "
                + Arrays.toString(first) + " and instance " + i + " has shape " + a.shapeText());
      }
      if (a.isText() != text) {
        throw new CliException(what + ": instance 0 holds " + (text ? "strings" : "numbers")
            + " but instance " + i + " holds " + (text ? "numbers" : "strings"));
      }
      if (text) System.arraycopy(a.strings(), 0, texts, i * size, size);
      else System.arraycopy(a.values(), 0, all, i * size, size);
    }
    long[] shape = new long[first.length + 1];
    shape[0] = items.size();
    System.arraycopy(first, 0, shape, 1, first.length);
    return new NumericArray(shape, all, texts);
  }
}
