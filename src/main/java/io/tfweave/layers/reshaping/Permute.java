package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Configs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Reorders the non-batch axes of its input (Keras's {@code Permute}): {@code dims} is a permutation of {@code 1 … rank − 1}
 * (1-based, the batch axis stays first), so {@code new Permute(2, 1)} swaps steps and features.
 *
 * <p>Input shape: {@code (batch, d1, …, dn)}. Output shape: {@code (batch, d[dims[0]], …, d[dims[n−1]])}.
 */
public final class Permute extends BaseLayer<Permute> {
  private static final Option<int[]> DIMS = Option.of(
          "dims",
          (int[]) null,
          (int[] d) -> Arrays.stream(d).boxed().toList(),
          raw -> Arrays.stream(Configs.longs(Map.of("dims", raw), "dims"))
              .mapToInt(l -> (int) l)
              .toArray())
      .required()
      .checked(Permute::check);
  private static final List<Option<?>> OPTIONS = Option.list(DIMS);

  /** Permutes the non-batch axes as {@code dims} (1-based), e.g. {@code (2, 1)}. */
  public Permute(int... dims) {
    super(OPTIONS);
    set(DIMS, dims);
  }

  private static int[] check(int[] dims) {
    int[] sorted = dims.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] != i + 1) {
        throw new IllegalArgumentException(
            "Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                + "`dims` must be {1, ..., " + dims.length + "}. Received: dims="
                + Arrays.toString(dims));
      }
    }
    return dims.clone();
  }

  /** The permutation (1-based). */
  public int[] dims() {
    return get(DIMS).clone();
  }

  @Override
  public Shape outputShape(Shape in) {
    int[] dims = get(DIMS);
    if (in.numDimensions() != dims.length + 1) {
      throw shapeError(
          "an input of rank " + (dims.length + 1) + " (batch plus the " + dims.length
              + " axes of dims " + Arrays.toString(dims) + ")",
          in,
          null);
    }
    long[] out = new long[dims.length + 1];
    out[0] = in.get(0);
    for (int i = 0; i < dims.length; i++) out[i + 1] = in.get(dims[i]);
    return Shape.of(out);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int[] dims = get(DIMS);
    int[] perm = new int[dims.length + 1];
    for (int i = 0; i < dims.length; i++) perm[i + 1] = dims[i];
    return tf.linalg.transpose(x, tf.constant(perm));
  }

  /** Rebuilds from a Keras config. */
  public static Permute fromConfig(Map<String, Object> c) {
    return new Permute(DIMS.read(c)).readConfig(c);
  }
}
