package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tfweave.data.format.MalformedDataException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

class ImagesTest {
  static final Path SKLEARN_IMAGES =
      Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/images");

  @TempDir
  Path dir;

  static Path png(Path dir, String name, BufferedImage img) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    ImageIO.write(img, "png", p.toFile());
    return p;
  }

  /** 2x2 RGB: red, green / blue, white. */
  static BufferedImage quad() {
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xFF0000);
    img.setRGB(1, 0, 0x00FF00);
    img.setRGB(0, 1, 0x0000FF);
    img.setRGB(1, 1, 0xFFFFFF);
    return img;
  }

  @Test
  void readsRgbAtOwnSize() throws IOException {
    FloatNdArray a = Images.read(png(dir, "q.png", quad()), "rgb");
    assertEquals(Shape.of(2, 2, 3), a.shape());
    assertEquals(255f, a.getFloat(0, 0, 0));
    assertEquals(0f, a.getFloat(0, 0, 1));
    assertEquals(255f, a.getFloat(0, 1, 1));
    assertEquals(255f, a.getFloat(1, 0, 2));
    assertEquals(255f, a.getFloat(1, 1, 1));
  }

  @Test
  void bilinearResizeUsesHalfPixelCenters() throws IOException {
    // 2 -> 4 samples each axis at source positions -0.25, 0.25, 0.75, 1.25, i.e. weights
    // (1, 0), (0.75, 0.25), (0.25, 0.75), (0, 1) after clamping.
    FloatNdArray a = Images.resize(Images.read(png(dir, "q.png", quad()), "rgb"), 4, 4, "bilinear");
    assertEquals(Shape.of(4, 4, 3), a.shape());
    assertEquals(255f, a.getFloat(0, 0, 0));
    // red at (1, 1): top = 255 * 0.75 = 191.25, bottom = 255 * 0.25 = 63.75,
    // 191.25 * 0.75 + 63.75 * 0.25 = 159.375
    assertEquals(159.375f, a.getFloat(1, 1, 0));
    // green at (1, 2): top = 255 * 0.75, bottom = 255 * 0.75 -> 191.25
    assertEquals(191.25f, a.getFloat(1, 2, 1));
    assertEquals(255f, a.getFloat(3, 3, 2));
    FloatNdArray n = Images.resize(Images.read(png(dir, "q.png", quad()), "rgb"), 4, 4, "nearest");
    assertEquals(255f, n.getFloat(1, 1, 0));
    assertEquals(0f, n.getFloat(1, 2, 0));
    // downsizing 2x2 -> 1x1 samples the centre (0.5, 0.5): mean of the four pixels
    FloatNdArray one =
        Images.resize(Images.read(png(dir, "q.png", quad()), "rgb"), 1, 1, "bilinear");
    assertEquals(127.5f, one.getFloat(0, 0, 0));
    assertEquals(127.5f, one.getFloat(0, 0, 2));
  }

  @Test
  void colourModes() throws IOException {
    BufferedImage c = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    c.setRGB(0, 0, 0x800AC81E); // alpha 128, rgb (10, 200, 30)
    Path p = png(dir, "c.png", c);
    FloatNdArray rgba = Images.read(p, "rgba");
    assertEquals(128f, rgba.getFloat(0, 0, 3));
    assertEquals(200f, rgba.getFloat(0, 0, 1));
    assertEquals(Shape.of(1, 1, 3), Images.read(p, "rgb").shape());
    // libpng's (9797 R + 19234 G + 3737 B) >> 15 = 4056880 >> 15 = 123
    assertEquals(123f, Images.read(p, "grayscale").getFloat(0, 0, 0));
    BufferedImage g = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    g.getRaster().setSample(0, 0, 0, 77);
    FloatNdArray gray = Images.read(png(dir, "g.png", g), "rgb");
    assertEquals(77f, gray.getFloat(0, 0, 0)); // raw sample, no linear-to-sRGB conversion
    assertEquals(77f, gray.getFloat(0, 0, 2));
    BufferedImage indexed = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_INDEXED);
    indexed.setRGB(0, 0, 0xFF0000);
    assertEquals(255f, Images.read(png(dir, "i.png", indexed), "rgba").getFloat(0, 0, 0));
    assertEquals(255f, Images.read(png(dir, "i.png", indexed), "rgba").getFloat(0, 0, 3));
  }

  @Test
  void jpegIsCloseToItsColour() throws IOException {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        img.setRGB(x, y, (200 << 16) | (100 << 8) | 50);
      }
    }
    Path p = dir.resolve("solid.jpg");
    ImageIO.write(img, "jpeg", p.toFile());
    FloatNdArray a = Images.read(p, "rgb");
    assertEquals(200f, a.getFloat(8, 8, 0), 4f);
    assertEquals(100f, a.getFloat(8, 8, 1), 4f);
    assertEquals(50f, a.getFloat(8, 8, 2), 4f);
    // 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 124.2
    assertEquals(124f, Images.read(p, "grayscale").getFloat(8, 8, 0), 3f);
  }

  @Test
  void realSklearnJpegsMatchLibjpegMeans() {
    assumeTrue(
        Files.isDirectory(SKLEARN_IMAGES),
        SKLEARN_IMAGES + " is not installed" + " (python3-sklearn); skipping");
    // per-channel means from PIL (libjpeg-turbo): china 144.72 145.47 140.92, flower 55.13 73.58
    // 57.00
    assertMeans(Images.read(SKLEARN_IMAGES.resolve("china.jpg"), "rgb"), 144.72, 145.47, 140.92);
    assertMeans(Images.read(SKLEARN_IMAGES.resolve("flower.jpg"), "rgb"), 55.13, 73.58, 57.00);
    FloatNdArray china = Images.read(SKLEARN_IMAGES.resolve("china.jpg"), "rgb");
    assertEquals(174f, china.getFloat(0, 0, 0), 3f); // PIL: (174, 201, 231)
    assertEquals(231f, china.getFloat(0, 0, 2), 3f);
  }

  private static void assertMeans(FloatNdArray img, double... expected) {
    assertEquals(Shape.of(427, 640, 3), img.shape());
    float[] flat = new float[(int) img.shape().size()];
    img.copyTo(DataBuffers.of(flat, false, false));
    double[] sum = new double[3];
    for (int i = 0; i < flat.length; i++) {
      sum[i % 3] += flat[i];
    }
    for (int c = 0; c < 3; c++) {
      assertEquals(expected[c], sum[c] / (flat.length / 3.0), 1.0);
    }
  }

  @Test
  void errors() throws IOException {
    Path p = png(dir, "q.png", quad());
    assertEquals(
        "colorMode must be one of \"rgb\", \"rgba\", \"grayscale\". Received:"
            + " colorMode=\"RGB\"",
        assertThrows(IllegalArgumentException.class, () -> Images.read(p, "RGB"))
            .getMessage());
    assertEquals(
        "interpolation must be \"bilinear\" or \"nearest\". Received:"
            + " interpolation=\"bicubic\"",
        assertThrows(
                IllegalArgumentException.class,
                () -> Images.resize(Images.read(p, "rgb"), 2, 2, "bicubic"))
            .getMessage());
    Path text = dir.resolve("fake.png");
    Files.writeString(text, "not an image");
    assertTrue(assertThrows(MalformedDataException.class, () -> Images.read(text, "rgb"))
        .getMessage()
        .contains("no javax.imageio reader accepts it"));
  }
}
