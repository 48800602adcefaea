package io.tfweave.plot;

import java.awt.Graphics2D;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Paints a plot onto a {@link Graphics2D} canvas of a given size.
 *
 * <p>Every plot in this package is a {@code Figure}, and any XChart chart becomes one with
 * {@link #of(Chart)}. Write one to a file with {@link Plots#save(Figure, java.nio.file.Path, int,
 * int)}, combine several with {@link Plots#grid(java.util.List, int)}.
 */
@FunctionalInterface
public interface Figure {

  /**
   * Paints this figure into the rectangle {@code (0, 0, width, height)} of {@code g}.
   *
   * @param g the canvas; implementations may change its state (colour, font, transform)
   * @param width the width in pixels
   * @param height the height in pixels
   */
  void paint(Graphics2D g, int width, int height);

  /** Wraps an XChart chart; the chart is laid out again for the size it is painted at. */
  static Figure of(Chart<?, ?> chart) {
    PlotArgs.notNull("chart", chart);
    return chart::paint;
  }
}
