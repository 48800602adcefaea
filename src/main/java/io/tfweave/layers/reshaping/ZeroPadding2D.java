package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.ConvArgs;
import java.util.Arrays;
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
  private static final Option<int[]> PADDING = Option.of(
          "padding",
          (int[]) null,
          (int[] p) -> List.of(List.of(p[0], p[1]), List.of(p[2], p[3])),
          ZeroPadding2D::read)
      .required()
      .checked(ZeroPadding2D::expand);
  private static final List<Option<?>> OPTIONS = Option.list(PADDING, ConvArgs.DATA_FORMAT);

  /** Padding of 1, 2 or 4 non-negative values (all sides; height, width; top, bottom, left, right). */
  public ZeroPadding2D(int... padding) {
    super(OPTIONS);
    set(PADDING, padding);
  }

  private static int[] expand(int... p) {
    int[] r =
        switch (p.length) {
          case 1 -> new int[] {p[0], p[0], p[0], p[0]};
          case 2 -> new int[] {p[0], p[0], p[1], p[1]};
          case 4 -> p.clone();
          default -> throw new IllegalArgumentException(
              "padding must have 1, 2 or 4 values (all; height, width; top, bottom, "
                  + "left, right). Received: padding=" + Arrays.toString(p));
        };
    for (int v : r) {
      if (v < 0)
        throw new IllegalArgumentException(
            "padding must be non-negative. Received: padding=" + Arrays.toString(p));
    }
    return r;
  }

  /** Reads {@code padding} as a number, a pair, or a pair of pairs. */
  private static int[] read(Object p) {
    if (p instanceof Number n) return new int[] {n.intValue()};
    if (p instanceof List<?> l
        && l.size() == 2
        && l.get(0) instanceof List<?> a
        && l.get(1) instanceof List<?> b) {
      return new int[] {num(a.get(0)), num(a.get(1)), num(b.get(0)), num(b.get(1))};
    }
    if (p instanceof List<?> l && l.size() == 2) return new int[] {num(l.get(0)), num(l.get(1))};
    throw new IllegalArgumentException(
        "ZeroPadding2D config needs padding as a number, a pair or a pair of pairs. Received: "
            + "padding=" + p);
  }

  private static int num(Object o) {
    return ((Number) o).intValue();
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
