package io.tfweave.training;

import static io.tfweave.activations.Activation.SOFTMAX;
import static io.tfweave.activations.Activation.TANH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras 3's weighted validation (tools/make_validation_weight_fixtures.py): the same tiny models, from the same initial
 * weights, fitted for two epochs without shuffling log the same values, every {@code val_} one included, to 1e-5.
 */
class KerasValidationWeightFixtureTest {
  static JsonNode fixture() throws IOException {
    try (InputStream in = KerasValidationWeightFixtureTest.class.getResourceAsStream(
        "/io/tfweave/training/keras_validation_weights.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static float[] floats(JsonNode n) {
    List<Float> out = new ArrayList<>();
    flatten(n, out);
    float[] f = new float[out.size()];
    for (int i = 0; i < f.length; i++) f[i] = out.get(i);
    return f;
  }

  private static void flatten(JsonNode n, List<Float> out) {
    if (n.isArray()) for (JsonNode c : n) flatten(c, out);
    else out.add((float) n.asDouble());
  }

  static void setWeights(Model m, JsonNode weights) {
    List<FloatNdArray> current = m.getWeights();
    List<FloatNdArray> values = new ArrayList<>();
    for (int i = 0; i < current.size(); i++) {
      Shape s = current.get(i).shape();
      float[] v = floats(weights.get(i));
      assertEquals(s.size(), v.length, "weight " + i);
      values.add(NdArrays.wrap(s, DataBuffers.of(v, false, false)));
    }
    m.setWeights(values);
  }

  static Model dense(int units, boolean softmax) {
    Dense d = new Dense(units);
    return Sequential.named("m")
        .input(2)
        .add(softmax ? d.activation(SOFTMAX) : d)
        .seed(1)
        .build();
  }

  /** Every value Keras logged, epoch by epoch, equals ours; the {@code val_} keys are all there. */
  static void assertSameHistory(String name, JsonNode keras, History h, String... skip) {
    int vals = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = keras.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (Arrays.asList(skip).contains(e.getKey())) continue;
      List<Double> ours = h.get(e.getKey());
      assertTrue(
          ours != null, name + ": no '" + e.getKey() + "' in " + h.asMap().keySet());
      for (int ep = 0; ep < e.getValue().size(); ep++) {
        assertEquals(
            e.getValue().get(ep).asDouble(),
            ours.get(ep),
            1e-5,
            name + ": " + e.getKey() + " of epoch " + ep);
      }
      if (e.getKey().startsWith("val_")) vals++;
    }
    assertTrue(vals >= 2, name + " compares validation values");
  }

  @Test
  void singleOutputValidationMatchesKeras() throws IOException {
    JsonNode f = fixture();
    float[] x = floats(f.get("x"));
    int n = x.length / 2;
    HostArray xs = HostArray.ofFloats(x, n, 2);
    HostArray w = HostArray.ofFloats(floats(f.get("w")), n);
    Dataset classes = Dataset.ofArrays(List.of(xs), HostArray.ofFloats(floats(f.get("y")), n));
    Dataset temps = Dataset.ofArrays(List.of(xs), HostArray.ofFloats(floats(f.get("t")), n, 1));
    JsonNode cases = f.get("cases");
    FitOptions base = FitOptions.epochs(2).batchSize(4).shuffle(false).verbose(0);

    JsonNode c = cases.get("split_sample_weight");
    try (Model m = dense(3, true)) {
      setWeights(m, c.get("weights"));
      m.compile(
          Optimizers.sgd(0.1),
          Losses.sparseCategoricalCrossentropy(),
          List.of(Metrics.accuracy()),
          List.of(Metrics.accuracy()));
      assertSameHistory(
          "split",
          c.get("history"),
          m.fit(classes, copy(base).validationSplit(0.5).sampleWeight(w)));
    }
    c = cases.get("split_class_weight");
    try (Model m = dense(3, true)) {
      setWeights(m, c.get("weights"));
      m.compile(
          Optimizers.sgd(0.1),
          Losses.sparseCategoricalCrossentropy(),
          List.of(Metrics.accuracy()),
          List.of(Metrics.accuracy()));
      assertSameHistory(
          "class weights",
          c.get("history"),
          m.fit(classes, copy(base).validationSplit(0.5).classWeight(Map.of(0, 5.0, 2, 0.25))));
    }
    c = cases.get("split_sample_weight_regression");
    try (Model m = dense(1, false)) {
      setWeights(m, c.get("weights"));
      m.compile(
          Optimizers.sgd(0.05), Losses.meanSquaredError(), List.of(), List.of(Metrics.get("mae")));
      assertSameHistory(
          "regression",
          c.get("history"),
          m.fit(temps, copy(base).validationSplit(0.25).sampleWeight(w)));
    }
    c = cases.get("validation_data_with_weights");
    try (Model m = dense(1, false)) {
      setWeights(m, c.get("weights"));
      m.compile(
          Optimizers.sgd(0.05), Losses.meanSquaredError(), List.of(), List.of(Metrics.get("mae")));
      float[] t = floats(f.get("t"));
      Dataset train = Dataset.ofArrays(
          List.of(HostArray.ofFloats(Arrays.copyOf(x, 16), 8, 2)),
          HostArray.ofFloats(Arrays.copyOf(t, 8), 8, 1));
      Dataset val = Dataset.ofArrays(
          List.of(HostArray.ofFloats(Arrays.copyOfRange(x, 16, 2 * n), n - 8, 2)),
          HostArray.ofFloats(Arrays.copyOfRange(t, 8, n), n - 8, 1));
      assertSameHistory(
          "validation data",
          c.get("history"),
          m.fit(
              train,
              copy(base)
                  .sampleWeight(w.slice(0, 8))
                  .validation(val, HostArray.ofFloats(floats(c.get("val_weight")), n - 8))));
    }
  }

  @Test
  void twoOutputValidationMatchesKeras() throws IOException {
    JsonNode f = fixture();
    float[] x = floats(f.get("x"));
    int n = x.length / 2;
    JsonNode c = f.get("cases").get("two_outputs_split");
    SymbolicTensor in = Input.of(2);
    SymbolicTensor h = new Dense(4).activation(TANH).named("hidden").apply(in);
    SymbolicTensor temp = new Dense(1).named("temp").apply(h);
    SymbolicTensor weather = new Dense(3).activation(SOFTMAX).named("weather").apply(h);
    try (Model m = Model.of(List.of(in), List.of(temp, weather)).seed(1)) {
      setWeights(m, c.get("weights"));
      Map<String, Loss> losses = new LinkedHashMap<>();
      losses.put("temp", Losses.meanAbsoluteError());
      losses.put("weather", Losses.sparseCategoricalCrossentropy());
      m.compile(
          Optimizers.sgd(0.1),
          losses,
          Map.of("temp", 1.0, "weather", 0.5),
          Map.of(),
          Map.of(
              "temp", List.<Metric>of(Metrics.get("mae")),
              "weather", List.<Metric>of(Metrics.get("accuracy"))));
      float[] ones = new float[n];
      Arrays.fill(ones, 1f);
      History hist = m.fit(
          Dataset.ofOutputArrays(
              List.of(HostArray.ofFloats(x, n, 2)),
              Map.of(
                  "temp", HostArray.ofFloats(floats(f.get("t")), n, 1),
                  "weather", HostArray.ofFloats(floats(f.get("y")), n))),
          FitOptions.epochs(2)
              .batchSize(4)
              .shuffle(false)
              .verbose(0)
              .validationSplit(0.25)
              .sampleWeight(Map.of(
                  "temp",
                  HostArray.ofFloats(ones, n),
                  "weather",
                  HostArray.ofFloats(floats(f.get("w")), n))));
      // Keras's training <output>_loss trackers weigh each batch by its static batch size, unknown
      // (None) in the
      // traced step, so they average the batches unweighted (its total loss uses the dynamic size);
      // with a partial
      // last batch they differ from the per-sample mean that tfweave logs. Validation is one batch
      // here.
      assertSameHistory("two outputs", c.get("history"), hist, "temp_loss", "weather_loss");
    }
  }

  private static FitOptions copy(FitOptions o) {
    return FitOptions.epochs(o.epochs())
        .batchSize(o.batchSize())
        .shuffle(o.shuffle())
        .verbose(0);
  }
}
