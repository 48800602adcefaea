package io.tfweave.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots regression or time-series predictions against the actual values: two lines over the
 * sample index (or timestamps), optionally beside a predicted-vs-actual scatter with the line
 * y = x.
 *
 * <pre>{@code
 * Plots.save(new PredictionPlot(yTrue, yPred).timestamps(times).valueLabel("temperature (C)")
 *     .scatter(true), Path.of("forecast.png"), 1200, 450);
 * }</pre>
 * {@code Double.NaN} marks a missing value (e.g. the first steps before a window is full); it
 * leaves a gap in the line and is skipped in the scatter and the mean absolute error.
 */
public final class PredictionPlot implements Figure {

  /** Default title of the line chart. */
  public static final String TITLE_DEFAULT = "Predictions";
  /** Default label of the value axis. */
  public static final String VALUE_LABEL_DEFAULT = "value";

  private static final int MARKER_POINTS_MAX = 60;

  private final double[] actual;
  private final double[] predicted;
  private List<LocalDateTime> timestamps;
  private boolean scatter;
  private String title = TITLE_DEFAULT;
  private String valueLabel = VALUE_LABEL_DEFAULT;

  /** Plots {@code predicted[i]} against {@code actual[i]}; both the same, non-zero length. */
  public PredictionPlot(double[] actual, double[] predicted) {
    this.actual = values("actual", actual);
    this.predicted = values("predicted", predicted);
    PlotArgs.sameLength("actual", actual.length, "predicted", predicted.length);
  }

  /** Uses these times (UTC wall-clock) as the x axis instead of the index 0, 1, ... */
  public PredictionPlot timestamps(List<LocalDateTime> times) {
    PlotArgs.notNull("times", times);
    PlotArgs.sameLength("times", times.size(), "actual", actual.length);
    for (int i = 0; i < times.size(); i++) {
      PlotArgs.notNull("times[" + i + "]", times.get(i));
    }
    this.timestamps = List.copyOf(times);
    return this;
  }

  /** Adds a predicted-vs-actual scatter with the line y = x beside the lines (false). */
  public PredictionPlot scatter(boolean scatter) {
    this.scatter = scatter;
    return this;
  }

  /** Title of the line chart ({@link #TITLE_DEFAULT}). */
  public PredictionPlot title(String title) {
    this.title = PlotArgs.notNull("title", title);
    return this;
  }

  /** Label of the value axis, e.g. {@code "temperature (C)"} ({@link #VALUE_LABEL_DEFAULT}). */
  public PredictionPlot valueLabel(String label) {
    this.valueLabel = PlotArgs.notNull("label", label);
    return this;
  }

  /** Mean absolute error over the indices where both values are present; NaN if there are none. */
  public double meanAbsoluteError() {
    double sum = 0;
    int count = 0;
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isNaN(actual[i]) && !Double.isNaN(predicted[i])) {
        sum += Math.abs(actual[i] - predicted[i]);
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** The two lines, actual and predicted, over the index or the timestamps. */
  public XYChart lineChart() {
    XYChart chart = ChartStyle.xyChart(title, timestamps == null ? "index" : "time", valueLabel);
    List<Object> x = new ArrayList<>();
    for (int i = 0; i < actual.length; i++) {
      x.add(
          timestamps == null
              ? (Object) (double) i
              : Date.from(timestamps.get(i).toInstant(ZoneOffset.UTC)));
    }
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
    chart.getStyler().setLegendBorderColor(Color.WHITE);
    if (timestamps != null) {
      chart.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
      chart.getStyler().setLocale(Locale.ROOT);
    } else {
      chart.getStyler().setxAxisTickLabelsFormattingFunction(ChartStyle::integerTick);
    }
    addLine(chart, "actual", x, actual, ChartStyle.color(0));
    addLine(chart, "predicted", x, predicted, ChartStyle.color(1));
    return chart;
  }

  /** Predicted (y) against actual (x) on equal axes, with the reference line y = x. */
  public XYChart scatterChart() {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isNaN(actual[i]) && !Double.isNaN(predicted[i])) {
        xs.add(actual[i]);
        ys.add(predicted[i]);
        lo = Math.min(lo, Math.min(actual[i], predicted[i]));
        hi = Math.max(hi, Math.max(actual[i], predicted[i]));
      }
    }
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("scatter needs at least one index where both actual and"
          + " predicted are present, but every pair has a NaN.");
    }
    double pad = hi > lo ? 0.04 * (hi - lo) : Math.max(1e-9, Math.abs(hi) * 0.1 + 0.5);
    lo -= pad;
    hi += pad;
    String mae = String.format(Locale.ROOT, "MAE %.4g", meanAbsoluteError());
    XYChart chart = ChartStyle.xyChart(
        "Predicted vs actual (" + mae + ")", "actual " + valueLabel, "predicted " + valueLabel);
    chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
    chart.getStyler().setXAxisMin(lo).setXAxisMax(hi).setYAxisMin(lo).setYAxisMax(hi);
    int n = xs.size();
    chart.getStyler().setMarkerSize(n > 2000 ? 3 : n > 300 ? 4 : 6);
    XYSeries points = chart.addSeries("samples", xs, ys);
    points.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    Color c = ChartStyle.color(1);
    points.setMarkerColor(n > 300 ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 110) : c);
    points.setMarker(SeriesMarkers.CIRCLE);
    XYSeries diagonal = chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
    diagonal.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    diagonal.setLineColor(ChartStyle.TEXT);
    diagonal.setLineStyle(ChartStyle.DASHED);
    diagonal.setMarker(SeriesMarkers.NONE);
    return chart;
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    if (!scatter) {
      lineChart().paint(g, width, height);
      return;
    }
    int lineWidth = (int) Math.round(width * 0.6);
    Graphics2D left = (Graphics2D) g.create(0, 0, lineWidth, height);
    Graphics2D right = (Graphics2D) g.create(lineWidth, 0, width - lineWidth, height);
    try {
      lineChart().paint(left, lineWidth, height);
      scatterChart().paint(right, width - lineWidth, height);
    } finally {
      left.dispose();
      right.dispose();
    }
  }

  private void addLine(XYChart chart, String name, List<Object> x, double[] y, Color color) {
    List<Double> ys = new ArrayList<>();
    for (double v : y) {
      ys.add(Double.isNaN(v) ? null : v);
    }
    XYSeries series = chart.addSeries(name, x, ys);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setLineStyle(y.length > 500 ? ChartStyle.THIN : ChartStyle.SOLID);
    series.setMarker(y.length <= MARKER_POINTS_MAX ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
  }

  private static double[] values(String name, double[] values) {
    PlotArgs.notNull(name, values);
    if (values.length == 0) {
      throw new IllegalArgumentException(name + " must not be empty. Received: " + name + "=[]");
    }
    for (int i = 0; i < values.length; i++) {
      if (Double.isInfinite(values[i])) {
        throw new IllegalArgumentException(name + " must contain finite numbers or NaN (missing)."
            + " Received: " + name + "[" + i + "]=" + values[i]);
      }
    }
    return values.clone();
  }
}
