package io.tfweave.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class TrainingCurvesTest {

  @TempDir
  Path dir;

  private static List<Double> decay(int epochs, double start, double end) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < epochs; i++) {
      out.add(end + (start - end) * Math.exp(-3.0 * i / epochs) + 0.01 * Math.sin(i));
    }
    return out;
  }

  private static Map<String, List<Double>> kerasLogs(int epochs) {
    Map<String, List<Double>> logs = new LinkedHashMap<>();
    logs.put("loss", decay(epochs, 2.3, 0.2));
    logs.put("accuracy", decay(epochs, 0.3, 0.95));
    logs.put("val_loss", decay(epochs, 2.2, 0.35));
    logs.put("val_accuracy", decay(epochs, 0.35, 0.9));
    return logs;
  }

  private static Map<String, Map<String, List<Double>>> threeModels() {
    Map<String, Map<String, List<Double>>> h = new LinkedHashMap<>();
    h.put("MLP", Map.of("mae", decay(40, 0.9, 0.35), "val_mae", decay(40, 0.85, 0.4)));
    h.put("SELU MLP", Map.of("mae", decay(40, 1.1, 0.3), "val_mae", decay(40, 1.0, 0.33)));
    h.put("LSTM", Map.of("mae", decay(40, 0.8, 0.2), "val_mae", decay(40, 0.82, 0.25)));
    return h;
  }

  private static List<String> seriesNames(XYChart chart) {
    return new ArrayList<>(chart.getSeriesMap().keySet());
  }

  @Test
  void gridOfPairedMetricsRendersToPng() throws IOException {
    TrainingCurves curves = new TrainingCurves(kerasLogs(20));
    assertEquals(List.of("loss", "accuracy"), curves.metricNames());
    assertEquals(List.of("loss", "val_loss"), seriesNames(curves.chart("loss")));
    Path file = Plots.save(curves, dir.resolve("curves/grid.png"), 900, 400);
    BufferedImage image = PngAssertions.assertPng(file, 900, 400, 50);
    double ink = PngAssertions.inkFraction(image);
    assertTrue(ink > 0.02 && ink < 0.6, "ink fraction " + ink);
  }

  @Test
  void comparesNamedHistoriesRelativeToFirstEpoch() throws IOException {
    TrainingCurves curves =
        TrainingCurves.compare(threeModels()).metrics("val_mae").relativeToFirstEpoch(true);
    XYChart chart = curves.chart("val_mae");
    assertEquals(List.of("MLP", "SELU MLP", "LSTM"), seriesNames(chart));
    for (XYSeries series : chart.getSeriesMap().values()) {
      assertEquals(1.0, series.getYData()[0], 1e-12);
      assertTrue(series.getYData()[39] < 0.6);
    }
    Path file = Plots.save(curves, dir.resolve("val_mae.png"), 640, 420);
    PngAssertions.assertPng(file, 640, 420, 30);
  }

  @Test
  void pairsTrainingAndValidationPerModel() {
    XYChart chart = TrainingCurves.compare(threeModels()).chart("mae");
    assertEquals(
        List.of(
            "MLP (training)",
            "MLP (validation)",
            "SELU MLP (training)",
            "SELU MLP (validation)",
            "LSTM (training)",
            "LSTM (validation)"),
        seriesNames(chart));
  }

  @Test
  void validationOnlyMetricGetsItsOwnChart() {
    Map<String, List<Double>> logs = new LinkedHashMap<>();
    logs.put("loss", decay(5, 1, 0.5));
    logs.put("val_auc", decay(5, 0.6, 0.9));
    TrainingCurves curves = new TrainingCurves(logs);
    assertEquals(List.of("loss", "auc"), curves.metricNames());
    assertEquals(List.of("val_auc"), seriesNames(curves.chart("auc")));
  }

  @Test
  void singleEpochAndNaNValuesStillRender() throws IOException {
    Map<String, List<Double>> logs = new LinkedHashMap<>();
    logs.put("loss", List.of(0.7));
    logs.put("mae", Arrays.asList(0.5, Double.NaN, 0.3, 0.25));
    Path file = Plots.save(new TrainingCurves(logs).columns(1), dir.resolve("edge.png"), 400, 600);
    PngAssertions.assertPng(file, 400, 600, 20);
  }

  @Test
  void logScaleAndSvg() throws IOException {
    Path file = Plots.save(
        new TrainingCurves(kerasLogs(50)).metrics("loss").logScale(true),
        dir.resolve("loss.svg"),
        500,
        300);
    assertTrue(Files.readString(file).contains("<svg"));
  }

  @Test
  void errors() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> new TrainingCurves(kerasLogs(3)).metrics("mse"));
    assertTrue(e.getMessage().contains("Unknown metric 'mse'"), e.getMessage());
    assertTrue(e.getMessage().contains("Available: [loss, accuracy]"), e.getMessage());

    Map<String, List<Double>> zero = Map.of("loss", List.of(0.0, 1.0));
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new TrainingCurves(zero).relativeToFirstEpoch(true).charts());
    assertTrue(e.getMessage().contains("'loss' starts at 0.0"), e.getMessage());

    Map<String, List<Double>> negative = Map.of("loss", List.of(1.0, -1.0));
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new TrainingCurves(negative).logScale(true).charts());
    assertTrue(e.getMessage().contains("logScale needs positive values"), e.getMessage());

    e = assertThrows(
        IllegalArgumentException.class,
        () -> new TrainingCurves(Map.of("loss", Arrays.asList(1.0, null))));
    assertTrue(e.getMessage().contains("null value at epoch 2"), e.getMessage());

    e = assertThrows(
        IllegalArgumentException.class, () -> new TrainingCurves(Map.of("loss", List.of())));
    assertTrue(e.getMessage().contains("no values for 'loss'"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> new TrainingCurves(Map.of()));
    assertTrue(e.getMessage().contains("logs must not be empty"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> TrainingCurves.compare(Map.of()));
    assertTrue(e.getMessage().contains("histories must not be empty"), e.getMessage());

    e = assertThrows(
        IllegalArgumentException.class, () -> TrainingCurves.compare(Map.of(" ", kerasLogs(2))));
    assertTrue(e.getMessage().contains("non-blank model names"), e.getMessage());

    e = assertThrows(
        IllegalArgumentException.class, () -> new TrainingCurves(kerasLogs(2)).columns(0));
    assertTrue(e.getMessage().contains("Received: columns=0"), e.getMessage());
  }
}
