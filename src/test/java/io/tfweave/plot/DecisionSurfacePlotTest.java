package io.tfweave.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionSurfacePlotTest {

  @TempDir
  Path dir;

  /** P(class 1) is ~0 for x1 < 0 and ~1 for x1 > 0. */
  private static final Function<double[][], double[]> STEP = grid -> {
    double[] p = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      p[i] = 1 / (1 + Math.exp(-40 * grid[i][0]));
    }
    return p;
  };

  private static double[][] points() {
    return new double[][] {
      {-0.6, 0.2}, {-0.4, -0.5}, {-0.8, 0.7}, {0.5, 0.1}, {0.7, -0.6}, {0.3, 0.8}
    };
  }

  private static final int[] LABELS = {0, 0, 0, 1, 1, 1};

  @Test
  void surfaceColourFollowsProbability() throws IOException {
    DecisionSurfacePlot plot = new DecisionSurfacePlot(STEP)
        .bounds(-1, 1, -1, 1)
        .points(points(), LABELS)
        .classNames("negative", "positive");
    Path file = Plots.save(plot, dir.resolve("surface/step.png"), 600, 500);
    BufferedImage image = PngAssertions.assertPng(file, 600, 500, 100);
    // The plot area spans roughly x in [70, 500]; x1 = 0 lands near its middle.
    Color low = new Color(image.getRGB(150, 120));
    Color high = new Color(image.getRGB(420, 120));
    assertTrue(low.getBlue() > low.getRed() + 40, "p ~ 0 is blue, got " + low);
    assertTrue(high.getRed() > high.getBlue() + 40, "p ~ 1 is red, got " + high);
    assertTrue(!low.equals(high));
  }

  @Test
  void gridIsEvaluatedOnceAtCellCentres() {
    AtomicInteger calls = new AtomicInteger();
    int[] seen = new int[1];
    DecisionSurfacePlot plot = new DecisionSurfacePlot(grid -> {
          calls.incrementAndGet();
          seen[0] = grid.length;
          double[] p = new double[grid.length];
          for (int i = 0; i < grid.length; i++) {
            p[i] = (grid[i][0] + 1) / 4 + (grid[i][1] + 1) / 4; // 0 at (-1,-1), 1 at (1,1)
          }
          return p;
        })
        .bounds(-1, 1, -1, 1)
        .resolution(4);
    double[][] p = plot.probabilities();
    assertEquals(16, seen[0]);
    assertEquals(4, p.length);
    assertEquals(0.125, p[0][0], 1e-12, "row 0 / col 0 is the (xMin, yMin) corner cell");
    assertEquals(0.875, p[3][3], 1e-12);
    assertEquals(p[0][1], p[1][0], 1e-12);
    Plots.render(plot, 300, 200);
    Plots.render(plot, 300, 200);
    assertEquals(1, calls.get(), "cached between paints");
    plot.resolution(5);
    plot.probabilities();
    assertEquals(2, calls.get(), "re-evaluated after the grid changes");
  }

  @Test
  void boundsDefaultToPointsWithMargin() throws IOException {
    DecisionSurfacePlot plot =
        new DecisionSurfacePlot(STEP).points(points(), LABELS).resolution(20);
    double[] b = plot.plotBounds();
    assertEquals(-0.8 - 0.15, b[0], 1e-12);
    assertEquals(0.7 + 0.15, b[1], 1e-12);
    assertEquals(-0.6 - 0.14, b[2], 1e-12);
    assertEquals(0.8 + 0.14, b[3], 1e-12);
    Path svg = Plots.save(plot.boundary(false), dir.resolve("surface.svg"), 400, 300);
    assertTrue(Files.readString(svg).contains("<svg"));
  }

  @Test
  void errors() {
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> Plots.render(new DecisionSurfacePlot(g -> new double[3]).bounds(0, 1, 0, 1), 50, 50));
    assertTrue(
        e.getMessage().contains("Expected length 40000 (200 x 200). Received: length 3"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DecisionSurfacePlot(g -> {
          double[] p = new double[g.length];
          p[5] = 2.5;
          return p;
        })
        .bounds(0, 1, 0, 1)
        .resolution(3)
        .probabilities());
    assertTrue(
        e.getMessage().contains("in [0, 1] (apply a sigmoid to logits). Received: 2.5"),
        e.getMessage());
    var state = assertThrows(
        IllegalStateException.class, () -> new DecisionSurfacePlot(STEP).probabilities());
    assertTrue(state.getMessage().contains("call bounds(...) or points(...)"), state.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DecisionSurfacePlot(STEP)
        .points(points(), new int[] {0, 1, 2, 0, 1, 0}));
    assertTrue(e.getMessage().contains("Received: labels[2]=2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DecisionSurfacePlot(STEP)
        .points(new double[][] {{1, 2, 3}}, new int[] {0}));
    assertTrue(e.getMessage().contains("Expected xy[0].length=2"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> new DecisionSurfacePlot(STEP).bounds(1, 0, 0, 1));
    assertTrue(
        e.getMessage().contains("x range must have min < max. Received: [1.0, 0.0]"),
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> new DecisionSurfacePlot(STEP).resolution(1));
    assertTrue(e.getMessage().contains("Received: resolution=1"), e.getMessage());
  }
}
