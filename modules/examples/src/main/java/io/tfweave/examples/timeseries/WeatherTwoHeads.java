package io.tfweave.examples.timeseries;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SOFTMAX;

import io.tfweave.data.CsvTable;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.TimeseriesDataset;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.preprocessing.Normalization;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Loss;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metric;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.ClassWeights;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * One model, two heads, from the same 25-day window of Seattle weather: {@code temp_max} of the next day (MAE loss) and the
 * next day's {@code weather} (drizzle, fog, rain, snow, sun; sparse cross-entropy, class-weighted with scikit-learn's
 * "balanced" weights as per-sample weights of that head). Prints both test metrics next to the two single-task models with
 * the same trunk (Normalization → Flatten → Dense(32, relu)) and the same budget; accuracy, balanced accuracy (mean recall per
 * class, what class weights aim at) and MAE are computed here from {@code predictOutputs}.
 *
 * <p>{@code tools/run io.tfweave.examples.timeseries.WeatherTwoHeads [epochs] [csv]}
 */
public final class WeatherTwoHeads {
  static final int PAST = 25;
  static final int BATCH = 32;
  static final List<String> CLASSES = List.of("drizzle", "fog", "rain", "snow", "sun");

  private WeatherTwoHeads() {}

  /** The test metrics of one model: temp_max MAE and weather accuracy / balanced accuracy (NaN for a missing head). */
  public record Scores(double mae, double accuracy, double balancedAccuracy) {}

  /** Windows with both targets. */
  record Split(Dataset data, float[] temp, int[] weather) {}

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    Path csv = args.length > 1 ? Path.of(args[1]) : SeattleWeather.CSV_DEFAULT;
    Map<String, Scores> table = run(csv, epochs);
    System.out.printf(
        Locale.ROOT, "%-22s %9s %9s %13s%n", "model (test)", "MAE °C", "accuracy", "balanced acc");
    table.forEach((k, v) -> System.out.printf(
        Locale.ROOT, "%-22s %9.3f %9.3f %13.3f%n", k, v.mae(), v.accuracy(), v.balancedAccuracy()));
  }

  /** Trains the two-head model and the single-task ones for {@code epochs}; returns their test scores by name. */
  public static Map<String, Scores> run(Path csv, int epochs) {
    SeattleWeather w = new SeattleWeather(csv, PAST, 1);
    List<String> names = CsvTable.read(csv).strings("weather");
    Split train = split(w.train(BATCH, 0), w, names);
    Split val = split(w.validation(BATCH), w, names);
    Split test = split(w.test(BATCH), w, names);
    Map<Integer, Double> balanced = ClassWeights.balanced(train.weather(), CLASSES.size());
    HostArray weights = ClassWeights.sampleWeights(balanced, train.weather());
    double meanTemp = 0;
    for (float t : train.temp()) meanTemp += t / train.temp().length;

    Map<String, Scores> out = new LinkedHashMap<>();
    for (String kind : List.of("two heads", "temp_max only", "weather only")) {
      boolean temp = !kind.equals("weather only");
      boolean weather = !kind.equals("temp_max only");
      try (Model m = model(w, meanTemp, temp, weather)) {
        Map<String, Loss> losses = new LinkedHashMap<>();
        Map<String, List<Metric>> metrics = new LinkedHashMap<>();
        Map<String, HostArray> sw = new LinkedHashMap<>();
        if (temp) {
          losses.put("temp_max", Losses.meanAbsoluteError());
        }
        if (weather) {
          losses.put("weather", Losses.sparseCategoricalCrossentropy());
          metrics.put("weather", List.of(Metrics.get("accuracy")));
          sw.put("weather", weights);
        }
        m.compile(Optimizers.adam(1e-3), losses, Map.of(), metrics);
        FitOptions o = FitOptions.epochs(epochs)
            .batchSize(BATCH)
            .verbose(0)
            .validation(targets(val, temp, weather));
        if (!sw.isEmpty()) o.sampleWeight(sw);
        m.fit(targets(train, temp, weather), o);
        out.put(kind, scores(m, test, temp, weather));
      }
    }
    out.put("training mean / majority", baselines(train, test));
    return out;
  }

  static Model model(SeattleWeather w, double meanTemp, boolean temp, boolean weather) {
    SymbolicTensor in = Input.of(PAST, 4);
    SymbolicTensor h = new Normalization().adapt(w.trainingRows()).apply(in);
    h = new Dense(32).activation(RELU).apply(new Flatten().apply(h));
    List<SymbolicTensor> outs = new ArrayList<>();
    if (temp) {
      outs.add(new Dense(1)
          .biasInitializer(Initializers.constant(meanTemp))
          .named("temp_max")
          .apply(h));
    }
    if (weather)
      outs.add(new Dense(CLASSES.size()).activation(SOFTMAX).named("weather").apply(h));
    return Model.of(List.of(in), outs).seed(1);
  }

  static Split split(TimeseriesDataset windows, SeattleWeather w, List<String> names) {
    Dataset d = windows.dataset();
    int[] starts = windows.starts();
    int[] labels = new int[starts.length];
    for (int i = 0; i < starts.length; i++) {
      String s = names.get(starts[i] + w.delay());
      labels[i] = CLASSES.indexOf(s);
      if (labels[i] < 0)
        throw new IllegalArgumentException("Unknown weather '" + s + "' in the CSV");
    }
    return new Split(d, d.targets().floats(), labels);
  }

  static Dataset targets(Split s, boolean temp, boolean weather) {
    Map<String, HostArray> y = new LinkedHashMap<>();
    int n = s.temp().length;
    if (temp) y.put("temp_max", HostArray.ofFloats(s.temp(), n));
    if (weather) y.put("weather", HostArray.ofInts(s.weather(), n));
    return Dataset.ofOutputArrays(s.data().inputs(), y);
  }

  static Scores scores(Model m, Split test, boolean temp, boolean weather) {
    Map<String, FloatNdArray> p =
        m.predictOutputs(Dataset.ofArrays(test.data().inputs(), (HostArray) null), 256);
    int n = test.temp().length;
    double mae = Double.NaN;
    if (temp) {
      mae = 0;
      for (int i = 0; i < n; i++)
        mae += Math.abs(p.get("temp_max").getFloat(i, 0) - test.temp()[i]) / n;
    }
    if (!weather) return new Scores(mae, Double.NaN, Double.NaN);
    int[] predicted = new int[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < CLASSES.size(); c++)
        if (p.get("weather").getFloat(i, c) > p.get("weather").getFloat(i, best)) best = c;
      predicted[i] = best;
    }
    return new Scores(
        mae, accuracy(predicted, test.weather()), balanced(predicted, test.weather()));
  }

  static Scores baselines(Split train, Split test) {
    double mean = 0;
    for (float t : train.temp()) mean += t / train.temp().length;
    int[] count = new int[CLASSES.size()];
    for (int c : train.weather()) count[c]++;
    int majority = 0;
    for (int c = 1; c < count.length; c++) if (count[c] > count[majority]) majority = c;
    int n = test.temp().length;
    double mae = 0;
    int[] predicted = new int[n];
    for (int i = 0; i < n; i++) {
      mae += Math.abs(mean - test.temp()[i]) / n;
      predicted[i] = majority;
    }
    return new Scores(
        mae, accuracy(predicted, test.weather()), balanced(predicted, test.weather()));
  }

  static double accuracy(int[] predicted, int[] labels) {
    int right = 0;
    for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) right++;
    return right / (double) labels.length;
  }

  /** The mean over the classes present in {@code labels} of the recall of each. */
  static double balanced(int[] predicted, int[] labels) {
    int[] total = new int[CLASSES.size()];
    int[] right = new int[CLASSES.size()];
    for (int i = 0; i < labels.length; i++) {
      total[labels[i]]++;
      if (predicted[i] == labels[i]) right[labels[i]]++;
    }
    double sum = 0;
    int present = 0;
    for (int c = 0; c < total.length; c++) {
      if (total[c] > 0) {
        sum += right[c] / (double) total[c];
        present++;
      }
    }
    return sum / present;
  }
}
