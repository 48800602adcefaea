package io.tfweave.layers.preprocessing;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Interpolation;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.ConvArgs;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Resizes images to a fixed size (Keras's {@code Resizing}), in both training and inference, like {@code tf.image.resize}
 * (half-pixel centers, no antialiasing). With {@code cropToAspectRatio(true)} the largest centered window with the target
 * aspect ratio is cropped first, so images are not distorted.
 *
 * <p>Input shape: {@code (batch, height, width, channels)} with known height and width. Output shape:
 * {@code (batch, targetHeight, targetWidth, channels)}.
 */
public final class Resizing extends BaseLayer<Resizing> {
  private static final Option<Interpolation> INTERPOLATION =
      ImageGeometry.interpolation(Interpolation.BILINEAR, Interpolation.values());
  private static final Option<Boolean> CROP_TO_ASPECT_RATIO =
      Option.bool("crop_to_aspect_ratio", false);
  private static final List<Option<?>> OPTIONS = Option.list(
      ImageGeometry.HEIGHT,
      ImageGeometry.WIDTH,
      INTERPOLATION,
      CROP_TO_ASPECT_RATIO,
      ConvArgs.DATA_FORMAT);

  /** Resizes to {@code height × width}. */
  public Resizing(int height, int width) {
    super(OPTIONS);
    set(ImageGeometry.HEIGHT, height);
    set(ImageGeometry.WIDTH, width);
  }

  /** How to sample: {@link Interpolation#BILINEAR} (default), {@code NEAREST}, {@code BICUBIC} or {@code AREA}. */
  public Resizing interpolation(Interpolation i) {
    return set(INTERPOLATION, i);
  }

  /** Whether to crop to the target aspect ratio before resizing (default false). */
  public Resizing cropToAspectRatio(boolean c) {
    return set(CROP_TO_ASPECT_RATIO, c);
  }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    if (in.get(1) < 0 || in.get(2) < 0) throw shapeError("known height and width", in, null);
    return Shape.of(in.get(0), get(ImageGeometry.HEIGHT), get(ImageGeometry.WIDTH), in.get(3));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int height = get(ImageGeometry.HEIGHT);
    int width = get(ImageGeometry.WIDTH);
    if (x.shape().get(1) == height && x.shape().get(2) == width) return x;
    Operand<TFloat32> src =
        get(CROP_TO_ASPECT_RATIO) ? ImageGeometry.centerCropToAspect(tf, x, height, width) : x;
    return ImageGeometry.resize(tf, src, height, width, get(INTERPOLATION));
  }

  /** Rebuilds from a Keras config. */
  public static Resizing fromConfig(Map<String, Object> c) {
    return new Resizing(ImageGeometry.HEIGHT.read(c), ImageGeometry.WIDTH.read(c)).readConfig(c);
  }
}
