package io.tfweave.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Reads a written PNG back and checks that it is a real, non-blank picture of the right size. */
final class PngAssertions {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private PngAssertions() {}

  static BufferedImage assertPng(Path file, int width, int height, int minColors)
      throws IOException {
    assertTrue(Files.isRegularFile(file), "no file at " + file);
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), "PNG signature");
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, "ImageIO could not decode " + file);
    assertEquals(width, image.getWidth(), "width");
    assertEquals(height, image.getHeight(), "height");
    int colors = distinctColors(image);
    assertTrue(colors >= minColors, "expected at least " + minColors + " colours, got " + colors);
    return image;
  }

  static int distinctColors(BufferedImage image) {
    Set<Integer> colors = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colors.add(image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    return colors.size();
  }

  /** Fraction of pixels that are not pure white. */
  static double inkFraction(BufferedImage image) {
    long ink = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
          ink++;
        }
      }
    }
    return ink / (double) (image.getWidth() * image.getHeight());
  }
}
