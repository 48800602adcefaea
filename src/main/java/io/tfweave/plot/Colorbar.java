package io.tfweave.plot;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.function.DoubleFunction;

/** Draws a vertical colour scale with tick labels and a rotated title. */
final class Colorbar {

  static final int BAR_WIDTH = 16;
  static final int GAP = 6;

  private final ColorMaps map;
  private final double min;
  private final double max;
  private final String label;
  private final DoubleFunction<String> format;
  private final double minStep;

  Colorbar(
      ColorMaps map,
      double min,
      double max,
      String label,
      DoubleFunction<String> format,
      double minStep) {
    this.minStep = minStep;
    this.map = map;
    this.min = min;
    this.max = max;
    this.label = label;
    this.format = format;
  }

  /** The width this colour bar needs: bar, tick labels and the rotated label. */
  int width(Graphics2D g) {
    g.setFont(ChartStyle.TICK_FONT);
    FontMetrics fm = g.getFontMetrics();
    int labels = 0;
    for (double t : Ticks.nice(min, max, 6, minStep)) {
      labels = Math.max(labels, fm.stringWidth(format.apply(t)));
    }
    g.setFont(ChartStyle.AXIS_TITLE_FONT);
    int title = label.isEmpty() ? 0 : g.getFontMetrics().getHeight() + GAP;
    return BAR_WIDTH + 4 + GAP + labels + GAP + title;
  }

  /** Paints the bar with its top-left corner at (x, top), {@code height} pixels tall. */
  void paint(Graphics2D g, int x, int top, int height) {
    for (int y = 0; y < height; y++) {
      g.setColor(map.at(1.0 - y / (double) Math.max(1, height - 1)));
      g.fillRect(x, top + y, BAR_WIDTH, 1);
    }
    g.setColor(ChartStyle.BORDER);
    g.drawRect(x, top, BAR_WIDTH, height);
    g.setFont(ChartStyle.TICK_FONT);
    FontMetrics fm = g.getFontMetrics();
    int labelsRight = x;
    for (double t : Ticks.nice(min, max, 6, minStep)) {
      int y = top + (int) Math.round((max - t) / (max - min) * height);
      g.setColor(ChartStyle.BORDER);
      g.drawLine(x + BAR_WIDTH, y, x + BAR_WIDTH + 4, y);
      g.setColor(ChartStyle.TEXT);
      String s = format.apply(t);
      int lx = x + BAR_WIDTH + 4 + GAP;
      g.drawString(s, lx, y + fm.getAscent() / 2 - 1);
      labelsRight = Math.max(labelsRight, lx + fm.stringWidth(s));
    }
    if (!label.isEmpty()) {
      g.setFont(ChartStyle.AXIS_TITLE_FONT);
      FontMetrics tm = g.getFontMetrics();
      AffineTransform saved = g.getTransform();
      g.translate(labelsRight + GAP + tm.getAscent(), top + height / 2.0);
      g.rotate(Math.PI / 2);
      g.setColor(ChartStyle.TEXT);
      g.drawString(label, -tm.stringWidth(label) / 2f, 0);
      g.setTransform(saved);
    }
  }
}
