package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Repeats each input vector {@code n} times along a new steps axis (Keras's {@code RepeatVector}), e.g. to feed an encoder's
 * summary to every step of a decoder.
 *
 * <p>Input shape: {@code (batch, features)}. Output shape: {@code (batch, n, features)}.
 */
public final class RepeatVector extends BaseLayer<RepeatVector> {
  private static final Option<Integer> N =
      Option.integer("n").required().checked(n -> Checks.positive("n", n));
  private static final List<Option<?>> OPTIONS = Option.list(N);

  /** Repeats the input {@code n} times. */
  public RepeatVector(int n) {
    super(OPTIONS);
    set(N, n);
  }

  /** The number of repetitions. */
  public int n() {
    return get(N);
  }

  @Override
  public Shape outputShape(Shape in) {
    if (in.numDimensions() != 2) {
      throw shapeError(
          "a 2-D input (batch, features)",
          in,
          "add Flatten or GlobalAveragePooling1D before the layer.");
    }
    return Shape.of(in.get(0), n(), in.get(1));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    return tf.tile(tf.expandDims(x, tf.constant(1)), tf.constant(new int[] {1, n(), 1}));
  }

  /** Rebuilds from a Keras config. */
  public static RepeatVector fromConfig(Map<String, Object> c) {
    return new RepeatVector(N.read(c)).readConfig(c);
  }
}
