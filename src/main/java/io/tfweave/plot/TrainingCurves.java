package io.tfweave.plot;

import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots per-epoch training logs: one chart per metric, each pairing the training series
 * ({@code loss}) with its validation series ({@code val_loss}), laid out as a grid.
 *
 * <p>Input is plain data, as Keras's {@code history.history}: an ordered map from log key to one
 * value per epoch. Several named histories can be compared on the same charts:
 * <pre>{@code
 * Plots.save(TrainingCurves.compare(Map.of("MLP", mlp, "LSTM", lstm))
 *     .metrics("val_mae").relativeToFirstEpoch(true), Path.of("val_mae.png"), 800, 500);
 * }</pre>
 * A metric named without prefix ({@code "mae"}) draws {@code mae} solid and {@code val_mae}
 * dashed; a {@code val_}-prefixed name draws only that key. Each history has its own colour.
 */
public final class TrainingCurves implements Figure {

  /** Default number of grid columns when several metrics are drawn. */
  public static final int COLUMNS_DEFAULT = 2;
  /** Series with at most this many epochs get point markers. */
  static final int MARKER_EPOCHS_MAX = 30;

  private static final String VAL = "val_";

  private final Map<String, Map<String, double[]>> histories;
  private List<String> metrics = List.of();
  private boolean relativeToFirstEpoch;
  private boolean logScale;
  private int columns = COLUMNS_DEFAULT;

  /** Plots one history, e.g. {@code {"loss": [...], "val_loss": [...]}}. */
  public TrainingCurves(Map<String, List<Double>> logs) {
    this(Map.of("", PlotArgs.notNull("logs", logs)), false);
  }

  private TrainingCurves(Map<String, ? extends Map<String, List<Double>>> named, boolean check) {
    histories = new LinkedHashMap<>();
    named.forEach((name, logs) -> {
      if (check && (name == null || name.isBlank())) {
        throw new IllegalArgumentException(
            "histories must be keyed by non-blank model names. Received: name=" + name);
      }
      String owner = name.isEmpty() ? "logs" : "history '" + name + "'";
      PlotArgs.notEmpty(owner, logs);
      Map<String, double[]> copy = new LinkedHashMap<>();
      logs.forEach((key, values) -> copy.put(key, PlotArgs.series(owner, key, values)));
      histories.put(name, copy);
    });
  }

  /**
   * Compares several histories, keyed by model name in legend order (use a {@link LinkedHashMap}
   * for a fixed order), e.g. {@code "MLP" -> {"val_mae": [...]}, "LSTM" -> {...}}.
   */
  public static TrainingCurves compare(Map<String, ? extends Map<String, List<Double>>> histories) {
    PlotArgs.notEmpty("histories", histories);
    return new TrainingCurves(histories, true);
  }

  /**
   * Chooses the charts and their order. Default: every metric in order of first appearance, each
   * training metric paired with its {@code val_} twin.
   */
  public TrainingCurves metrics(String... names) {
    PlotArgs.notNull("names", names);
    if (names.length == 0) {
      throw new IllegalArgumentException(
          "metrics needs at least one name. Received: none." + " Available: " + defaultMetrics());
    }
    List<String> chosen = List.copyOf(Arrays.asList(names));
    for (String name : chosen) {
      if (keysFor(name).isEmpty()) {
        throw new IllegalArgumentException("Unknown metric '" + name + "': no history has key '"
            + name + "'" + (name.startsWith(VAL) ? "" : " or '" + VAL + name + "'")
            + ". Available: " + defaultMetrics());
      }
    }
    this.metrics = chosen;
    return this;
  }

  /** Divides each series by its first value, so curves of different scales compare (false). */
  public TrainingCurves relativeToFirstEpoch(boolean relative) {
    this.relativeToFirstEpoch = relative;
    return this;
  }

  /** Draws the value axis on a log scale; all plotted values must then be positive (false). */
  public TrainingCurves logScale(boolean log) {
    this.logScale = log;
    return this;
  }

  /** Number of grid columns when several metrics are drawn ({@link #COLUMNS_DEFAULT}). */
  public TrainingCurves columns(int columns) {
    this.columns = PlotArgs.positive("columns", columns);
    return this;
  }

  /** The metric names that get one chart each, in grid order. */
  public List<String> metricNames() {
    return metrics.isEmpty() ? defaultMetrics() : metrics;
  }

  /** One chart per metric, in the order of {@link #metricNames()}. */
  public List<XYChart> charts() {
    List<XYChart> charts = new ArrayList<>();
    for (String metric : metricNames()) {
      charts.add(chart(metric));
    }
    return charts;
  }

  /** The chart of one metric: {@code "loss"} pairs loss and val_loss, {@code "val_loss"} not. */
  public XYChart chart(String metric) {
    PlotArgs.notNull("metric", metric);
    List<String> keys = keysFor(metric);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown metric '" + metric + "'. Available: " + defaultMetrics());
    }
    String yTitle = relativeToFirstEpoch ? metric + " / " + metric + " at epoch 1" : metric;
    XYChart chart = ChartStyle.xyChart(metric, "epoch", yTitle);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(ChartStyle::integerTick);
    chart.getStyler().setYAxisLogarithmic(logScale);
    chart
        .getStyler()
        .setLegendPosition(rising(keys) ? LegendPosition.InsideSE : LegendPosition.InsideNE);
    int index = 0;
    for (Map.Entry<String, Map<String, double[]>> history : histories.entrySet()) {
      for (String key : keys) {
        double[] y = history.getValue().get(key);
        if (y != null) {
          addSeries(chart, history.getKey(), key, y, keys.size() > 1, index);
        }
      }
      index++;
    }
    return chart;
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    List<Figure> panels = new ArrayList<>();
    for (XYChart chart : charts()) {
      panels.add(Figure.of(chart));
    }
    Plots.grid(panels, columns).paint(g, width, height);
  }

  private void addSeries(
      XYChart chart, String model, String key, double[] values, boolean paired, int modelIndex) {
    boolean validation = key.startsWith(VAL);
    double[] y = relativeToFirstEpoch ? relative(model, key, values) : values;
    if (logScale) {
      for (int i = 0; i < y.length; i++) {
        if (!(y[i] > 0) && !Double.isNaN(y[i])) {
          throw new IllegalArgumentException("logScale needs positive values, but '" + key + "'"
              + (model.isEmpty() ? "" : " of '" + model + "'") + " is " + y[i] + " at epoch "
              + (i + 1) + ". Hint: use logScale(false).");
        }
      }
    }
    double[] x = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    XYSeries series = chart.addSeries(seriesName(model, key, paired), x, y);
    boolean single = histories.size() == 1;
    var color = ChartStyle.color(single && validation ? 1 : modelIndex);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setLineStyle(validation && paired ? ChartStyle.DASHED : ChartStyle.SOLID);
    series.setMarker(
        y.length <= MARKER_EPOCHS_MAX
            ? (validation ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE)
            : SeriesMarkers.NONE);
  }

  /** Whether the first plotted series ends higher than it starts (then the legend goes low). */
  private boolean rising(List<String> keys) {
    for (Map<String, double[]> logs : histories.values()) {
      double[] y = logs.get(keys.get(0));
      if (y != null) {
        double first = Double.NaN;
        double last = Double.NaN;
        for (double v : y) {
          if (!Double.isNaN(v)) {
            first = Double.isNaN(first) ? v : first;
            last = v;
          }
        }
        return last > first;
      }
    }
    return false;
  }

  private static String seriesName(String model, String key, boolean paired) {
    if (model.isEmpty()) {
      return key;
    }
    if (!paired) {
      return model;
    }
    return model + (key.startsWith(VAL) ? " (validation)" : " (training)");
  }

  private static double[] relative(String model, String key, double[] values) {
    double first = values[0];
    if (first == 0 || !Double.isFinite(first)) {
      throw new IllegalArgumentException("relativeToFirstEpoch needs a finite, non-zero first"
          + " value, but '" + key + "'" + (model.isEmpty() ? "" : " of '" + model + "'")
          + " starts at " + first + ". Hint: use relativeToFirstEpoch(false).");
    }
    double[] out = new double[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[i] / first;
    }
    return out;
  }

  private List<String> keysFor(String metric) {
    List<String> wanted = metric.startsWith(VAL) ? List.of(metric) : List.of(metric, VAL + metric);
    List<String> present = new ArrayList<>();
    for (String key : wanted) {
      for (Map<String, double[]> logs : histories.values()) {
        if (logs.containsKey(key)) {
          present.add(key);
          break;
        }
      }
    }
    return present;
  }

  private List<String> defaultMetrics() {
    Set<String> names = new LinkedHashSet<>();
    for (Map<String, double[]> logs : histories.values()) {
      for (String key : logs.keySet()) {
        names.add(key.startsWith(VAL) ? key.substring(VAL.length()) : key);
      }
    }
    return List.copyOf(names);
  }
}
