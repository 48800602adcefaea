package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.SequenceArgs;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adds steps of zeros at the start and end of sequences (Keras's {@code ZeroPadding1D}): {@code new ZeroPadding1D(1)} pads
 * one step at each end (Keras's default), {@code (start, end)} gives each end.
 *
 * <p>Input shape: {@code (batch, steps, features)}. Output shape: {@code (batch, start + steps + end, features)}.
 */
public final class ZeroPadding1D extends BaseLayer<ZeroPadding1D> {
  private static final Option<int[]> PADDING = SequenceArgs.endsOption("padding", 1);
  private static final List<Option<?>> OPTIONS = Option.list(PADDING);

  /** Padding of one value (both ends) or two (start, end); none gives Keras's default, 1 at each end. */
  public ZeroPadding1D(int... padding) {
    super(OPTIONS);
    if (padding.length > 0) set(PADDING, padding);
  }

  @Override
  public Shape outputShape(Shape in) {
    SequenceArgs.checkSequence(this, in, false);
    int[] p = get(PADDING);
    return Shape.of(in.get(0), in.get(1) < 0 ? -1 : in.get(1) + p[0] + p[1], in.get(2));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int[] p = get(PADDING);
    return tf.pad(x, tf.constant(new int[][] {{0, 0}, {p[0], p[1]}, {0, 0}}), tf.constant(0f));
  }

  /** Rebuilds from a Keras config ({@code padding} as a number or a pair). */
  public static ZeroPadding1D fromConfig(Map<String, Object> c) {
    return new ZeroPadding1D(PADDING.read(c)).readConfig(c);
  }
}
