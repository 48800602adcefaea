package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Interpolation;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.CropAndResize;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Crops a random {@code height × width} window from each training image (Keras's {@code RandomCrop}). At inference the
 * images are resized to {@code height × width} after cropping the largest centered window with that aspect ratio (Keras's
 * smart resize), which is the identity when they already have that size.
 *
 * <p>Input shape: {@code (batch, H, W, channels)} with {@code H >= height} and {@code W >= width}. Output shape:
 * {@code (batch, height, width, channels)}.
 */
public final class RandomCrop extends Augmentation<RandomCrop> {
  private static final List<Option<?>> OPTIONS =
      Option.list(ImageGeometry.HEIGHT, ImageGeometry.WIDTH);
  /** Random crops of {@code height × width} pixels. */
  public RandomCrop(int height, int width) {
    super(OPTIONS);
    set(ImageGeometry.HEIGHT, height);
    set(ImageGeometry.WIDTH, width);
  }

  @Override
  public Shape outputShape(Shape in) {
    super.outputShape(in);
    int height = get(ImageGeometry.HEIGHT);
    int width = get(ImageGeometry.WIDTH);
    if (in.get(1) < height || in.get(2) < width) {
      throw shapeError(
          "images of at least " + height + "x" + width + " pixels",
          in,
          "use Resizing or ZeroPadding2D before '" + shownName() + "' to enlarge the images.");
    }
    return Shape.of(in.get(0), height, width, in.get(3));
  }

  @Override
  Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x) {
    long h = x.shape().get(1);
    long w = x.shape().get(2);
    int height = get(ImageGeometry.HEIGHT);
    int width = get(ImageGeometry.WIDTH);
    if (h == height && w == width) return x;
    var n = ImageGeometry.batchShape(tf, x);
    // integer offsets in [0, H − height], as fractions of (H − 1) so that crop_and_resize samples
    // exact pixels
    Operand<TFloat32> top =
        tf.math.floor(ImageGeometry.uniform(tf, n, 0, h - height + 1 - 1e-3, seedFor(0)));
    Operand<TFloat32> left =
        tf.math.floor(ImageGeometry.uniform(tf, n, 0, w - width + 1 - 1e-3, seedFor(1)));
    Operand<TFloat32> sy = tf.constant((float) (1.0 / Math.max(h - 1, 1)));
    Operand<TFloat32> sx = tf.constant((float) (1.0 / Math.max(w - 1, 1)));
    Operand<TFloat32> y1 = tf.math.mul(top, sy);
    Operand<TFloat32> x1 = tf.math.mul(left, sx);
    Operand<TFloat32> y2 = tf.math.mul(tf.math.add(top, tf.constant((float) (height - 1))), sy);
    Operand<TFloat32> x2 = tf.math.mul(tf.math.add(left, tf.constant((float) (width - 1))), sx);
    Operand<TFloat32> boxes =
        tf.stack(java.util.List.of(y1, x1, y2, x2), org.tensorflow.op.core.Stack.axis(1L));
    Operand<TInt32> index =
        tf.range(tf.constant(0), tf.reshape(n, tf.constant(new int[0])), tf.constant(1));
    Operand<TFloat32> y = tf.image.cropAndResize(
        x, boxes, index, tf.constant(new int[] {height, width}), CropAndResize.method("nearest"));
    return tf.reshape(y, tf.constant(new long[] {-1, height, width, x.shape().get(3)}));
  }

  @Override
  Operand<TFloat32> infer(Ops tf, Operand<TFloat32> x) {
    return ImageGeometry.smartResize(
        tf, x, get(ImageGeometry.HEIGHT), get(ImageGeometry.WIDTH), Interpolation.BILINEAR);
  }

  /** Rebuilds from a Keras config. */
  public static RandomCrop fromConfig(Map<String, Object> c) {
    return new RandomCrop(ImageGeometry.HEIGHT.read(c), ImageGeometry.WIDTH.read(c)).readConfig(c);
  }
}
