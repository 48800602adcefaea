package io.tfweave.layers.reshaping;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Interpolation;
import io.tfweave.layers.KerasEnum;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.ConvArgs;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Repeats rows and columns of images by integer factors (Keras's {@code UpSampling2D}); {@link Interpolation#NEAREST}
 * (default) copies pixels, {@code BILINEAR} interpolates with half-pixel centers like {@code tf.image.resize}.
 *
 * <p>Input shape: {@code (batch, height, width, channels)} with known height and width. Output shape:
 * {@code (batch, height · sizeH, width · sizeW, channels)}.
 */
public final class UpSampling2D extends BaseLayer<UpSampling2D> {
  private static final Option<int[]> SIZE = ConvArgs.pairOption("size", 2);
  private static final Option<Interpolation> INTERPOLATION = Option.mode(
          "interpolation", Interpolation.class, Interpolation.NEAREST)
      .checked(
          i -> KerasEnum.check("interpolation", i, Interpolation.NEAREST, Interpolation.BILINEAR));
  private static final List<Option<?>> OPTIONS =
      Option.list(SIZE, ConvArgs.DATA_FORMAT, INTERPOLATION);

  /** Up-sampling by 2 in both directions. */
  public UpSampling2D() {
    super(OPTIONS);
  }

  /** The factors (default 2); one value or (height, width). */
  public UpSampling2D size(int... s) {
    return set(SIZE, s);
  }

  /** {@link Interpolation#NEAREST} (default) or {@link Interpolation#BILINEAR}. */
  public UpSampling2D interpolation(Interpolation i) {
    return set(INTERPOLATION, i);
  }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    if (in.get(1) < 0 || in.get(2) < 0) throw shapeError("known height and width", in, null);
    int[] size = get(SIZE);
    return Shape.of(in.get(0), in.get(1) * size[0], in.get(2) * size[1], in.get(3));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Shape out = outputShape(x.shape());
    Operand<TInt32> hw = tf.constant(new int[] {(int) out.get(1), (int) out.get(2)});
    if (get(INTERPOLATION) == Interpolation.NEAREST) {
      return tf.image.resizeNearestNeighbor(x, hw, ResizeNearestNeighbor.halfPixelCenters(true));
    }
    return tf.image.resizeBilinear(x, hw, ResizeBilinear.halfPixelCenters(true));
  }

  /** Rebuilds from a Keras config. */
  public static UpSampling2D fromConfig(Map<String, Object> c) {
    return new UpSampling2D().readConfig(c);
  }
}
