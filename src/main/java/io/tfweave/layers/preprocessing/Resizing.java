package io.tfweave.layers.preprocessing;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.graph.CallMode;
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
public final class Resizing extends Layer {
  private final int height;
  private final int width;
  private String interpolation = "bilinear";
  private boolean cropToAspectRatio;

  /** Resizes to {@code height × width}. */
  public Resizing(int height, int width) {
    this.height = Checks.positive("height", height);
    this.width = Checks.positive("width", width);
  }

  /** {@code "bilinear"} (default), {@code "nearest"}, {@code "bicubic"} or {@code "area"}. */
  public Resizing interpolation(String i) {
    return configure(() -> this.interpolation = ImageGeometry.interpolation(i, ImageGeometry.INTERPOLATIONS));
  }

  /** Whether to crop to the target aspect ratio before resizing (default false). */
  public Resizing cropToAspectRatio(boolean c) { return configure(() -> this.cropToAspectRatio = c); }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    if (in.get(1) < 0 || in.get(2) < 0) throw shapeError("known height and width", in, null);
    return Shape.of(in.get(0), height, width, in.get(3));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    if (x.shape().get(1) == height && x.shape().get(2) == width) return x;
    Operand<TFloat32> src = cropToAspectRatio ? ImageGeometry.centerCropToAspect(tf, x, height, width) : x;
    return ImageGeometry.resize(tf, src, height, width, interpolation);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("height", height);
    c.put("width", width);
    c.put("interpolation", interpolation);
    c.put("crop_to_aspect_ratio", cropToAspectRatio);
    c.put("data_format", ConvArgs.DATA_FORMAT);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static Resizing fromConfig(Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    Resizing l = new Resizing(Configs.integer(c, "height"), Configs.integer(c, "width"));
    l.interpolation((String) c.getOrDefault("interpolation", "bilinear"));
    l.cropToAspectRatio = Configs.bool(c, "crop_to_aspect_ratio", false);
    return Configs.common(l, c);
  }
}
