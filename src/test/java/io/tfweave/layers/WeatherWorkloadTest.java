package io.tfweave.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.CsvTable;
import io.tfweave.data.Dataset;
import io.tfweave.data.TimeseriesDataset;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.preprocessing.Normalization;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** A small version of the Seattle weather workload: 25 days of weather → temp_max 12 days later, Normalization → LSTM(8). */
class WeatherWorkloadTest {
  static final Path CSV =
      Path.of("/usr/lib/python3/dist-packages/vega_datasets/_data/seattle-weather.csv");

  @Test
  void lstmForecastLossFalls() {
    Assumptions.assumeTrue(
        Files.exists(CSV), "seattle-weather.csv (python3-vega-datasets) is not installed");
    float[][] rows = CsvTable.read(CSV).floats("precipitation", "temp_max", "temp_min", "wind");
    assertEquals(1461, rows.length);
    int delay = 25 + 12 - 1;
    int n = rows.length - delay;
    float[] x = new float[n * 4];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows[i], 0, x, i * 4, 4);
      y[i] = rows[i + delay][1];
    }
    FloatNdArray data = NdArrays.wrap(Shape.of(n, 4), DataBuffers.of(x, false, false));
    FloatNdArray targets = NdArrays.wrap(Shape.of(n), DataBuffers.of(y, false, false));
    int trainEnd = rows.length / 2;
    TimeseriesDataset train =
        TimeseriesDataset.timeseriesDataset(data, targets, 25, 1, 1, true, 0L, 32, 0, trainEnd);
    TimeseriesDataset val = TimeseriesDataset.timeseriesDataset(
        data, targets, 25, 1, 1, false, null, 32, trainEnd, trainEnd + rows.length / 4);
    assertEquals(trainEnd - 24, train.size());
    Dataset trainData = train.dataset();
    double mean = 0;
    for (float t : trainData.targets().floats()) mean += t;
    mean /= train.size();
    FloatNdArray trainRows = NdArrays.wrap(
        Shape.of(trainEnd, 4),
        DataBuffers.of(java.util.Arrays.copyOf(x, trainEnd * 4), false, false));
    try (Model m = Sequential.named("weather")
        .input(25, 4)
        .add(new Normalization().adapt(trainRows))
        .add(new LSTM(8))
        .add(new Dense(1).biasInitializer(Initializers.constant(mean)))
        .seed(1)
        .build()) {
      m.compile(Optimizers.adam(3e-3), Losses.meanSquaredError(), Metrics.meanAbsoluteError());
      List<Double> loss = m.fit(
              trainData,
              FitOptions.epochs(3).batchSize(32).validation(val.dataset()).verbose(0))
          .get("loss");
      assertTrue(loss.get(2) < loss.get(0), "training loss falls: " + loss);
    }
  }
}
