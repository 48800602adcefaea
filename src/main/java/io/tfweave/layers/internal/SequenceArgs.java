package io.tfweave.layers.internal;

import io.tfweave.layers.Layer;
import io.tfweave.layers.Option;
import io.tfweave.layers.Padding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Argument parsing and shape arithmetic shared by the 1-D (temporal) convolution, pooling and reshaping layers. */
public final class SequenceArgs {
  private SequenceArgs() {}

  /**
   * A positive length option such as {@code kernel_size} or {@code strides}, written as Keras writes a 1-D tuple (a
   * one-element list) and read from a number or a one-element list; without a default, make it {@code required()} or
   * {@code nullable()}.
   */
  public static Option<Integer> lengthOption(String key, Integer defaultValue) {
    return Option.of(key, defaultValue, (Integer v) -> List.of(v), raw -> single(key, raw))
        .checked(v -> {
          if (v <= 0)
            throw new IllegalArgumentException(
                key + " must be a positive integer. Received: " + key + "=" + v);
          return v;
        });
  }

  private static int single(String key, Object raw) {
    long[] v = Configs.longs(Map.of(key, raw), key);
    if (v.length != 1) {
      throw new IllegalArgumentException(
          key + " of a 1-D layer must be one integer. Received: " + key + "=" + raw);
    }
    return (int) v[0];
  }

  /**
   * A (start, end) pair of non-negative amounts ({@code ZeroPadding1D}'s padding, {@code Cropping1D}'s cropping) given as
   * one value (both ends) or two, written as a two-element list and read from a number or a list.
   */
  public static Option<int[]> endsOption(String key, int... defaultValue) {
    return Option.of(
            key,
            defaultValue.length == 0 ? null : ends(key, defaultValue),
            (int[] p) -> List.of(p[0], p[1]),
            raw -> Arrays.stream(Configs.longs(Map.of(key, raw), key))
                .mapToInt(l -> (int) l)
                .toArray())
        .checked(v -> ends(key, v));
  }

  /** One value (both ends) or two (start, end), all non-negative. */
  public static int[] ends(String key, int... v) {
    if (v == null || v.length < 1 || v.length > 2) {
      throw new IllegalArgumentException(
          key + " must be one integer or two integers (start, end). Received: " + key + "="
              + (v == null ? "null" : Arrays.toString(v)));
    }
    int[] p = v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    if (p[0] < 0 || p[1] < 0) {
      throw new IllegalArgumentException(
          key + " must be non-negative. Received: " + key + "=" + Arrays.toString(v));
    }
    return p;
  }

  /** Requires a rank-3 sequence batch {@code (batch, steps, features)}; with {@code knownFeatures}, a known last dim. */
  public static void checkSequence(
      Layer layer, org.tensorflow.ndarray.Shape in, boolean knownFeatures) {
    if (in.numDimensions() != 3) {
      throw layer.shapeError(
          "a 3-D input (batch, steps, features)",
          in,
          in.numDimensions() == 2
              ? "add a feature axis, e.g. Reshape(steps, 1), or an Embedding for token ids."
              : null);
    }
    if (knownFeatures && in.get(2) < 0)
      throw layer.shapeError("a known number of features (last dimension)", in, null);
  }

  /** Keras's {@code conv_output_length} for one axis: causal padding gives the length of same padding. */
  public static long outputLength(long in, int kernel, Padding padding, int stride, int dilation) {
    return ConvArgs.outputLength(
        in, kernel, padding == Padding.CAUSAL ? Padding.SAME : padding, stride, dilation);
  }

  /** Fails when a down-sampling layer would produce an empty sequence. */
  public static void checkPositive(
      Layer layer, org.tensorflow.ndarray.Shape in, long steps, String what) {
    if (steps == 0) {
      throw layer.shapeError(
          "an input long enough for " + what + " (the output would have 0 steps)",
          in,
          "use padding=\"same\", a smaller kernel or stride, or a longer input.");
    }
  }
}
