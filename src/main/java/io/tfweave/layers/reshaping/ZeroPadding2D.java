package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.layers.internal.FourSides;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adds rows and columns of zeros around images (Keras's {@code ZeroPadding2D}).
 *
 * <p>{@code new ZeroPadding2D(1)} pads one pixel on every side, {@code (1, 2)} pads 1 row at top and bottom and 2 columns
 * left and right, {@code (top, bottom, left, right)} gives each side. Input shape: {@code (batch, height, width, channels)}.
 * Output shape: {@code (batch, height + top + bottom, width + left + right, channels)}.
 */
public final class ZeroPadding2D extends BaseLayer<ZeroPadding2D> {
  private static final Option<int[]> PADDING = FourSides.option("ZeroPadding2D", "padding", null);
  private static final List<Option<?>> OPTIONS = Option.list(PADDING, ConvArgs.DATA_FORMAT);

  /** Padding of 1, 2 or 4 non-negative values (all sides; height, width; top, bottom, left, right). */
  public ZeroPadding2D(int... padding) {
    super(OPTIONS);
    set(PADDING, padding);
  }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    int[] padding = get(PADDING);
    long h = in.get(1) < 0 ? -1 : in.get(1) + padding[0] + padding[1];
    long w = in.get(2) < 0 ? -1 : in.get(2) + padding[2] + padding[3];
    return Shape.of(in.get(0), h, w, in.get(3));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int[] padding = get(PADDING);
    int[][] p = {{0, 0}, {padding[0], padding[1]}, {padding[2], padding[3]}, {0, 0}};
    return tf.pad(x, tf.constant(p), tf.constant(0f));
  }

  /** Rebuilds from a Keras config ({@code padding} as a number, a pair, or a pair of pairs). */
  public static ZeroPadding2D fromConfig(Map<String, Object> c) {
    return new ZeroPadding2D(PADDING.read(c)).readConfig(c);
  }
}
