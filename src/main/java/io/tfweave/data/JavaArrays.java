package io.tfweave.data;

import java.lang.reflect.Array;

/**
 * Turns Java arrays ({@code float[][]}, {@code int[][]}, {@code float[][][][]}, ...) into {@link HostArray}s, samples first:
 * what {@code model.fit(x, y, ...)} on Java arrays uses, as Keras's {@code fit} takes numpy arrays. A one-dimensional
 * {@code float[]} or {@code int[]} is wrapped without copying; a nested array is checked to be rectangular and copied once
 * into one flat array; {@code double} values become float32 and {@code long} values int32 (checked to fit).
 */
public final class JavaArrays {
  private JavaArrays() {}

  /** Wraps {@code values} (not copied) as shape {@code [n]}; {@code name} ({@code "x"}, {@code "y"}) names it in errors. */
  public static HostArray of(String name, float[] values) {
    return HostArray.ofFloats(notNull(name, values), values.length);
  }

  /** Wraps {@code values} (not copied) as int32 of shape {@code [n]}. */
  public static HostArray of(String name, int[] values) {
    return HostArray.ofInts(notNull(name, values), values.length);
  }

  /** Copies {@code values} to float32 of shape {@code [n]}. */
  public static HostArray of(String name, double[] values) {
    return flatten(name, values, 1);
  }

  /** Copies {@code values} to int32 of shape {@code [n]}; fails naming a value outside the int32 range. */
  public static HostArray of(String name, long[] values) {
    return flatten(name, values, 1);
  }

  /** Copies a rectangular {@code [n][d]} array; fails naming the first row whose length differs from row 0's. */
  public static HostArray of(String name, float[][] values) {
    return flatten(name, values, 2);
  }

  /** Copies a rectangular {@code [n][t][d]} array (sequences, time series). */
  public static HostArray of(String name, float[][][] values) {
    return flatten(name, values, 3);
  }

  /** Copies a rectangular {@code [n][h][w][c]} array (images, channels last). */
  public static HostArray of(String name, float[][][][] values) {
    return flatten(name, values, 4);
  }

  /** Copies a rectangular {@code [n][length]} int32 array (token ids). */
  public static HostArray of(String name, int[][] values) {
    return flatten(name, values, 2);
  }

  /** Copies a rectangular {@code [n][length]} array to int32 (token ids); fails naming a value outside the int32 range. */
  public static HostArray of(String name, long[][] values) {
    return flatten(name, values, 2);
  }

  /** Copies a rectangular {@code [n][d]} array to float32. */
  public static HostArray of(String name, double[][] values) {
    return flatten(name, values, 2);
  }

  /** Wraps texts (not copied) as strings of shape {@code [n]}, for a model input of {@code DType.STRING}. */
  public static HostArray of(String name, String[] values) {
    return HostArray.ofStrings(notNull(name, values), values.length);
  }

  private static <T> T notNull(String name, T values) {
    if (values == null)
      throw new IllegalArgumentException(name + " must not be null. Received: " + name + "=null");
    return values;
  }

  /** Copies a nested array of {@code rank} dimensions whose leaves are float, double, int or long arrays. */
  static HostArray flatten(String name, Object values, int rank) {
    notNull(name, values);
    long[] shape = new long[rank];
    Object a = values;
    for (int d = 0; d < rank; d++) {
      shape[d] = Array.getLength(a);
      if (d == rank - 1 || shape[d] == 0) break;
      a = Array.get(a, 0);
      if (a == null)
        throw new IllegalArgumentException(
            name + " must not hold null rows. Received: " + name + "[0]".repeat(d + 1) + "=null");
    }
    long total = 1;
    for (long s : shape) total *= s;
    Class<?> leaf = values.getClass();
    for (int d = 1; d < rank; d++) leaf = leaf.getComponentType();
    boolean floats = leaf == float[].class || leaf == double[].class;
    if (total > HostChunks.maxChunkValues) {
      if (rank < 2) {
        throw new IllegalArgumentException(name + " has " + total + " values, more than one chunk"
            + " holds (" + HostChunks.maxChunkValues + ")");
      }
      // More values than one Java array holds: chunks of whole samples, read as one array by fit.
      long perSample = total / shape[0];
      int rows = (int) Math.max(1, HostChunks.maxChunkValues / Math.max(1, perSample));
      Object[] all = (Object[]) values;
      java.util.List<HostArray> chunks = new java.util.ArrayList<>();
      int[] idx = new int[rank];
      for (int from = 0; from < all.length; from += rows) {
        int to = Math.min(all.length, from + rows);
        long[] dims = shape.clone();
        dims[0] = to - from;
        Object out = floats
            ? new float[(int) ((to - from) * perSample)]
            : new int[(int) ((to - from) * perSample)];
        int at = 0;
        for (int i = from; i < to; i++) {
          idx[0] = i;
          at = copy(name, all[i], 1, shape, idx, out, at);
        }
        chunks.add(
            floats ? HostArray.ofFloats((float[]) out, dims) : HostArray.ofInts((int[]) out, dims));
      }
      return HostArray.ofChunks(chunks);
    }
    Object out = floats ? new float[(int) total] : new int[(int) total];
    copy(name, values, 0, shape, new int[rank], out, 0);
    return floats ? HostArray.ofFloats((float[]) out, shape) : HostArray.ofInts((int[]) out, shape);
  }

  private static int copy(
      String name, Object a, int d, long[] shape, int[] idx, Object out, int at) {
    if (a == null)
      throw new IllegalArgumentException(
          name + " must not hold null rows. Received: " + where(name, idx, d) + "=null");
    int len = Array.getLength(a);
    if (len != shape[d]) {
      throw new IllegalArgumentException(
          name + " must be rectangular (every row of one length), but " + where(name, idx, d)
              + " has length " + len + " while " + name + "[0]".repeat(d) + " has length "
              + shape[d] + ". Fix: give every row "
              + "the same length (Utils.padSequences pads token sequences).");
    }
    if (d < shape.length - 1) {
      Object[] rows = (Object[]) a;
      for (int i = 0; i < len; i++) {
        idx[d] = i;
        at = copy(name, rows[i], d + 1, shape, idx, out, at);
      }
      return at;
    }
    if (a instanceof float[] f) System.arraycopy(f, 0, out, at, len);
    else if (a instanceof int[] v) System.arraycopy(v, 0, out, at, len);
    else if (a instanceof double[] v)
      for (int i = 0; i < len; i++) ((float[]) out)[at + i] = (float) v[i];
    else {
      long[] v = (long[]) a;
      for (int i = 0; i < len; i++) {
        if (v[i] != (int) v[i]) {
          idx[d] = i;
          throw new IllegalArgumentException(
              name + " holds " + v[i] + " at " + where(name, idx, d + 1) + ", outside the int32 "
                  + "range the model's integer inputs use. Fix: map the ids into [0, 2^31), e.g. to their rank in a vocabulary.");
        }
        ((int[]) out)[at + i] = (int) v[i];
      }
    }
    return at + len;
  }

  private static String where(String name, int[] idx, int depth) {
    StringBuilder b = new StringBuilder(name);
    for (int i = 0; i < depth; i++) b.append('[').append(idx[i]).append(']');
    return b.toString();
  }
}
