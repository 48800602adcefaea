package io.tfweave.data;

import io.tfweave.data.internal.ImagePixels;
import io.tfweave.data.internal.Resize;
import io.tfweave.internal.DataChecks;
import java.nio.file.Path;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Reads and resizes single images as {@code [height, width, channels]} float arrays with values
 * 0..255, like TensorFlow's {@code decode_image} followed by {@code tf.image.resize}.
 *
 * <p>Supported files are what {@code javax.imageio} decodes: JPEG, PNG, BMP and GIF (first
 * frame). Colour modes are Keras's: {@code "rgb"} (3 channels), {@code "rgba"} (4) and
 * {@code "grayscale"} (1).
 */
public final class Images {
  private Images() {}

  /** Decodes {@code file} at its own size into the channels of {@code colorMode}. */
  public static FloatNdArray read(Path file, String colorMode) {
    DataChecks.notNull("file", file);
    ImagePixels p = ImagePixels.read(file, ImagePixels.channelsOf(colorMode));
    return NdArrays.wrap(
        Shape.of(p.height(), p.width(), p.channels()), DataBuffers.of(p.values(), false, false));
  }

  /**
   * Resizes a {@code [height, width, channels]} image with {@code "bilinear"} or
   * {@code "nearest"} interpolation, matching {@code tf.image.resize} (half-pixel centers, no
   * antialiasing).
   */
  public static FloatNdArray resize(
      FloatNdArray image, int height, int width, String interpolation) {
    DataChecks.positive("height", height);
    DataChecks.positive("width", width);
    Resize.checkInterpolation(interpolation);
    Shape s = image.shape();
    if (s.numDimensions() != 3) {
      throw new IllegalArgumentException(
          "image must have shape [height, width, channels]." + " Received: image.shape=" + s);
    }
    int h = (int) s.get(0);
    int w = (int) s.get(1);
    int c = (int) s.get(2);
    float[] flat = new float[h * w * c];
    image.copyTo(DataBuffers.of(flat, false, false));
    float[] out = Resize.resize(flat, h, w, c, height, width, interpolation);
    return NdArrays.wrap(Shape.of(height, width, c), DataBuffers.of(out, false, false));
  }
}
