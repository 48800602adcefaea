package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.Dataset;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** {@link SavedModelLayer} on a real Keras 3 {@code model.export} (a TF2 SavedModel with captured resource variables). */
class SavedModelLayerTf2Test {
  @TempDir
  Path dir;

  private static JsonNode fixture() throws IOException {
    return new ObjectMapper()
        .readTree(KerasWeightMapTest.resource("keras3_export")
            .resolveSibling("weights.json")
            .toFile());
  }

  private static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) f[i] = (float) a.get(i).asDouble();
    return f;
  }

  @Test
  void keras3ExportRunsAsFrozenLayerAndMatchesKeras() throws IOException {
    JsonNode probe = fixture().path("probe");
    float[] input = floats(probe.path("input"));
    float[] expected = floats(probe.path("output"));
    SavedModelLayer layer = new SavedModelLayer(KerasWeightMapTest.resource("keras3_export"));
    assertEquals(List.of("keras_tensor_7"), layer.inputKeys());
    assertEquals(List.of("output_0"), layer.outputKeys());
    try (Model m = Sequential.named("wrapped").input(8, 8, 3).add(layer).build()) {
      assertEquals(14, layer.weights().size());
      assertEquals(0, m.trainableWeights().size());
      // the captured variables carry their Keras names and the checkpoint's values
      JsonNode keras = fixture().path("weights").path("keras3");
      keras.fieldNames().forEachRemaining(n -> {
        List<Weight> match = layer.weights().stream()
            .filter(w -> ("/" + w.name()).endsWith("/" + n))
            .toList();
        assertEquals(1, match.size(), n + " in " + layer.weights());
        assertArrayEquals(floats(keras.path(n).path("values")), m.weightValue(match.get(0)), n);
      });
      float[] got = SavedModelExportTest.flat(m.predict(NdArrays.wrap(
          Shape.of(2, 8, 8, 3), org.tensorflow.ndarray.buffer.DataBuffers.of(input))));
      assertEquals(6, got.length);
      for (int i = 0; i < 6; i++) assertEquals(expected[i], got[i], 1e-5, "output " + i);
    }
  }

  @Test
  void trainableHeadOnTf2FeatureExtractorTrainsExportsAndReloads() {
    int n = 64;
    SplittableRandom rng = new SplittableRandom(7);
    float[] x = new float[n * 8 * 8 * 3];
    for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
    float[] y = new float[n * 2];
    for (int i = 0; i < n; i++) {
      y[2 * i] = x[i * 192] + x[i * 192 + 5];
      y[2 * i + 1] = x[i * 192 + 100] - 0.5f;
    }
    Dataset data = Dataset.of(
        NdArrays.wrap(Shape.of(n, 8, 8, 3), org.tensorflow.ndarray.buffer.DataBuffers.of(x)),
        NdArrays.wrap(Shape.of(n, 2), org.tensorflow.ndarray.buffer.DataBuffers.of(y)));
    SymbolicTensor in = Input.of(8, 8, 3);
    SavedModelLayer base = new SavedModelLayer(KerasWeightMapTest.resource("keras3_export"));
    base.named("base");
    SymbolicTensor out = new Dense(2).named("head").apply(base.apply(in));
    Path exported;
    float[] preds;
    try (Model m = Model.of(in, out).named("transfer").seed(3)) {
      List<float[]> frozen = base.weights().stream().map(m::weightValue).toList();
      assertEquals(2, m.trainableWeights().size());
      m.compile(Optimizers.adam(0.02), Losses.meanSquaredError());
      History h = m.fit(data, FitOptions.epochs(20).batchSize(16).verbose(0));
      List<Double> loss = h.get("loss");
      assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss falls: " + loss);
      for (int i = 0; i < frozen.size(); i++) {
        assertArrayEquals(
            frozen.get(i),
            m.weightValue(base.weights().get(i)),
            base.weights().get(i).name());
      }
      preds = SavedModelExportTest.flat(m.predict(data));
      exported = m.export(dir.resolve("transfer"));
    }
    try (Model back = Model.load(exported)) {
      float[] again = SavedModelExportTest.flat(back.predict(data));
      for (int i = 0; i < preds.length; i++) assertEquals(preds[i], again[i], 1e-5);
    }
  }
}
