package io.tfweave.layers.preprocessing;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Interpolation;
import io.tfweave.layers.KerasEnum;
import io.tfweave.layers.Option;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Graph snippets for the image layers: resizing like {@code tf.image.resize}, Keras's smart resize, projective transforms. */
final class ImageGeometry {
  private ImageGeometry() {}

  /** Keras's {@code height} of the layers with a fixed output size. */
  static final Option<Integer> HEIGHT =
      Option.integer("height").required().checked(h -> Checks.positive("height", h));
  /** Keras's {@code width} of the layers with a fixed output size. */
  static final Option<Integer> WIDTH =
      Option.integer("width").required().checked(w -> Checks.positive("width", w));

  /** Keras's {@code interpolation} with a default, accepting only the {@code supported} modes. */
  static Option<Interpolation> interpolation(
      Interpolation defaultValue, Interpolation... supported) {
    return Option.mode("interpolation", Interpolation.class, defaultValue)
        .checked(i -> KerasEnum.check("interpolation", i, supported));
  }

  /** Resizes {@code x} to {@code h × w} with half-pixel centers (TF2's {@code tf.image.resize}, no antialiasing). */
  static Operand<TFloat32> resize(
      Ops tf, Operand<TFloat32> x, long h, long w, Interpolation interpolation) {
    Operand<TInt32> size = tf.constant(new int[] {(int) h, (int) w});
    return switch (interpolation) {
      case NEAREST -> tf.image.resizeNearestNeighbor(
          x, size, ResizeNearestNeighbor.halfPixelCenters(true));
      case BICUBIC -> tf.image.resizeBicubic(x, size, ResizeBicubic.halfPixelCenters(true));
      case AREA -> tf.image.resizeArea(x, size);
      case BILINEAR -> tf.image.resizeBilinear(x, size, ResizeBilinear.halfPixelCenters(true));
    };
  }

  /**
   * Keras's smart resize: crops the largest centered window with the target aspect ratio, then resizes it to {@code h × w};
   * the identity (no ops) when the input already has that size. Needs a static height and width.
   */
  static Operand<TFloat32> smartResize(
      Ops tf, Operand<TFloat32> x, long h, long w, Interpolation interpolation) {
    long height = x.shape().get(1);
    long width = x.shape().get(2);
    if (height == h && width == w) return x;
    return resize(tf, centerCropToAspect(tf, x, h, w), h, w, interpolation);
  }

  /** The largest centered crop of {@code x} with aspect ratio {@code h : w} (Keras's {@code crop_to_aspect_ratio}). */
  static Operand<TFloat32> centerCropToAspect(Ops tf, Operand<TFloat32> x, long h, long w) {
    long height = x.shape().get(1);
    long width = x.shape().get(2);
    long cropH = Math.max(Math.min(height, (long) ((double) width * h / w)), 1);
    long cropW = Math.max(Math.min(width, (long) ((double) height * w / h)), 1);
    if (cropH == height && cropW == width) return x;
    long top = (height - cropH) / 2;
    long left = (width - cropW) / 2;
    return tf.slice(
        x, tf.constant(new long[] {0, top, left, 0}), tf.constant(new long[] {-1, cropH, cropW, -1
        }));
  }

  /** The batch size of {@code x} as a one-element int32 vector (a shape for per-sample random draws). */
  static Operand<TInt32> batchShape(Ops tf, Operand<TFloat32> x) {
    return tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
  }

  /** Uniform values in [lo, hi) of the given shape from a stateful op seeded with {@code seed}. */
  static Operand<TFloat32> uniform(Ops tf, Operand<TInt32> shape, double lo, double hi, long seed) {
    Operand<org.tensorflow.types.TInt64> element = io.tfweave.graph.ElementSeed.current();
    Operand<TFloat32> u = element != null
        ? tf.random.statelessRandomUniform(
            shape,
            tf.math.add(
                element, tf.constant(new long[] {seed & 0x7fffffffL, (seed >>> 31) & 0x7fffffffL})),
            TFloat32.class)
        : tf.random.randomUniform(
            shape,
            TFloat32.class,
            RandomUniform.seed(seed & 0x7fffffffL),
            RandomUniform.seed2((seed >>> 31) & 0x7fffffffL));
    if (lo == 0 && hi == 1) return u;
    return tf.math.add(tf.math.mul(u, tf.constant((float) (hi - lo))), tf.constant((float) lo));
  }

  /** A column {@code [n, 1]} from a vector {@code [n]}. */
  static Operand<TFloat32> column(Ops tf, Operand<TFloat32> v) {
    return tf.expandDims(v, tf.constant(1));
  }

  /**
   * Applies per-image projective transforms {@code [n, 8]} (Keras's convention: each maps output pixel coordinates to input
   * coordinates) with ImageProjectiveTransformV3, keeping the image size.
   */
  static Operand<TFloat32> transform(
      Ops tf,
      Operand<TFloat32> x,
      List<Operand<TFloat32>> columns,
      FillMode fillMode,
      Interpolation interpolation,
      double fillValue) {
    Operand<TFloat32> t = tf.concat(columns, tf.constant(1));
    Shape s = x.shape();
    Operand<TFloat32> y = tf.image.imageProjectiveTransformV3(
        x,
        t,
        tf.constant(new int[] {(int) s.get(1), (int) s.get(2)}),
        tf.constant((float) fillValue),
        interpolation.name(),
        ImageProjectiveTransformV3.fillMode(fillMode.name()));
    return tf.reshape(y, tf.constant(new long[] {-1, s.get(1), s.get(2), s.get(3)}));
  }
}
