package io.tfweave.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class PredictionPlotTest {

  @TempDir
  Path dir;

  private static double[] wave(int n, double phase) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = 5 + 6 * Math.sin(2 * Math.PI * (i - phase) / 24.0);
    }
    return y;
  }

  @Test
  void linesOverTimestampsWithScatterRenderToPng() throws IOException {
    int n = 240;
    double[] predicted = wave(n, 1);
    predicted[0] = Double.NaN;
    List<LocalDateTime> times = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      times.add(LocalDateTime.of(2016, 1, 1, 0, 0).plusHours(i));
    }
    PredictionPlot plot = new PredictionPlot(wave(n, 0), predicted)
        .timestamps(times)
        .valueLabel("temperature (C)")
        .scatter(true);
    Path file = Plots.save(plot, dir.resolve("forecast.png"), 1000, 400);
    PngAssertions.assertPng(file, 1000, 400, 50);
  }

  @Test
  void linesOverIndex() throws IOException {
    Path file = Plots.save(
        new PredictionPlot(new double[] {1, 2, 3, 2}, new double[] {1.1, 1.8, 3.3, 2.0}),
        dir.resolve("index.png"),
        500,
        300);
    PngAssertions.assertPng(file, 500, 300, 20);
  }

  @Test
  void scatterHasSamplesAndIdentityLine() {
    PredictionPlot plot =
        new PredictionPlot(new double[] {1, 2, Double.NaN, 4}, new double[] {2, 2, 5, 3});
    assertEquals(2.0 / 3, plot.meanAbsoluteError(), 1e-12);
    XYChart chart = plot.scatterChart();
    assertEquals(
        List.of("samples", "y = x"), new ArrayList<>(chart.getSeriesMap().keySet()));
    assertEquals(3, chart.getSeriesMap().get("samples").getXData().length, "NaN pair skipped");
    double[] diagonal = chart.getSeriesMap().get("y = x").getXData();
    assertTrue(diagonal[0] < 1 && diagonal[1] > 4, "identity line spans all values");
    assertTrue(chart.getTitle().contains("MAE 0.6667"), chart.getTitle());
  }

  @Test
  void errors() {
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> new PredictionPlot(new double[] {1, 2}, new double[] {1}));
    assertTrue(e.getMessage().contains("actual.length=2, predicted.length=1"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> new PredictionPlot(new double[0], new double[0]));
    assertTrue(e.getMessage().contains("actual must not be empty"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new PredictionPlot(new double[] {1}, new double[] {Double.POSITIVE_INFINITY}));
    assertTrue(e.getMessage().contains("Received: predicted[0]=Infinity"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PredictionPlot(
            new double[] {1, 2}, new double[] {1, 2})
        .timestamps(List.of(LocalDateTime.MIN)));
    assertTrue(e.getMessage().contains("times.length=1, actual.length=2"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new PredictionPlot(new double[] {Double.NaN}, new double[] {1}).scatterChart());
    assertTrue(e.getMessage().contains("every pair has a NaN"), e.getMessage());
  }
}
