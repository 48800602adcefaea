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
import org.tensorflow.ndarray.index.Index;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Removes rows and columns at the borders of images (Keras's {@code Cropping2D}).
 *
 * <p>{@code new Cropping2D(1)} crops one pixel on every side, {@code (1, 2)} crops 1 row at top and bottom and 2 columns
 * left and right, {@code (top, bottom, left, right)} gives each side; Keras's default is no cropping
 * ({@code ((0, 0), (0, 0))}). Input shape: {@code (batch, height, width, channels)}. Output shape:
 * {@code (batch, height − top − bottom, width − left − right, channels)}.
 */
public final class Cropping2D extends BaseLayer<Cropping2D> {
  private static final Option<int[]> CROPPING = Option.of(
          "cropping",
          new int[] {0, 0, 0, 0},
          (int[] p) -> List.of(List.of(p[0], p[1]), List.of(p[2], p[3])),
          Cropping2D::read)
      .checked(Cropping2D::expand);
  private static final List<Option<?>> OPTIONS = Option.list(CROPPING, ConvArgs.DATA_FORMAT);

  /**
   * Cropping of 1, 2 or 4 non-negative values (all sides; height, width; top, bottom, left, right); none gives Keras's
   * default, no cropping.
   */
  public Cropping2D(int... cropping) {
    super(OPTIONS);
    if (cropping.length > 0) set(CROPPING, cropping);
  }

  private static int[] expand(int... p) {
    int[] r =
        switch (p.length) {
          case 1 -> new int[] {p[0], p[0], p[0], p[0]};
          case 2 -> new int[] {p[0], p[0], p[1], p[1]};
          case 4 -> p.clone();
          default -> throw new IllegalArgumentException(
              "cropping must have 1, 2 or 4 values (all; height, width; top, bottom, "
                  + "left, right). Received: cropping=" + Arrays.toString(p));
        };
    for (int v : r) {
      if (v < 0)
        throw new IllegalArgumentException(
            "cropping must be non-negative. Received: cropping=" + Arrays.toString(p));
    }
    return r;
  }

  /** Reads {@code cropping} as a number, a pair, or a pair of pairs. */
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
        "Cropping2D config needs cropping as a number, a pair or a pair of pairs. Received: "
            + "cropping=" + p);
  }

  private static int num(Object o) {
    return ((Number) o).intValue();
  }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    int[] c = get(CROPPING);
    long[] out = {in.get(0), in.get(1), in.get(2), in.get(3)};
    for (int a = 0; a < 2; a++) {
      long size = in.get(a + 1);
      int cut = c[2 * a] + c[2 * a + 1];
      if (size >= 0 && cut >= size) {
        throw shapeError(
            "an image larger than the cropping " + Arrays.toString(c) + " (" + cut
                + (a == 0 ? " rows" : " columns") + " cropped)",
            in,
            "crop less, or use larger images.");
      }
      out[a + 1] = size < 0 ? -1 : size - cut;
    }
    return Shape.of(out);
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int[] c = get(CROPPING);
    return tf.stridedSlice(x, Indices.all(), range(c[0], c[1]), range(c[2], c[3]), Indices.all());
  }

  private static Index range(int start, int end) {
    return end == 0 ? Indices.sliceFrom(start) : Indices.slice(start, -end);
  }

  /** Rebuilds from a Keras config ({@code cropping} as a number, a pair, or a pair of pairs). */
  public static Cropping2D fromConfig(Map<String, Object> c) {
    return new Cropping2D().readConfig(c);
  }
}
