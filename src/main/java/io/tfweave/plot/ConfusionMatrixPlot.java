package io.tfweave.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a confusion matrix as a heat map: rows are true classes, columns predicted classes, each
 * cell shows its count (or row fraction) and the class names label both axes.
 *
 * <pre>{@code
 * Plots.save(new ConfusionMatrixPlot(matrix).classNames("cat", "dog").normalized(true),
 *     Path.of("confusion.png"), 640, 560);
 * }</pre>
 * Colours run from white (0) to dark blue (the largest count, or 1 when normalised); cell text
 * switches to white on dark cells. Values are left out when cells get too small to hold them.
 */
public final class ConfusionMatrixPlot implements Figure {

  /** Default title. */
  public static final String TITLE_DEFAULT = "Confusion matrix";

  private static final int PAD = 12;
  private static final int MIN_VALUE_FONT = 8;
  private static final int MAX_VALUE_FONT = 16;

  private final int[][] matrix;
  private List<String> classNames;
  private boolean normalized;
  private String title = TITLE_DEFAULT;

  /** Plots {@code matrix[trueClass][predictedClass]}; a square, non-empty, non-negative matrix. */
  public ConfusionMatrixPlot(int[][] matrix) {
    PlotArgs.notNull("matrix", matrix);
    int n = matrix.length;
    if (n == 0) {
      throw new IllegalArgumentException("matrix must have at least one row. Received: 0 rows");
    }
    this.matrix = new int[n][];
    for (int i = 0; i < n; i++) {
      if (matrix[i] == null || matrix[i].length != n) {
        throw new IllegalArgumentException("matrix must be square (rows = true class, columns ="
            + " predicted class). Expected row " + i + " to have " + n + " entries. Received: "
            + (matrix[i] == null ? "null" : matrix[i].length + " entries"));
      }
      for (int j = 0; j < n; j++) {
        if (matrix[i][j] < 0) {
          throw new IllegalArgumentException("matrix counts must be non-negative. Received: matrix["
              + i + "][" + j + "]=" + matrix[i][j]);
        }
      }
      this.matrix[i] = matrix[i].clone();
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(Integer.toString(i));
    }
    this.classNames = List.copyOf(names);
  }

  /** Axis labels, one per class in index order (default: "0", "1", ...). */
  public ConfusionMatrixPlot classNames(String... names) {
    PlotArgs.notNull("names", names);
    PlotArgs.sameLength("names", names.length, "matrix rows", matrix.length);
    List<String> copy = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      copy.add(PlotArgs.notNull("names[" + i + "]", names[i]));
    }
    this.classNames = List.copyOf(copy);
    return this;
  }

  /** Shows each row divided by its sum (recall per true class) instead of counts (false). */
  public ConfusionMatrixPlot normalized(boolean normalized) {
    this.normalized = normalized;
    return this;
  }

  /** Title above the matrix ({@link #TITLE_DEFAULT}); empty for none. */
  public ConfusionMatrixPlot title(String title) {
    this.title = PlotArgs.notNull("title", title);
    return this;
  }

  /** The plotted values: counts, or row fractions when {@link #normalized(boolean)}. */
  public double[][] values() {
    int n = matrix.length;
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      long sum = 0;
      for (int c : matrix[i]) {
        sum += c;
      }
      for (int j = 0; j < n; j++) {
        out[i][j] = !normalized ? matrix[i][j] : sum == 0 ? 0 : matrix[i][j] / (double) sum;
      }
    }
    return out;
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    int n = matrix.length;
    double[][] values = values();
    double max = normalized ? 1 : 0;
    for (double[] row : values) {
      for (double v : row) {
        max = Math.max(max, v);
      }
    }
    double top = max > 0 ? max : 1;
    Colorbar bar = new Colorbar(
        ColorMaps.BLUES,
        0,
        top,
        normalized ? "fraction of true class" : "count",
        v -> normalized ? String.format(Locale.ROOT, "%.1f", v) : integer(v),
        normalized ? 0 : 1);

    g.setFont(ChartStyle.TITLE_FONT);
    int titleH = title.isEmpty() ? 0 : g.getFontMetrics().getHeight() + 8;
    g.setFont(ChartStyle.AXIS_TITLE_FONT);
    int axisTitleH = g.getFontMetrics().getHeight();
    g.setFont(ChartStyle.TICK_FONT);
    FontMetrics tick = g.getFontMetrics();
    int maxLabel = (int) (0.2 * Math.min(width, height));
    List<String> labels = new ArrayList<>();
    int labelW = 0;
    for (String name : classNames) {
      String s = ellipsize(name, tick, maxLabel);
      labels.add(s);
      labelW = Math.max(labelW, tick.stringWidth(s));
    }
    int barW = bar.width(g);
    int left = PAD + axisTitleH + 6 + labelW + 6;
    int availW = width - left - PAD - barW - 2 * Colorbar.GAP;
    int availH0 = height - PAD - titleH - PAD - axisTitleH - 6 - tick.getHeight() - 6;
    double cell = Math.max(1, Math.min(availW, availH0) / (double) n);
    boolean rotate = labelW + 4 > cell;
    int xLabelH = rotate
        ? (int) Math.ceil(labelW * Math.sin(Math.PI / 4) + tick.getAscent())
        : tick.getHeight();
    int availH = height - PAD - titleH - PAD - axisTitleH - 6 - xLabelH - 6;
    cell = Math.max(1, Math.min(availW, availH) / (double) n);
    int side = (int) Math.round(cell * n);
    int x0 = left + Math.max(0, (availW - side) / 2);
    int y0 = PAD + titleH + Math.max(0, (availH - side) / 2);

    if (!title.isEmpty()) {
      g.setFont(ChartStyle.TITLE_FONT);
      g.setColor(ChartStyle.TEXT);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(title, x0 + (side - fm.stringWidth(title)) / 2, y0 - 8 - fm.getDescent());
    }
    paintCells(g, values, top, x0, y0, cell);
    paintLabels(g, labels, x0, y0, cell, side, rotate, labelW);
    bar.paint(g, x0 + side + 2 * Colorbar.GAP, y0, side);
  }

  private void paintCells(
      Graphics2D g, double[][] values, double top, int x0, int y0, double cell) {
    int n = values.length;
    int fontSize = (int) Math.min(MAX_VALUE_FONT, cell * 0.28);
    Font font = new Font(ChartStyle.FONT_FAMILY, Font.PLAIN, Math.max(1, fontSize));
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    boolean showValues = fontSize >= MIN_VALUE_FONT && fits(values, fm, cell);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int cx = x0 + (int) Math.round(j * cell);
        int cy = y0 + (int) Math.round(i * cell);
        int cw = x0 + (int) Math.round((j + 1) * cell) - cx;
        int ch = y0 + (int) Math.round((i + 1) * cell) - cy;
        Color fill = ColorMaps.BLUES.at(values[i][j] / top);
        g.setColor(fill);
        g.fillRect(cx, cy, cw, ch);
        if (showValues) {
          String s = text(values[i][j]);
          g.setColor(ColorMaps.textOn(fill));
          g.setFont(i == j ? font.deriveFont(Font.BOLD) : font);
          FontMetrics m = g.getFontMetrics();
          g.drawString(
              s,
              cx + (cw - m.stringWidth(s)) / 2f,
              cy + (ch + m.getAscent() - m.getDescent()) / 2f);
        }
      }
    }
    g.setColor(ChartStyle.BORDER);
    int side = (int) Math.round(cell * n);
    g.drawRect(x0, y0, side, side);
  }

  private void paintLabels(
      Graphics2D g,
      List<String> labels,
      int x0,
      int y0,
      double cell,
      int side,
      boolean rotate,
      int labelW) {
    g.setFont(ChartStyle.TICK_FONT);
    FontMetrics fm = g.getFontMetrics();
    g.setColor(ChartStyle.TEXT);
    int n = labels.size();
    // Label every k-th class when rows are thinner than the text (k = 1 for small matrices).
    int everyY = (int) Math.ceil(fm.getHeight() / cell);
    int everyX = rotate ? (int) Math.ceil(fm.getHeight() / (cell * Math.sin(Math.PI / 4))) : 1;
    for (int i = 0; i < n; i++) {
      String s = labels.get(i);
      double mid = (i + 0.5) * cell;
      if (i % everyY == 0) {
        g.drawString(s, x0 - 6 - fm.stringWidth(s), (float) (y0 + mid + fm.getAscent() / 2.0 - 2));
      }
      if (i % everyX != 0) {
        continue;
      }
      if (rotate) {
        AffineTransform saved = g.getTransform();
        g.translate(x0 + mid, y0 + side + 4);
        g.rotate(-Math.PI / 4);
        g.drawString(s, -fm.stringWidth(s) - 2, fm.getAscent() / 2f);
        g.setTransform(saved);
      } else {
        g.drawString(
            s, (float) (x0 + mid - fm.stringWidth(s) / 2.0), y0 + side + 6 + fm.getAscent());
      }
    }
    int below =
        rotate ? (int) Math.ceil(labelW * Math.sin(Math.PI / 4) + fm.getAscent()) : fm.getHeight();
    g.setFont(ChartStyle.AXIS_TITLE_FONT);
    FontMetrics tm = g.getFontMetrics();
    String xTitle = "Predicted label";
    g.drawString(
        xTitle,
        x0 + (side - tm.stringWidth(xTitle)) / 2f,
        y0 + side + 6 + below + 6 + tm.getAscent());
    String yTitle = "True label";
    AffineTransform saved = g.getTransform();
    g.translate(PAD + tm.getAscent(), y0 + side / 2.0);
    g.rotate(-Math.PI / 2);
    g.drawString(yTitle, -tm.stringWidth(yTitle) / 2f, 0);
    g.setTransform(saved);
  }

  private boolean fits(double[][] values, FontMetrics fm, double cell) {
    for (double[] row : values) {
      for (double v : row) {
        if (fm.stringWidth(text(v)) > cell - 4) {
          return false;
        }
      }
    }
    return fm.getAscent() < cell - 2;
  }

  private String text(double v) {
    return normalized ? String.format(Locale.ROOT, "%.2f", v) : integer(v);
  }

  private static String integer(double v) {
    return Long.toString(Math.round(v));
  }

  private static String ellipsize(String s, FontMetrics fm, int maxWidth) {
    if (fm.stringWidth(s) <= maxWidth) {
      return s;
    }
    String dots = "...";
    int end = s.length();
    while (end > 1 && fm.stringWidth(s.substring(0, end) + dots) > maxWidth) {
      end--;
    }
    return s.substring(0, end) + dots;
  }
}
