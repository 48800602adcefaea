package io.tfweave.examples.timeseries;

import io.tfweave.data.CsvTable;
import io.tfweave.data.TimeseriesDataset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The Seattle weather series cut into forecasting windows: from {@code past} days of precipitation, temp_max, temp_min and wind,
 * predict temp_max {@code horizon} days after the last day. Splits are 50 / 25 / 25 % in time order, with Keras's
 * {@code timeseries_dataset_from_array} semantics (targets shifted by {@code past + horizon − 1} days).
 */
public final class SeattleWeather {
  /** Where Debian's python3-vega-datasets installs the CSV (1,461 days, 2012–2015). */
  public static final Path CSV_DEFAULT =
      Path.of("/usr/lib/python3/dist-packages/vega_datasets/_data/seattle-weather.csv");
  /** Feature columns, in order. */
  public static final String[] FEATURES = {"precipitation", "temp_max", "temp_min", "wind"};
  /** Index of temp_max among the features. */
  public static final int TEMP_MAX = 1;

  private final float[][] rows;
  private final LocalDate[] dates;
  private final int past;
  private final int horizon;
  private final int trainEnd;
  private final int valEnd;

  /** Reads {@code csv} and prepares windows of {@code past} days predicting {@code horizon} days ahead. */
  public SeattleWeather(Path csv, int past, int horizon) {
    CsvTable t = CsvTable.read(csv);
    this.rows = t.floats(FEATURES);
    this.dates = t.dates("date");
    this.past = past;
    this.horizon = horizon;
    this.trainEnd = (int) (0.5 * rows.length);
    this.valEnd = trainEnd + (int) (0.25 * rows.length);
  }

  /** Days in the file. */
  public int days() {
    return rows.length;
  }

  /** Steps between a window's first day and its target day. */
  public int delay() {
    return past + horizon - 1;
  }

  /** The feature rows the windows are cut from (the last {@link #delay()} days have no target). */
  public FloatNdArray inputs() {
    int n = rows.length - delay();
    float[] flat = new float[n * FEATURES.length];
    for (int i = 0; i < n; i++)
      System.arraycopy(rows[i], 0, flat, i * FEATURES.length, FEATURES.length);
    return NdArrays.wrap(Shape.of(n, FEATURES.length), DataBuffers.of(flat, false, false));
  }

  /** {@code targets[i]} = temp_max on day {@code i + delay()}: the target of the window starting at day i. */
  public FloatNdArray targets() {
    int n = rows.length - delay();
    float[] y = new float[n];
    for (int i = 0; i < n; i++) y[i] = rows[i + delay()][TEMP_MAX];
    return NdArrays.wrap(Shape.of(n), DataBuffers.of(y, false, false));
  }

  /** The feature rows of the training period, for adapting Normalization. */
  public FloatNdArray trainingRows() {
    float[] flat = new float[trainEnd * FEATURES.length];
    for (int i = 0; i < trainEnd; i++)
      System.arraycopy(rows[i], 0, flat, i * FEATURES.length, FEATURES.length);
    return NdArrays.wrap(Shape.of(trainEnd, FEATURES.length), DataBuffers.of(flat, false, false));
  }

  /** Training windows (first half), shuffled once with {@code seed}. */
  public TimeseriesDataset train(int batchSize, long seed) {
    return TimeseriesDataset.timeseriesDataset(
        inputs(), targets(), past, 1, 1, true, seed, batchSize, 0, trainEnd);
  }

  /** Validation windows (third quarter), in order. */
  public TimeseriesDataset validation(int batchSize) {
    return TimeseriesDataset.timeseriesDataset(
        inputs(), targets(), past, 1, 1, false, null, batchSize, trainEnd, valEnd);
  }

  /** Test windows (last quarter), in order. */
  public TimeseriesDataset test(int batchSize) {
    return TimeseriesDataset.timeseriesDataset(
        inputs(), targets(), past, 1, 1, false, null, batchSize, valEnd, null);
  }

  /** The date of each window's target. */
  public LocalDate[] targetDates(TimeseriesDataset windows) {
    return Arrays.stream(windows.starts())
        .mapToObj(s -> dates[s + delay()])
        .toArray(LocalDate[]::new);
  }

  /** Persistence: predicts that temp_max {@code horizon} days later equals the window's last day. */
  public double persistenceMae(TimeseriesDataset windows) {
    double sum = 0;
    for (int s : windows.starts())
      sum += Math.abs(rows[s + past - 1][TEMP_MAX] - rows[s + delay()][TEMP_MAX]);
    return sum / windows.size();
  }

  /** The mean target of {@code windows}. */
  public double meanTarget(TimeseriesDataset windows) {
    double mean = 0;
    for (int s : windows.starts()) mean += rows[s + delay()][TEMP_MAX];
    return mean / windows.size();
  }

  /** Always predicts the mean target of {@code fit}: the MAE on {@code windows}. */
  public double meanMae(TimeseriesDataset fit, TimeseriesDataset windows) {
    double mean = meanTarget(fit);
    double sum = 0;
    for (int s : windows.starts()) sum += Math.abs(mean - rows[s + delay()][TEMP_MAX]);
    return sum / windows.size();
  }
}
