package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.SequenceArgs;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Repeats each step of a sequence {@code size} times (Keras's {@code UpSampling1D}): {@code [a, b]} becomes
 * {@code [a, a, b, b]} with the default size 2.
 *
 * <p>Input shape: {@code (batch, steps, features)}. Output shape: {@code (batch, steps · size, features)}.
 */
public final class UpSampling1D extends BaseLayer<UpSampling1D> {
  /** Keras's default factor. */
  public static final int SIZE_DEFAULT = 2;

  private static final Option<Integer> SIZE =
      Option.integer("size", SIZE_DEFAULT).checked(s -> Checks.positive("size", s));
  private static final List<Option<?>> OPTIONS = Option.list(SIZE);

  /** Up-sampling by {@link #SIZE_DEFAULT}. */
  public UpSampling1D() {
    super(OPTIONS);
  }

  /** The repetition factor (default 2). */
  public UpSampling1D size(int s) {
    return set(SIZE, s);
  }

  @Override
  public Shape outputShape(Shape in) {
    SequenceArgs.checkSequence(this, in, false);
    return Shape.of(in.get(0), in.get(1) < 0 ? -1 : in.get(1) * get(SIZE), in.get(2));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int size = get(SIZE);
    // [b, t, c] -> [b, t, 1, c] -> [b, t, size, c] -> [b, t·size, c]
    Operand<TFloat32> tiled =
        tf.tile(tf.expandDims(x, tf.constant(2)), tf.constant(new int[] {1, 1, size, 1}));
    Shape out = outputShape(x.shape());
    Operand<TInt32> shape;
    if (out.get(1) >= 0 && out.get(2) >= 0) {
      shape = tf.constant(new int[] {-1, (int) out.get(1), (int) out.get(2)});
    } else {
      Operand<TInt32> s = tf.shape(x);
      Operand<TInt32> steps = tf.math.mul(
          tf.slice(s, tf.constant(new int[] {1}), tf.constant(new int[] {1})),
          tf.constant(new int[] {size}));
      shape = tf.concat(
          List.of(
              tf.constant(new int[] {-1}),
              steps,
              tf.slice(s, tf.constant(new int[] {2}), tf.constant(new int[] {1}))),
          tf.constant(0));
    }
    return tf.reshape(tiled, shape);
  }

  /** Rebuilds from a Keras config. */
  public static UpSampling1D fromConfig(Map<String, Object> c) {
    return new UpSampling1D().readConfig(c);
  }
}
