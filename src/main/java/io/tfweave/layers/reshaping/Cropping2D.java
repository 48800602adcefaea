package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.layers.internal.FourSides;
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
  private static final Option<int[]> CROPPING =
      FourSides.option("Cropping2D", "cropping", new int[] {0, 0, 0, 0});
  private static final List<Option<?>> OPTIONS = Option.list(CROPPING, ConvArgs.DATA_FORMAT);

  /**
   * Cropping of 1, 2 or 4 non-negative values (all sides; height, width; top, bottom, left, right); none gives Keras's
   * default, no cropping.
   */
  public Cropping2D(int... cropping) {
    super(OPTIONS);
    if (cropping.length > 0) set(CROPPING, cropping);
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
