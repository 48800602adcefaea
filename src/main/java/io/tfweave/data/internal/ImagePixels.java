package io.tfweave.data.internal;

import io.tfweave.data.format.MalformedDataException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Decodes image files with {@code javax.imageio} into flat {@code [height, width, channels]}
 * float arrays with values 0..255, converting colours the way TensorFlow's
 * {@code decode_image(channels=...)} does.
 *
 * <p>Samples are taken from the raster as stored, without colour-profile conversion (TF ignores
 * ICC profiles too); 16-bit samples keep their high byte. Alpha is dropped for 1 and 3
 * channels, without compositing, and is 255 when the file has none. Colour to gray uses
 * libjpeg's rounded {@code 0.299 R + 0.587 G + 0.114 B} for JPEG files and libpng's truncated
 * fixed-point weights {@code (9797 R + 19234 G + 3737 B) >> 15} (TF asks libpng for 0.299,
 * 0.587) for the other formats. JPEG decoders may differ from libjpeg-turbo by a few levels.
 */
public final class ImagePixels {
  private final int height;
  private final int width;
  private final int channels;
  private final float[] values;

  private ImagePixels(int height, int width, int channels, float[] values) {
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.values = values;
  }

  /** Returns the image height in pixels. */
  public int height() {
    return height;
  }

  /** Returns the image width in pixels. */
  public int width() {
    return width;
  }

  /** Returns the number of channels: 1 (grayscale), 3 (rgb) or 4 (rgba). */
  public int channels() {
    return channels;
  }

  /** Returns the pixel values, row-major {@code [height, width, channels]}; not a copy. */
  public float[] values() {
    return values;
  }

  /** Returns the number of channels of a Keras {@code color_mode}. */
  public static int channelsOf(String colorMode) {
    switch (colorMode) {
      case "grayscale":
        return 1;
      case "rgb":
        return 3;
      case "rgba":
        return 4;
      default:
        throw new IllegalArgumentException("colorMode must be one of \"rgb\", \"rgba\","
            + " \"grayscale\". Received: colorMode=\"" + colorMode + "\"");
    }
  }

  /** Decodes {@code file} (first frame for GIFs) into {@code channels} channels. */
  public static ImagePixels read(Path file, int channels) {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read image " + file + ": " + e.getMessage(), e);
    }
    if (img == null) {
      throw new MalformedDataException("Cannot decode image " + file
          + ": no javax.imageio reader accepts it (supported: JPEG, PNG, BMP, GIF)");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean jpeg = name.endsWith(".jpg") || name.endsWith(".jpeg");
    return convert(img, channels, jpeg);
  }

  /** Converts a decoded image; {@code jpeg} selects the JPEG gray formula. */
  public static ImagePixels convert(BufferedImage img, int channels, boolean jpeg) {
    int h = img.getHeight();
    int w = img.getWidth();
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(h, w), channels)];
    int[] rgba = new int[4 * w];
    for (int y = 0; y < h; y++) {
      row(img, y, rgba);
      for (int x = 0; x < w; x++) {
        int r = rgba[4 * x];
        int g = rgba[4 * x + 1];
        int b = rgba[4 * x + 2];
        int o = (y * w + x) * channels;
        if (channels == 1) {
          out[o] = r == g && g == b
              ? r
              : jpeg
                  ? (19595 * r + 38470 * g + 7471 * b + 32768) >> 16
                  : (9797 * r + 19234 * g + 3737 * b) >> 15;
        } else {
          out[o] = r;
          out[o + 1] = g;
          out[o + 2] = b;
          if (channels == 4) {
            out[o + 3] = rgba[4 * x + 3];
          }
        }
      }
    }
    return new ImagePixels(h, w, channels, out);
  }

  /** Fills {@code rgba} with 8-bit R, G, B, A of row {@code y}. */
  private static void row(BufferedImage img, int y, int[] rgba) {
    ColorModel cm = img.getColorModel();
    Raster raster = img.getRaster();
    int w = img.getWidth();
    int space = cm.getColorSpace().getType();
    boolean raw = cm instanceof ComponentColorModel
        && !cm.isAlphaPremultiplied()
        && (space == ColorSpace.TYPE_GRAY || space == ColorSpace.TYPE_RGB);
    if (raw) {
      int bands = raster.getNumBands();
      int colors = space == ColorSpace.TYPE_GRAY ? 1 : 3;
      int[] samples = raster.getPixels(0, y, w, 1, (int[]) null);
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int band = colors == 1 ? 0 : c;
          rgba[4 * x + c] = to8(samples[x * bands + band], cm.getComponentSize(band));
        }
        rgba[4 * x + 3] =
            cm.hasAlpha() ? to8(samples[x * bands + colors], cm.getComponentSize(colors)) : 255;
      }
      return;
    }
    int[] argb = img.getRGB(0, y, w, 1, null, 0, w);
    for (int x = 0; x < w; x++) {
      int p = argb[x];
      rgba[4 * x] = (p >> 16) & 0xFF;
      rgba[4 * x + 1] = (p >> 8) & 0xFF;
      rgba[4 * x + 2] = p & 0xFF;
      rgba[4 * x + 3] = (p >>> 24) & 0xFF;
    }
  }

  private static int to8(int sample, int bits) {
    if (bits == 8) {
      return sample;
    }
    return bits > 8 ? sample >>> (bits - 8) : sample * 255 / ((1 << bits) - 1);
  }
}
