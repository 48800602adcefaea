package io.tfweave.cli;

import java.util.Arrays;
import java.util.List;

/**
 * A dense numeric array read from JSON, {@code .npy} or CSV: its shape and row-major values (widened to double; integers
 * up to 2^53 are exact).
 *
 * @param shape the dimensions, empty for a scalar
 * @param values the row-major values
 */
record NumericArray(long[] shape, double[] values) {
  NumericArray {
    long n = 1;
    for (long d : shape) n *= d;
    if (n != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " values, not " + values.length);
    }
  }

  /** The shape as {@code [2, 3]}. */
  String shapeText() {
    return Arrays.toString(shape);
  }

  /** The same values with another shape of the same size. */
  NumericArray reshape(long[] newShape) {
    return new NumericArray(newShape, values);
  }

  /** Stacks equally shaped arrays along a new first dimension; {@code what} names them in errors. */
  static NumericArray stack(List<NumericArray> items, String what) {
    if (items.isEmpty())
      throw new CliException(what + ": expected at least one instance, but the list is empty");
    long[] first = items.get(0).shape();
    int size = items.get(0).values().length;
    double[] all = new double[size * items.size()];
    for (int i = 0; i < items.size(); i++) {
      NumericArray a = items.get(i);
      if (!Arrays.equals(first, a.shape())) {
        throw new CliException(
            what + ": every instance must have the same shape, but instance 0 has shape "
                + Arrays.toString(first) + " and instance " + i + " has shape " + a.shapeText());
      }
      System.arraycopy(a.values(), 0, all, i * size, size);
    }
    long[] shape = new long[first.length + 1];
    shape[0] = items.size();
    System.arraycopy(first, 0, shape, 1, first.length);
    return new NumericArray(shape, all);
  }
}
