package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Interpolation;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.image.CropAndResize;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Crops a random window of random area and aspect ratio from each training image and resizes it to {@code height × width}
 * (torchvision's {@code RandomResizedCrop}, the Inception-style crop). Per image, the area fraction is drawn from
 * {@code scale} (default [0.08, 1]) and the aspect ratio log-uniformly from {@code ratio} (default [3/4, 4/3]); a window
 * that does not fit is clipped to the image (torchvision instead redraws up to 10 times). At inference the images get
 * Keras's smart resize (centered crop with the target aspect ratio, then resize), the identity when the sizes already match.
 *
 * <p>Input shape: {@code (batch, H, W, channels)}. Output shape: {@code (batch, height, width, channels)}.
 */
public final class RandomResizedCrop extends Augmentation<RandomResizedCrop> {
  /** torchvision's default area range. */
  public static final double[] SCALE_DEFAULT = {0.08, 1.0};
  /** torchvision's default aspect-ratio range. */
  public static final double[] RATIO_DEFAULT = {3.0 / 4.0, 4.0 / 3.0};

  private static final Option<double[]> SCALE = rangeOption("scale")
      .withDefault(SCALE_DEFAULT.clone())
      .checked(s -> {
        if (!(s[0] > 0 && s[1] <= 1)) {
          throw new IllegalArgumentException(
              "scale must satisfy 0 < lower <= upper <= 1. Received: scale=" + list(s));
        }
        return s;
      });
  private static final Option<double[]> RATIO = rangeOption("ratio")
      .withDefault(RATIO_DEFAULT.clone())
      .checked(r -> {
        if (!(r[0] > 0))
          throw new IllegalArgumentException(
              "ratio must satisfy 0 < lower <= upper. Received: ratio=" + list(r));
        return r;
      });
  private static final Option<Interpolation> INTERPOLATION = ImageGeometry.interpolation(
      Interpolation.BILINEAR, Interpolation.BILINEAR, Interpolation.NEAREST);
  private static final List<Option<?>> OPTIONS =
      Option.list(ImageGeometry.HEIGHT, ImageGeometry.WIDTH, SCALE, RATIO, INTERPOLATION);

  /** Random resized crops with output size {@code height × width}. */
  public RandomResizedCrop(int height, int width) {
    super(OPTIONS);
    set(ImageGeometry.HEIGHT, height);
    set(ImageGeometry.WIDTH, width);
  }

  /** The range of the crop's area as a fraction of the image, within (0, 1]. */
  public RandomResizedCrop scale(double lower, double upper) {
    return set(SCALE, new double[] {lower, upper});
  }

  /** The range of the crop's aspect ratio (width / height), positive. */
  public RandomResizedCrop ratio(double lower, double upper) {
    return set(RATIO, new double[] {lower, upper});
  }

  /** {@link Interpolation#BILINEAR} (default) or {@link Interpolation#NEAREST}. */
  public RandomResizedCrop interpolation(Interpolation i) {
    return set(INTERPOLATION, i);
  }

  @Override
  public Shape outputShape(Shape in) {
    super.outputShape(in);
    return Shape.of(in.get(0), get(ImageGeometry.HEIGHT), get(ImageGeometry.WIDTH), in.get(3));
  }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    double h = x.shape().get(1);
    double w = x.shape().get(2);
    var n = ImageGeometry.batchShape(tf, x);
    double[] scale = get(SCALE);
    double[] ratio = get(RATIO);
    int height = get(ImageGeometry.HEIGHT);
    int width = get(ImageGeometry.WIDTH);
    Operand<TFloat32> area = ImageGeometry.uniform(tf, n, scale[0], scale[1], seedFor(0));
    Operand<TFloat32> aspect = tf.math.exp(
        ImageGeometry.uniform(tf, n, Math.log(ratio[0]), Math.log(ratio[1]), seedFor(1)));
    Operand<TFloat32> one = tf.constant(1f);
    // crop width / W = sqrt(area · aspect · H / W), crop height / H = sqrt(area / aspect · W / H),
    // clipped to the image
    Operand<TFloat32> fw = tf.math.minimum(
        tf.math.sqrt(tf.math.mul(tf.math.mul(area, aspect), tf.constant((float) (h / w)))), one);
    Operand<TFloat32> fh = tf.math.minimum(
        tf.math.sqrt(tf.math.mul(tf.math.div(area, aspect), tf.constant((float) (w / h)))), one);
    Operand<TFloat32> y1 =
        tf.math.mul(tf.math.sub(one, fh), ImageGeometry.uniform(tf, n, 0, 1, seedFor(2)));
    Operand<TFloat32> x1 =
        tf.math.mul(tf.math.sub(one, fw), ImageGeometry.uniform(tf, n, 0, 1, seedFor(3)));
    Operand<TFloat32> boxes =
        tf.stack(List.of(y1, x1, tf.math.add(y1, fh), tf.math.add(x1, fw)), Stack.axis(1L));
    Operand<TInt32> index =
        tf.range(tf.constant(0), tf.reshape(n, tf.constant(new int[0])), tf.constant(1));
    Operand<TFloat32> y = tf.image.cropAndResize(
        x,
        boxes,
        index,
        tf.constant(new int[] {height, width}),
        CropAndResize.method(get(INTERPOLATION).kerasName()));
    return tf.reshape(y, tf.constant(new long[] {-1, height, width, x.shape().get(3)}));
  }

  @Override
  Operand<TFloat32> infer(Ops tf, Operand<TFloat32> x) {
    return ImageGeometry.smartResize(
        tf, x, get(ImageGeometry.HEIGHT), get(ImageGeometry.WIDTH), get(INTERPOLATION));
  }

  /** Rebuilds from a config. */
  public static RandomResizedCrop fromConfig(Map<String, Object> c) {
    return new RandomResizedCrop(ImageGeometry.HEIGHT.read(c), ImageGeometry.WIDTH.read(c))
        .readConfig(c);
  }
}
