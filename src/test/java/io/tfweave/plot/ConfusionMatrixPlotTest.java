package io.tfweave.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixPlotTest {

  @TempDir
  Path dir;

  private static final int[][] IRIS = {{50, 2, 0}, {3, 40, 7}, {0, 5, 45}};

  /** Darkness of a pixel: 0 for white, 765 for black. */
  private static int darkness(BufferedImage image, int x, int y) {
    int rgb = image.getRGB(x, y);
    return 765 - ((rgb >> 16) & 0xFF) - ((rgb >> 8) & 0xFF) - (rgb & 0xFF);
  }

  @Test
  void countsRenderToPng() throws IOException {
    Path file = Plots.save(
        new ConfusionMatrixPlot(IRIS).classNames("setosa", "versicolor", "virginica"),
        dir.resolve("cm.png"),
        640,
        520);
    BufferedImage image = PngAssertions.assertPng(file, 640, 520, 40);
    assertTrue(PngAssertions.inkFraction(image) > 0.3, "the matrix fills much of the image");
  }

  @Test
  void diagonalIsDarkerThanEmptyCells() {
    // A 2 x 2 matrix fills a large square; sample the four cell quarters away from the text.
    BufferedImage image =
        Plots.render(new ConfusionMatrixPlot(new int[][] {{90, 0}, {0, 90}}).title(""), 500, 500);
    int[] probe = {0, 0};
    int darkestRow = 0;
    for (int y = 0; y < 500; y++) {
      int d = darkness(image, 150, y);
      if (d > darkestRow) {
        darkestRow = d;
        probe[1] = y;
      }
    }
    assertTrue(darkestRow > 400, "a dark diagonal cell in column x=150");
    int y = probe[1];
    int x = 150;
    while (x < 499 && darkness(image, x, y) > 400) {
      x++;
    }
    int right = Math.min(499, x + 40);
    assertTrue(darkness(image, right, y) < 100, "the off-diagonal cell beside it is light");
  }

  @Test
  void normalizedValuesAreRowFractions() throws IOException {
    ConfusionMatrixPlot plot =
        new ConfusionMatrixPlot(new int[][] {{3, 1}, {0, 0}}).normalized(true);
    assertArrayEquals(new double[] {0.75, 0.25}, plot.values()[0], 1e-12);
    assertArrayEquals(new double[] {0, 0}, plot.values()[1], 1e-12, "empty row stays 0");
    assertArrayEquals(
        new double[] {3, 1},
        new ConfusionMatrixPlot(new int[][] {{3, 1}, {0, 0}}).values()[0],
        1e-12);
    Path file = Plots.save(plot, dir.resolve("n.png"), 400, 360);
    PngAssertions.assertPng(file, 400, 360, 20);
  }

  @Test
  void manyClassesWithLongNamesStillRender() throws IOException {
    int n = 40;
    int[][] m = new int[n][n];
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 100 + i;
      m[i][(i + 1) % n] = i;
      names[i] = "a rather long class name number " + i;
    }
    Path file =
        Plots.save(new ConfusionMatrixPlot(m).classNames(names), dir.resolve("big.png"), 700, 700);
    PngAssertions.assertPng(file, 700, 700, 20);
  }

  @Test
  void errors() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> new ConfusionMatrixPlot(new int[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("must be square"), e.getMessage());
    assertTrue(e.getMessage().contains("Received: 1 entries"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrixPlot(new int[0][]));
    assertTrue(e.getMessage().contains("at least one row"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new ConfusionMatrixPlot(new int[][] {{1, -2}, {3, 4}}));
    assertTrue(e.getMessage().contains("Received: matrix[0][1]=-2"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> new ConfusionMatrixPlot(IRIS).classNames("a", "b"));
    assertTrue(e.getMessage().contains("names.length=2, matrix rows.length=3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrixPlot(null));
    assertEquals("matrix must not be null. Received: matrix=null", e.getMessage());
  }
}
