package io.tfweave.examples.timeseries;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SELU;

import io.tfweave.data.Dataset;
import io.tfweave.data.TimeseriesDataset;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.preprocessing.Normalization;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.plot.Plots;
import io.tfweave.plot.PredictionPlot;
import io.tfweave.plot.TrainingCurves;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Forecasts Seattle's temp_max 12 days ahead from the previous 25 days of weather and compares three models by test MAE
 * with two baselines (persistence and the training mean):
 * (1) Normalization → Flatten → Dense(16, relu) → Dense(1); (2) Flatten → three Dense(16, selu, lecun_normal) → Dense(1);
 * (3) Normalization → LSTM(16) → Dense(1). Adam (1e-3), MSE loss, MAE metric. The output layer's bias starts at the mean
 * training target (about 16 °C), so that a few hundred Adam steps need not travel there from 0. Writes {@code val_mae.png} (validation MAE relative to
 * the first epoch) and {@code predictions.png} (the best model's test predictions against the real series).
 *
 * <p>{@code tools/run io.tfweave.examples.timeseries.WeatherForecast [outDir] [epochs] [csv]}
 */
public final class WeatherForecast {
  static final int PAST = 25;
  static final int HORIZON = 12;
  static final int BATCH = 32;

  private WeatherForecast() {}

  public static void main(String[] args) {
    Path out = Path.of(args.length > 0 ? args[0] : "target/timeseries");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Path csv = args.length > 2 ? Path.of(args[2]) : SeattleWeather.CSV_DEFAULT;
    SeattleWeather w = new SeattleWeather(csv, PAST, HORIZON);
    TimeseriesDataset train = w.train(BATCH, 0);
    TimeseriesDataset val = w.validation(BATCH);
    TimeseriesDataset test = w.test(BATCH);
    System.out.printf(
        Locale.ROOT,
        "%d days; windows: train %d, validation %d, test %d (past %d days, horizon %d days)%n",
        w.days(),
        train.size(),
        val.size(),
        test.size(),
        PAST,
        HORIZON);

    double meanTarget = w.meanTarget(train);
    Supplier<Dense> head = () -> new Dense(1).biasInitializer(Initializers.constant(meanTarget));
    Map<String, Supplier<Model>> models = new LinkedHashMap<>();
    models.put("dense (normalized)", () -> Sequential.named("dense")
        .input(PAST, 4)
        .add(new Normalization().adapt(w.trainingRows()))
        .add(new Flatten())
        .add(new Dense(16).activation(RELU))
        .add(head.get())
        .seed(1)
        .build());
    models.put("selu x3", () -> Sequential.named("selu")
        .input(PAST, 4)
        .add(new Flatten())
        .add(selu())
        .add(selu())
        .add(selu())
        .add(head.get())
        .seed(1)
        .build());
    models.put("lstm", () -> Sequential.named("lstm")
        .input(PAST, 4)
        .add(new Normalization().adapt(w.trainingRows()))
        .add(new LSTM(16))
        .add(head.get())
        .seed(1)
        .build());

    Map<String, Map<String, List<Double>>> histories = new LinkedHashMap<>();
    Map<String, Double> testMae = new LinkedHashMap<>();
    String best = null;
    float[] bestPredictions = null;
    for (Map.Entry<String, Supplier<Model>> e : models.entrySet()) {
      long t0 = System.nanoTime();
      try (Model m = e.getValue().get()) {
        m.compile(Optimizers.adam(1e-3), Losses.meanSquaredError(), Metrics.meanAbsoluteError());
        History h = m.fit(
            train.dataset(),
            FitOptions.epochs(epochs).batchSize(BATCH).validation(val.dataset()).verbose(0));
        double mae = m.evaluate(test.dataset(), BATCH).get("mae");
        histories.put(e.getKey(), h.asMap());
        testMae.put(e.getKey(), mae);
        System.out.printf(
            Locale.ROOT,
            "%-20s test MAE %.3f  (val MAE first/last epoch %.3f / %.3f, %.1f s)%n",
            e.getKey(),
            mae,
            h.get("val_mae").get(0),
            h.last("val_mae"),
            (System.nanoTime() - t0) / 1e9);
        if (best == null || mae < testMae.get(best)) {
          best = e.getKey();
          bestPredictions = predictions(m, test.dataset());
        }
      }
    }
    double persistence = w.persistenceMae(test);
    double mean = w.meanMae(train, test);
    System.out.printf(Locale.ROOT, "%-20s test MAE %.3f%n", "persistence", persistence);
    System.out.printf(Locale.ROOT, "%-20s test MAE %.3f%n", "training mean", mean);
    long beating = testMae.values().stream().filter(v -> v < persistence).count();
    System.out.printf(Locale.ROOT, "%d of 3 models beat persistence; best: %s%n", beating, best);

    Plots.save(
        TrainingCurves.compare(histories).metrics("val_mae").relativeToFirstEpoch(true),
        out.resolve("val_mae.png"),
        900,
        500);
    double[] actual = Arrays.stream(boxed(test.dataset().targets().floats()))
        .mapToDouble(Float::doubleValue)
        .toArray();
    double[] predicted =
        Arrays.stream(boxed(bestPredictions)).mapToDouble(Float::doubleValue).toArray();
    List<LocalDateTime> times =
        Arrays.stream(w.targetDates(test)).map(LocalDate::atStartOfDay).toList();
    Plots.save(
        new PredictionPlot(actual, predicted)
            .timestamps(times)
            .valueLabel("temp_max (°C)")
            .title("Test period: " + best + " vs actual, " + HORIZON + " days ahead")
            .scatter(true),
        out.resolve("predictions.png"),
        1200,
        450);
    System.out.println(
        "Wrote " + out.resolve("val_mae.png") + " and " + out.resolve("predictions.png"));
  }

  private static Dense selu() {
    return new Dense(16).activation(SELU).kernelInitializer(Initializers.lecunNormal());
  }

  private static float[] predictions(Model m, Dataset d) {
    FloatNdArray y = m.predict(d);
    float[] f = new float[(int) y.shape().size()];
    y.copyTo(DataBuffers.of(f, false, false));
    return f;
  }

  private static Float[] boxed(float[] a) {
    Float[] b = new Float[a.length];
    for (int i = 0; i < a.length; i++) b[i] = a[i];
    return b;
  }
}
