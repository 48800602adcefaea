package io.tfweave.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Renders figures to images and writes them as PNG (or SVG) files, headless.
 *
 * <p>The format follows the file extension: {@code .svg} writes SVG through XChart's vector
 * encoder, anything else writes PNG. Parent folders are created. Rendering sets the system
 * property {@code java.awt.headless=true} unless it was set already.
 */
public final class Plots {

  /** Default width in pixels, used by callers that have no better size. */
  public static final int WIDTH_DEFAULT = 800;
  /** Default height in pixels, used by callers that have no better size. */
  public static final int HEIGHT_DEFAULT = 600;

  private static final int MAX_PIXELS = 1 << 26;

  private Plots() {}

  /** Renders {@code figure} at {@code width} x {@code height} and writes it to {@code path}. */
  public static Path save(Figure figure, Path path, int width, int height) {
    PlotArgs.notNull("figure", figure);
    PlotArgs.notNull("path", path);
    checkSize(width, height);
    if (isSvg(path)) {
      return write(
          path,
          out -> VectorGraphicsEncoder.saveVectorGraphic(
              new FigureChart(figure, width, height), out, VectorGraphicsFormat.SVG));
    }
    return save(render(figure, width, height), path);
  }

  /** Writes an XChart chart to {@code path} at {@code width} x {@code height}. */
  public static Path save(Chart<?, ?> chart, Path path, int width, int height) {
    return save(Figure.of(chart), path, width, height);
  }

  /** Writes an already rendered image to {@code path} as PNG. */
  public static Path save(RenderedImage image, Path path) {
    PlotArgs.notNull("image", image);
    PlotArgs.notNull("path", path);
    if (isSvg(path)) {
      throw new IllegalArgumentException("An image can only be written as PNG, but path ends in"
          + " .svg. Received: path=" + path + ". Hint: save a Figure to get SVG.");
    }
    return write(path, out -> {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException(
            "No PNG writer is available for " + image.getClass().getName());
      }
    });
  }

  /** Renders {@code figure} onto a new white RGB image of {@code width} x {@code height}. */
  public static BufferedImage render(Figure figure, int width, int height) {
    PlotArgs.notNull("figure", figure);
    checkSize(width, height);
    headless();
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      figure.paint(g, width, height);
    } finally {
      g.dispose();
    }
    return image;
  }

  /**
   * Lays out {@code panels} row by row in a grid of {@code columns} columns, all cells the same
   * size. The last row may be partly empty.
   */
  public static Figure grid(List<? extends Figure> panels, int columns) {
    PlotArgs.notNull("panels", panels);
    PlotArgs.positive("columns", columns);
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("panels must not be empty. Received: panels=[]");
    }
    List<Figure> copy = List.copyOf(panels);
    int cols = Math.min(columns, copy.size());
    int rows = (copy.size() + cols - 1) / cols;
    return (g, width, height) -> {
      for (int i = 0; i < copy.size(); i++) {
        int x0 = width * (i % cols) / cols;
        int x1 = width * (i % cols + 1) / cols;
        int y0 = height * (i / cols) / rows;
        int y1 = height * (i / cols + 1) / rows;
        Graphics2D cell = (Graphics2D) g.create(x0, y0, x1 - x0, y1 - y0);
        try {
          copy.get(i).paint(cell, x1 - x0, y1 - y0);
        } finally {
          cell.dispose();
        }
      }
    };
  }

  static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static void checkSize(int width, int height) {
    PlotArgs.positive("width", width);
    PlotArgs.positive("height", height);
    if ((long) width * height > MAX_PIXELS) {
      throw new IllegalArgumentException("width * height must be at most " + MAX_PIXELS
          + " pixels. Received: width=" + width + ", height=" + height);
    }
  }

  private static boolean isSvg(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".svg");
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private static Path write(Path path, Writer writer) {
    headless();
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream out = Files.newOutputStream(path)) {
        writer.write(out);
      }
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write plot to " + path + ": " + e.getMessage(), e);
    }
  }

  /** Adapts a {@link Figure} to XChart's vector encoder, which only accepts charts. */
  private static final class FigureChart extends XYChart {
    private final Figure figure;

    FigureChart(Figure figure, int width, int height) {
      super(width, height);
      this.figure = figure;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      figure.paint(g, width, height);
    }
  }
}
