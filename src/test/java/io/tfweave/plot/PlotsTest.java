package io.tfweave.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class PlotsTest {

  @TempDir
  Path dir;

  private static Figure fill(Color color) {
    return (g, w, h) -> {
      g.setColor(color);
      g.fillRect(0, 0, w, h);
    };
  }

  @Test
  void savesPngCreatingParentFolders() throws IOException {
    Path file = dir.resolve("a/b/c/plot.png");
    Figure figure = (g, w, h) -> {
      g.setColor(Color.RED);
      g.fillOval(10, 10, w - 20, h - 20);
    };
    assertEquals(file, Plots.save(figure, file, 120, 80));
    BufferedImage image = PngAssertions.assertPng(file, 120, 80, 3);
    assertEquals(0xFFFFFF, image.getRGB(0, 0) & 0xFFFFFF);
    assertEquals(0xFF0000, image.getRGB(60, 40) & 0xFFFFFF);
  }

  @Test
  void savesXChartChart() throws IOException {
    XYChart chart = new XYChart(10, 10);
    chart.addSeries("s", new double[] {1, 2, 3}, new double[] {3, 1, 2});
    Path file = dir.resolve("chart.png");
    Plots.save(chart, file, 300, 200);
    PngAssertions.assertPng(file, 300, 200, 20);
  }

  @Test
  void savesRenderedImage() throws IOException {
    BufferedImage image = Plots.render(fill(Color.BLUE), 30, 20);
    Path file = Plots.save(image, dir.resolve("x/image.png"));
    PngAssertions.assertPng(file, 30, 20, 1);
  }

  @Test
  void savesSvgByExtension() throws IOException {
    XYChart chart = new XYChart(10, 10);
    chart.addSeries("s", new double[] {1, 2, 3}, new double[] {3, 1, 2});
    Path file = dir.resolve("svg/chart.SVG");
    Plots.save(Figure.of(chart), file, 320, 240);
    String svg = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
    assertTrue(svg.contains("width=\"320px\""));
    assertTrue(svg.contains("height=\"240px\""));
  }

  @Test
  void gridPaintsEachPanelInItsCell() {
    Figure grid = Plots.grid(List.of(fill(Color.RED), fill(Color.GREEN), fill(Color.BLUE)), 2);
    BufferedImage image = Plots.render(grid, 200, 100);
    assertEquals(0xFF0000, image.getRGB(50, 25) & 0xFFFFFF);
    assertEquals(0x00FF00, image.getRGB(150, 25) & 0xFFFFFF);
    assertEquals(0x0000FF, image.getRGB(50, 75) & 0xFFFFFF);
    assertEquals(0xFFFFFF, image.getRGB(150, 75) & 0xFFFFFF, "empty last cell stays white");
  }

  @Test
  void errors() {
    Figure f = fill(Color.RED);
    var e = assertThrows(
        IllegalArgumentException.class, () -> Plots.save(f, dir.resolve("p.png"), 0, 10));
    assertTrue(e.getMessage().contains("Received: width=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Plots.render(f, 10, -1));
    assertTrue(e.getMessage().contains("Received: height=-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Plots.render(f, 100_000, 100_000));
    assertTrue(e.getMessage().contains("at most"), e.getMessage());
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    e = assertThrows(IllegalArgumentException.class, () -> Plots.save(image, dir.resolve("i.svg")));
    assertTrue(e.getMessage().contains("only be written as PNG"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Plots.grid(List.of(), 2));
    assertTrue(e.getMessage().contains("panels must not be empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Plots.grid(List.of(f), 0));
    assertTrue(e.getMessage().contains("Received: columns=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Plots.save(f, null, 10, 10));
    assertTrue(e.getMessage().contains("path must not be null"), e.getMessage());
  }
}
