package io.tfweave.layers.reshaping;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.graph.CallMode;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;

/**
 * Repeats rows and columns of images by integer factors (Keras's {@code UpSampling2D}); {@code "nearest"} (default) copies
 * pixels, {@code "bilinear"} interpolates with half-pixel centers like {@code tf.image.resize}.
 *
 * <p>Input shape: {@code (batch, height, width, channels)} with known height and width. Output shape:
 * {@code (batch, height · sizeH, width · sizeW, channels)}.
 */
public final class UpSampling2D extends Layer {
  private int[] size = {2, 2};
  private String interpolation = "nearest";

  /** Up-sampling by 2 in both directions. */
  public UpSampling2D() {}

  /** The factors (default 2); one value or (height, width). */
  public UpSampling2D size(int... s) { return configure(() -> this.size = ConvArgs.pair("size", s)); }

  /** {@code "nearest"} (default) or {@code "bilinear"}. */
  public UpSampling2D interpolation(String i) {
    return configure(() -> this.interpolation = Checks.oneOf("interpolation", i == null ? null : i.toLowerCase(Locale.ROOT),
        "nearest", "bilinear"));
  }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    if (in.get(1) < 0 || in.get(2) < 0) throw shapeError("known height and width", in, null);
    return Shape.of(in.get(0), in.get(1) * size[0], in.get(2) * size[1], in.get(3));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Shape out = outputShape(x.shape());
    Operand<org.tensorflow.types.TInt32> hw = tf.constant(new int[] {(int) out.get(1), (int) out.get(2)});
    if (interpolation.equals("nearest")) {
      return tf.image.resizeNearestNeighbor(x, hw, ResizeNearestNeighbor.halfPixelCenters(true));
    }
    return tf.image.resizeBilinear(x, hw, ResizeBilinear.halfPixelCenters(true));
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("size", ConvArgs.list(size));
    c.put("data_format", ConvArgs.DATA_FORMAT);
    c.put("interpolation", interpolation);
    return c;
  }

  /** Rebuilds from a Keras config. */
  public static UpSampling2D fromConfig(Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    UpSampling2D l = new UpSampling2D();
    l.size = ConvArgs.pair(c, "size", l.size);
    l.interpolation((String) c.getOrDefault("interpolation", "nearest"));
    return Configs.common(l, c);
  }
}
