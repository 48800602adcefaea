package io.tfweave.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Paints a decision surface: the probability image, its p = 0.5 contour, the points with white
 * outlines, axes with nice ticks, a legend below and a colour bar on the right.
 */
final class SurfaceRenderer {

  private static final int PAD = 12;
  private static final int TICK = 4;
  private static final Color[] POINT_COLORS = {new Color(0x0B3C7D), new Color(0x8E0E16)};

  private final double[] b;
  private final double[][] p;
  private final double[][] points;
  private final int[] labels;
  private final String[] classNames;
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean boundary;
  private final Colorbar colorbar = new Colorbar(
      ColorMaps.BLUE_RED, 0, 1, "P(class 1)", v -> String.format(Locale.ROOT, "%.1f", v), 0);

  SurfaceRenderer(
      double[] bounds,
      double[][] probabilities,
      double[][] points,
      int[] labels,
      String[] classNames,
      String title,
      String xLabel,
      String yLabel,
      boolean boundary) {
    this.b = bounds;
    this.p = probabilities;
    this.points = points;
    this.labels = labels;
    this.classNames = classNames;
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.boundary = boundary;
  }

  void paint(Graphics2D g, int width, int height) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setFont(ChartStyle.TITLE_FONT);
    int titleH = title.isEmpty() ? 0 : g.getFontMetrics().getHeight() + 6;
    g.setFont(ChartStyle.AXIS_TITLE_FONT);
    int axisTitleH = g.getFontMetrics().getHeight();
    g.setFont(ChartStyle.LEGEND_FONT);
    int legendH = points.length == 0 ? 0 : g.getFontMetrics().getHeight() + 10;
    g.setFont(ChartStyle.TICK_FONT);
    FontMetrics tick = g.getFontMetrics();
    int top = PAD + titleH;
    int bottom = height - PAD - legendH - axisTitleH - 4 - tick.getHeight() - TICK - 2;
    List<Double> yTicks = Ticks.nice(b[2], b[3], Math.max(2, (bottom - top) / 60), 0);
    double yStep = Ticks.step(b[2], b[3], Math.max(2, (bottom - top) / 60), 0);
    int yTickW = 0;
    for (double t : yTicks) {
      yTickW = Math.max(yTickW, tick.stringWidth(Ticks.label(t, yStep)));
    }
    int left = PAD + axisTitleH + 6 + yTickW + TICK + 4;
    int right = width - PAD - colorbar.width(g) - 2 * Colorbar.GAP;
    int w = Math.max(1, right - left);
    int h = Math.max(1, bottom - top);

    Graphics2D plot = (Graphics2D) g.create();
    plot.clipRect(left, top, w, h);
    plot.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    plot.drawImage(image(), left, top, w, h, null);
    if (boundary) {
      plot.setColor(new Color(0x303030));
      plot.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      plot.draw(contour(left, top, w, h));
    }
    int size = points.length <= 200 ? 9 : points.length <= 1000 ? 7 : 5;
    plot.setStroke(new BasicStroke(1f));
    for (int i = 0; i < points.length; i++) {
      double sx = left + (points[i][0] - b[0]) / (b[1] - b[0]) * w;
      double sy = top + h - (points[i][1] - b[2]) / (b[3] - b[2]) * h;
      marker(plot, labels[i], sx, sy, size);
    }
    plot.dispose();

    g.setColor(ChartStyle.BORDER);
    g.drawRect(left, top, w, h);
    axes(g, left, top, w, h, yTicks, yStep, tick);
    g.setFont(ChartStyle.AXIS_TITLE_FONT);
    FontMetrics tm = g.getFontMetrics();
    g.setColor(ChartStyle.TEXT);
    int xTitleBase = top + h + TICK + 2 + tick.getHeight() + 4 + tm.getAscent();
    g.drawString(xLabel, left + (w - tm.stringWidth(xLabel)) / 2f, xTitleBase);
    AffineTransform saved = g.getTransform();
    g.translate(PAD + tm.getAscent(), top + h / 2.0);
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -tm.stringWidth(yLabel) / 2f, 0);
    g.setTransform(saved);
    if (!title.isEmpty()) {
      g.setFont(ChartStyle.TITLE_FONT);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(title, left + (w - fm.stringWidth(title)) / 2f, PAD + fm.getAscent());
    }
    if (legendH > 0) {
      legend(g, left + w / 2, xTitleBase + tm.getDescent() + 10, size);
    }
    colorbar.paint(g, right + 2 * Colorbar.GAP, top, h);
  }

  private void axes(
      Graphics2D g,
      int left,
      int top,
      int w,
      int h,
      List<Double> yTicks,
      double yStep,
      FontMetrics tick) {
    g.setFont(ChartStyle.TICK_FONT);
    int xCount = Math.max(2, w / 90);
    double xStep = Ticks.step(b[0], b[1], xCount, 0);
    for (double t : Ticks.nice(b[0], b[1], xCount, 0)) {
      int x = (int) Math.round(left + (t - b[0]) / (b[1] - b[0]) * w);
      g.setColor(ChartStyle.BORDER);
      g.drawLine(x, top + h, x, top + h + TICK);
      g.setColor(ChartStyle.TEXT);
      String s = Ticks.label(t, xStep);
      g.drawString(s, x - tick.stringWidth(s) / 2f, top + h + TICK + 2 + tick.getAscent());
    }
    for (double t : yTicks) {
      int y = (int) Math.round(top + h - (t - b[2]) / (b[3] - b[2]) * h);
      g.setColor(ChartStyle.BORDER);
      g.drawLine(left - TICK, y, left, y);
      g.setColor(ChartStyle.TEXT);
      String s = Ticks.label(t, yStep);
      g.drawString(s, left - TICK - 3 - tick.stringWidth(s), y + tick.getAscent() / 2f - 1);
    }
  }

  private void legend(Graphics2D g, int centerX, int top, int size) {
    g.setFont(ChartStyle.LEGEND_FONT);
    FontMetrics fm = g.getFontMetrics();
    int gap = 24;
    int total = 0;
    for (String name : classNames) {
      total += size + 6 + fm.stringWidth(name);
    }
    total += gap;
    double x = centerX - total / 2.0;
    for (int cls = 0; cls < 2; cls++) {
      double cy = top + fm.getHeight() / 2.0;
      marker(g, cls, x + size / 2.0, cy, size);
      g.setColor(ChartStyle.TEXT);
      g.drawString(
          classNames[cls], (float) (x + size + 6), (float) (cy + fm.getAscent() / 2.0 - 1));
      x += size + 6 + fm.stringWidth(classNames[cls]) + gap;
    }
  }

  private static void marker(Graphics2D g, int cls, double x, double y, int size) {
    double r = size / 2.0;
    Shape shape;
    if (cls == 0) {
      shape = new Ellipse2D.Double(x - r, y - r, size, size);
    } else {
      double d = r * 1.25;
      Path2D diamond = new Path2D.Double();
      diamond.moveTo(x, y - d);
      diamond.lineTo(x + d, y);
      diamond.lineTo(x, y + d);
      diamond.lineTo(x - d, y);
      diamond.closePath();
      shape = diamond;
    }
    g.setColor(POINT_COLORS[cls]);
    g.fill(shape);
    g.setColor(Color.WHITE);
    g.draw(shape);
  }

  private BufferedImage image() {
    int rows = p.length;
    int cols = p[0].length;
    BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < cols; col++) {
        image.setRGB(col, rows - 1 - row, ColorMaps.BLUE_RED.at(p[row][col]).getRGB());
      }
    }
    return image;
  }

  /** Marching squares over the cell centres, in screen coordinates of the plot rectangle. */
  private Path2D contour(double x0, double y0, double w, double h) {
    int rows = p.length;
    int cols = p[0].length;
    Path2D path = new Path2D.Double();
    double[] px = new double[4];
    double[] py = new double[4];
    for (int r = 0; r + 1 < rows; r++) {
      for (int c = 0; c + 1 < cols; c++) {
        double[] v = {p[r][c] - 0.5, p[r][c + 1] - 0.5, p[r + 1][c + 1] - 0.5, p[r + 1][c] - 0.5};
        int[][] corner = {{c, r}, {c + 1, r}, {c + 1, r + 1}, {c, r + 1}};
        int n = 0;
        for (int e = 0; e < 4; e++) {
          double va = v[e];
          double vb = v[(e + 1) % 4];
          if ((va < 0) != (vb < 0)) {
            double t = va / (va - vb);
            int[] a = corner[e];
            int[] q = corner[(e + 1) % 4];
            px[n] = x0 + (a[0] + t * (q[0] - a[0]) + 0.5) * w / cols;
            py[n] = y0 + h - (a[1] + t * (q[1] - a[1]) + 0.5) * h / rows;
            n++;
          }
        }
        for (int k = 0; k + 1 < n; k += 2) {
          path.moveTo(px[k], py[k]);
          path.lineTo(px[k + 1], py[k + 1]);
        }
      }
    }
    return path;
  }
}
