package io.tfweave.training;

import static io.tfweave.activations.Activation.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Loss;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metric;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/** Multi-output compile, fit, evaluate and predict: Keras's log keys, loss weights, per-output sample weights. */
class MultiOutputTrainingTest {
  static final int N = 96;
  final float[] x = new float[N * 4];
  final float[] temp = new float[N];
  final int[] weather = new int[N];

  MultiOutputTrainingTest() {
    Random r = new Random(7);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) r.nextGaussian();
      temp[i] = x[i * 4] - 0.5f * x[i * 4 + 1];
      weather[i] = x[i * 4 + 2] > 0.5 ? 2 : x[i * 4 + 2] < -0.5 ? 0 : 1;
    }
  }

  /** x → hidden → {temp (1), weather (3, softmax)} and optionally a loss-less aux output. */
  static Model twoHeads(boolean aux) {
    SymbolicTensor in = Input.of(4);
    SymbolicTensor h = new Dense(16).activation(TANH).named("hidden").apply(in);
    SymbolicTensor t = new Dense(1).named("temp").apply(h);
    SymbolicTensor w = new Dense(3).activation(SOFTMAX).named("weather").apply(h);
    List<SymbolicTensor> outs =
        aux ? List.of(t, w, new Dense(2).named("aux").apply(h)) : List.of(t, w);
    return Model.of(List.of(in), outs).seed(5);
  }

  Dataset data() {
    return Dataset.ofOutputArrays(
        List.of(HostArray.ofFloats(x, N, 4)),
        Map.of("temp", HostArray.ofFloats(temp, N), "weather", HostArray.ofInts(weather, N)));
  }

  void compileTwo(Model m) {
    Map<String, Loss> losses = new LinkedHashMap<>();
    losses.put("temp", Losses.meanAbsoluteError());
    losses.put("weather", Losses.sparseCategoricalCrossentropy());
    m.compile(
        Optimizers.adam(0.01),
        losses,
        Map.of("weather", 0.5),
        Map.of(
            "weather",
            List.<Metric>of(Metrics.get("accuracy")),
            "temp",
            List.of(Metrics.get("mse"))));
  }

  @Test
  void logsKerasKeysAndTheLossIsTheWeightedSum() {
    try (Model m = twoHeads(false)) {
      assertEquals(List.of("temp", "weather"), m.outputNames());
      compileTwo(m);
      History h = m.fit(
          data(), FitOptions.epochs(30).batchSize(32).validationSplit(0.25).verbose(0));
      assertEquals(
          Set.of(
              "loss",
              "temp_loss",
              "temp_mse",
              "weather_loss",
              "weather_accuracy",
              "val_loss",
              "val_temp_loss",
              "val_temp_mse",
              "val_weather_loss",
              "val_weather_accuracy"),
          h.asMap().keySet());
      assertTrue(h.last("temp_loss") < 0.5 * h.get("temp_loss").get(0), h.toString());
      assertTrue(h.last("weather_accuracy") > 0.8, h.toString());
      Evaluation e = m.evaluate(data(), 32);
      assertEquals(e.get("temp_loss") + 0.5 * e.get("weather_loss"), e.loss(), 1e-5);

      // The per-output values equal the losses computed here from predict.
      Map<String, FloatNdArray> p = m.predictOutputs(
          Dataset.ofArrays(List.of(HostArray.ofFloats(x, N, 4)), (HostArray) null), 32);
      assertEquals(List.of("temp", "weather"), List.copyOf(p.keySet()));
      double mae = 0;
      double ce = 0;
      double mse = 0;
      int right = 0;
      for (int i = 0; i < N; i++) {
        double d = p.get("temp").getFloat(i, 0) - temp[i];
        mae += Math.abs(d) / N;
        mse += d * d / N;
        float[] q = new float[3];
        for (int c = 0; c < 3; c++) q[c] = p.get("weather").getFloat(i, c);
        ce -= Math.log(Math.max(q[weather[i]], 1e-7)) / N;
        int arg = q[0] >= q[1] && q[0] >= q[2] ? 0 : q[1] >= q[2] ? 1 : 2;
        if (arg == weather[i]) right++;
      }
      assertEquals(mae, e.get("temp_loss"), 1e-5);
      assertEquals(mse, e.get("temp_mse"), 1e-5);
      assertEquals(ce, e.get("weather_loss"), 1e-5);
      assertEquals(right / (double) N, e.get("weather_accuracy"), 1e-6);
    }
  }

  @Test
  void perOutputSampleWeightsWeighOnlyThatOutput() {
    float[] w = new float[N];
    for (int i = 0; i < N; i++) w[i] = i % 3 == 0 ? 0f : 2f;
    try (Model m = twoHeads(false)) {
      compileTwo(m);
      Map<String, FloatNdArray> before = m.predictOutputs(
          Dataset.ofArrays(List.of(HostArray.ofFloats(x, N, 4)), (HostArray) null), N);
      // One full-batch epoch logs the losses of the weights before the update.
      History h = m.fit(
          data(),
          FitOptions.epochs(1)
              .batchSize(N)
              .shuffle(false)
              .verbose(0)
              .sampleWeight(Map.of("weather", HostArray.ofFloats(w, N))));
      double ce = 0;
      double mae = 0;
      for (int i = 0; i < N; i++) {
        ce -= w[i] * Math.log(Math.max(before.get("weather").getFloat(i, weather[i]), 1e-7)) / N;
        mae += Math.abs(before.get("temp").getFloat(i, 0) - temp[i]) / N;
      }
      assertEquals(ce, h.last("weather_loss"), 1e-5);
      assertEquals(mae, h.last("temp_loss"), 1e-5);
      assertEquals(mae + 0.5 * ce, h.last("loss"), 1e-5);
    }
  }

  @Test
  void aValidationSplitCarriesTheHeldOutWeightsOfEachOutput() {
    float[] w = new float[N];
    for (int i = 0; i < N; i++) w[i] = i % 4 == 0 ? 0f : 0.5f * (i % 5);
    int cut = 72; // floor(96 * 0.75)
    int n = N - cut;
    try (Model m = twoHeads(false)) {
      compileTwo(m);
      History h = m.fit(
          data(),
          FitOptions.epochs(1)
              .batchSize(16)
              .verbose(0)
              .validationSplit(0.25)
              .sampleWeight(Map.of("weather", HostArray.ofFloats(w, N))));
      Map<String, FloatNdArray> after = m.predictOutputs(
          Dataset.ofArrays(
              List.of(HostArray.ofFloats(java.util.Arrays.copyOfRange(x, cut * 4, N * 4), n, 4)),
              (HostArray) null),
          n);
      double ce = 0;
      double mae = 0;
      for (int k = 0; k < n; k++) {
        int i = cut + k;
        ce -= w[i] * Math.log(Math.max(after.get("weather").getFloat(k, weather[i]), 1e-7)) / n;
        mae += Math.abs(after.get("temp").getFloat(k, 0) - temp[i]) / n;
      }
      assertEquals(ce, h.last("val_weather_loss"), 1e-5, "weighted by the held-out weights");
      assertEquals(mae, h.last("val_temp_loss"), 1e-5, "an output without weights is unweighted");
      assertEquals(mae + 0.5 * ce, h.last("val_loss"), 1e-5);
    }
  }

  @Test
  void validationDataTakesPerOutputWeights() {
    int n = 24;
    float[] wv = new float[n];
    for (int i = 0; i < n; i++) wv[i] = (i % 3) * 0.75f;
    Dataset val = Dataset.ofOutputArrays(
        List.of(HostArray.ofFloats(java.util.Arrays.copyOf(x, n * 4), n, 4)),
        Map.of(
            "temp",
            HostArray.ofFloats(java.util.Arrays.copyOf(temp, n), n),
            "weather",
            HostArray.ofInts(java.util.Arrays.copyOf(weather, n), n)));
    try (Model m = twoHeads(false)) {
      compileTwo(m);
      History h = m.fit(
          data(),
          FitOptions.epochs(1)
              .batchSize(32)
              .verbose(0)
              .validation(val, Map.of("weather", HostArray.ofFloats(wv, n))));
      Map<String, FloatNdArray> after = m.predictOutputs(
          Dataset.ofArrays(
              List.of(HostArray.ofFloats(java.util.Arrays.copyOf(x, n * 4), n, 4)),
              (HostArray) null),
          n);
      double ce = 0;
      double mae = 0;
      for (int i = 0; i < n; i++) {
        ce -= wv[i] * Math.log(Math.max(after.get("weather").getFloat(i, weather[i]), 1e-7)) / n;
        mae += Math.abs(after.get("temp").getFloat(i, 0) - temp[i]) / n;
      }
      assertEquals(ce, h.last("val_weather_loss"), 1e-5);
      assertEquals(mae, h.last("val_temp_loss"), 1e-5);
    }
  }

  @Test
  void anOutputWithoutALossNeedsNoTargetsAndKeepsItsWeights() {
    try (Model m = twoHeads(true)) {
      Map<String, Loss> losses = new LinkedHashMap<>();
      losses.put("temp", Losses.meanSquaredError());
      losses.put("weather", Losses.sparseCategoricalCrossentropy());
      losses.put("aux", null);
      m.compile(Optimizers.adam(0.01), losses, Map.of(), Map.of());
      float[] auxBefore = m.weightValue(m.layer("aux").weights().get(0));
      float[] hiddenBefore = m.weightValue(m.layer("hidden").weights().get(0));
      History h = m.fit(data(), FitOptions.epochs(3).batchSize(32).verbose(0));
      assertEquals(Set.of("loss", "temp_loss", "weather_loss"), h.asMap().keySet());
      assertArrayEquals(auxBefore, m.weightValue(m.layer("aux").weights().get(0)));
      assertFalse(java.util.Arrays.equals(
          hiddenBefore, m.weightValue(m.layer("hidden").weights().get(0))));
      assertEquals(
          3,
          m.predictOutputs(
                  Dataset.ofArrays(List.of(HostArray.ofFloats(x, N, 4)), (HostArray) null), 32)
              .size());
    }
  }

  @Test
  void positionalLossesAndTargetsTrainAsNamedOnes() {
    double[] named;
    try (Model m = twoHeads(false)) {
      Map<String, Loss> losses = new LinkedHashMap<>();
      losses.put("temp", Losses.meanSquaredError());
      losses.put("weather", Losses.sparseCategoricalCrossentropy());
      m.compile(Optimizers.sgd(0.05), losses, Map.of(), Map.of());
      named = m.fit(data(), FitOptions.epochs(2).batchSize(16).verbose(0)).get("loss").stream()
          .mapToDouble(Double::doubleValue)
          .toArray();
    }
    try (Model m = twoHeads(false)) {
      m.compile(
          Optimizers.sgd(0.05),
          List.of(Losses.meanSquaredError(), Losses.sparseCategoricalCrossentropy()));
      Dataset byPosition = Dataset.ofOutputArrays(
          List.of(HostArray.ofFloats(x, N, 4)),
          List.of(HostArray.ofFloats(temp, N), HostArray.ofInts(weather, N)));
      double[] positional =
          m.fit(byPosition, FitOptions.epochs(2).batchSize(16).verbose(0)).get("loss").stream()
              .mapToDouble(Double::doubleValue)
              .toArray();
      assertArrayEquals(named, positional, 1e-7);
    }
  }

  @Test
  void badTargetsAndOptionsSayWhatToDo() {
    try (Model m = twoHeads(false)) {
      compileTwo(m);
      Dataset onlyTemp = Dataset.ofOutputArrays(
          List.of(HostArray.ofFloats(x, N, 4)), Map.of("temp", HostArray.ofFloats(temp, N)));
      var e1 = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(onlyTemp, FitOptions.epochs(1).verbose(0)));
      assertTrue(e1.getMessage().contains("'weather'"), e1.getMessage());
      Dataset wrongName = Dataset.ofOutputArrays(
          List.of(HostArray.ofFloats(x, N, 4)),
          Map.of("tmp", HostArray.ofFloats(temp, N), "weather", HostArray.ofInts(weather, N)));
      var e2 = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(wrongName, FitOptions.epochs(1).verbose(0)));
      assertTrue(
          e2.getMessage().contains("'tmp'") && e2.getMessage().contains("[temp, weather]"),
          e2.getMessage());
      var e3 = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(data(), FitOptions.epochs(1).verbose(0).classWeight(Map.of(0, 2.0))));
      assertTrue(e3.getMessage().contains("ClassWeights.sampleWeights"), e3.getMessage());
      var e4 = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              Dataset.ofArrays(List.of(HostArray.ofFloats(x, N, 4)), HostArray.ofFloats(temp, N)),
              FitOptions.epochs(1).verbose(0)));
      assertTrue(e4.getMessage().contains("one target array per output"), e4.getMessage());
    }
  }

  @Test
  void balancedClassWeightsAreScikitLearns() {
    Map<Integer, Double> w = ClassWeights.balanced(new int[] {0, 0, 0, 1}, 2);
    assertEquals(4 / 6.0, w.get(0), 1e-12);
    assertEquals(2.0, w.get(1), 1e-12);
    HostArray s = ClassWeights.sampleWeights(w, new int[] {1, 0});
    assertEquals(2.0, s.getDouble(0), 1e-6);
    assertEquals(4 / 6.0, s.getDouble(1), 1e-6);
  }
}
