package io.tfweave.layers.normalization;

import io.tfweave.layers.Layer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Configs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * The {@code axis} option of the per-sample normalizations (one axis or several, Keras writes a list once built) and the
 * moments they share: {@code mean} and the biased {@code variance = mean((x − mean)²)}, as Keras's {@code ops.moments}.
 */
final class Axes {
  private Axes() {}

  /** Keras's {@code axis}: one or more axes, default {@code -1}; written as a list and read from a number or a list. */
  static Option<int[]> option() {
    return Option.of(
            "axis", new int[] {-1}, (int[] a) -> Arrays.stream(a).boxed().toList(), Axes::read)
        .checked(Axes::check);
  }

  private static int[] read(Object raw) {
    long[] v = Configs.longs(Map.of("axis", raw), "axis");
    return Arrays.stream(v).mapToInt(l -> (int) l).toArray();
  }

  private static int[] check(int[] axes) {
    if (axes.length == 0)
      throw new IllegalArgumentException("axis must name at least one axis. Received: axis=[]");
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] == 0) {
        throw new IllegalArgumentException(
            "axis must not be the batch axis 0. Received: axis=" + Arrays.toString(axes));
      }
      for (int j = 0; j < i; j++) {
        if (axes[i] == axes[j]) {
          throw new IllegalArgumentException(
              "axis must not repeat an axis. Received: axis=" + Arrays.toString(axes));
        }
      }
    }
    return axes.clone();
  }

  /**
   * The axes as non-negative, sorted indices of {@code in} (with batch axis); each must exist, not be the batch axis, and,
   * when {@code known}, have a known size.
   */
  static int[] resolve(Layer layer, Shape in, int[] axes, boolean known) {
    int rank = in.numDimensions();
    int[] r = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i] < 0 ? rank + axes[i] : axes[i];
      if (a <= 0 || a >= rank) {
        throw layer.shapeError(
            "an input with axis " + axes[i] + " after the batch axis",
            in,
            "axis must be in [1, " + (rank - 1) + "] or [-" + (rank - 1) + ", -1].");
      }
      if (known && in.get(a) < 0)
        throw layer.shapeError("a known size on axis " + axes[i], in, null);
      r[i] = a;
    }
    Arrays.sort(r);
    for (int i = 1; i < r.length; i++) {
      if (r[i] == r[i - 1])
        throw layer.shapeError("distinct axes " + Arrays.toString(axes), in, null);
    }
    return r;
  }

  /** The sizes of {@code in} on {@code axes} (the shape of {@code gamma} and {@code beta}). */
  static Shape sizes(Shape in, int[] axes) {
    long[] s = new long[axes.length];
    for (int i = 0; i < axes.length; i++) s[i] = in.get(axes[i]);
    return Shape.of(s);
  }

  /** Reshapes a weight of shape {@link #sizes} so that it broadcasts against an input of {@code rank}. */
  static Operand<TFloat32> broadcastable(Ops tf, Operand<TFloat32> v, Shape in, int[] axes) {
    int rank = in.numDimensions();
    if (axes.length == 1 && axes[0] == rank - 1) return v;
    long[] shape = new long[rank];
    Arrays.fill(shape, 1);
    for (int a : axes) shape[a] = in.get(a);
    return tf.reshape(v, tf.constant(shape));
  }

  /** {@code {mean, variance}} over {@code axes}, kept as size-1 dimensions; the variance is biased. */
  static List<Operand<TFloat32>> moments(Ops tf, Operand<TFloat32> x, int[] axes) {
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(axes), Mean.keepDims(true));
    Operand<TFloat32> variance =
        tf.math.mean(tf.math.squaredDifference(x, mean), tf.constant(axes), Mean.keepDims(true));
    return List.of(mean, variance);
  }
}
