package io.tfweave.saving;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.formats.SavedModelInfo;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

class SavedModelExportTest {
  @TempDir
  Path dir;

  static Dataset blobs(int n, int features, int classes, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * features];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(classes);
      y[i] = c;
      for (int j = 0; j < features; j++)
        x[i * features + j] = (float) (r.nextGaussian() * 0.5 + (j % classes == c ? 2 : 0));
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, features)), HostArray.ofFloats(y, n));
  }

  static Model trainedMlp() {
    Model m = Sequential.named("mlp")
        .input(6)
        .add(new Dense(8).activation(RELU))
        .add(new Dropout(0.5))
        .add(new Dense(3).activation(SOFTMAX).named("probs"))
        .seed(7)
        .build();
    m.compile(Optimizers.adam(1e-2), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
    m.fit(blobs(64, 6, 3, 1), FitOptions.epochs(2).batchSize(16).verbose(0));
    return m;
  }

  static float[] flat(FloatNdArray a) {
    float[] v = new float[(int) a.shape().size()];
    a.copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  @Test
  void exportsServingSignatureAndOnlyTheInferenceGraph() throws Exception {
    try (Model m = trainedMlp()) {
      Path out = m.export(dir.resolve("mlp"));
      SavedModelInfo info = SavedModelInfo.read(out);
      assertEquals(java.util.Set.of("serve"), info.tags());
      SavedModelInfo.SignatureInfo sig = info.signatures().get("serving_default");
      assertEquals("tensorflow/serving/predict", sig.methodName());
      assertEquals("input_layer", sig.inputs().get(0).key());
      assertEquals(-1, sig.inputs().get(0).shape().get(0));
      assertEquals("probs", sig.outputs().get(0).key());
      assertEquals(
          List.of(-1L, 3L),
          java.util.Arrays.stream(sig.outputs().get(0).shape().asArray())
              .boxed()
              .toList());
      List<String> vars = info.variables().stream()
          .map(SavedModelInfo.VariableInfo::name)
          .sorted()
          .toList();
      assertEquals(List.of("dense/bias", "dense/kernel", "probs/bias", "probs/kernel"), vars);
      Map<String, Integer> ops = info.opTypeCounts();
      assertFalse(
          ops.containsKey("RandomUniform"), "dropout must not be exported: " + ops.keySet());
      assertFalse(ops.containsKey("ApplyAdam"), ops.keySet().toString());
      assertTrue(Files.isRegularFile(out.resolve("assets/model.json")));
      Map<String, Object> json = SavedModelLoader.readModelJson(out);
      Map<String, Object> prov = SavedModelLoader.provenance(json);
      assertEquals(7, ((Number) prov.get("seed")).intValue());
      assertEquals(2, ((Number) prov.get("epochs_trained")).intValue());
      assertEquals("sparse_categorical_crossentropy", prov.get("loss"));
      assertEquals("Adam", ((Map<?, ?>) prov.get("optimizer")).get("name"));
      assertTrue(((Map<?, ?>) prov.get("last_metrics")).containsKey("accuracy"));
      try (Stream<Path> s = Files.list(dir)) {
        assertEquals(
            List.of("mlp"),
            s.map(p -> p.getFileName().toString()).toList(),
            "no staging leftovers");
      }
    }
  }

  @Test
  void freshJvmServingMatchesPredict() throws Exception {
    try (Model m = trainedMlp()) {
      Path out = m.export(dir.resolve("models/mlp"), 3);
      assertEquals(dir.resolve("models/mlp/3").toAbsolutePath(), out);
      float[] x = blobs(5, 6, 3, 9).inputs().get(0).floats();
      Path in = dir.resolve("x.bin");
      Path res = dir.resolve("y.bin");
      ServingCheckMain.write(in, new long[] {5, 6}, x);
      String log = ServingCheckMain.runFresh(
          out.toString(), "input_layer", in.toString(), "probs", res.toString());
      assertTrue(log.contains("method=tensorflow/serving/predict"), log);
      float[] served = ServingCheckMain.readValues(res);
      float[] expected = flat(m.predict(org.tensorflow.ndarray.NdArrays.wrap(
          org.tensorflow.ndarray.Shape.of(5, 6), DataBuffers.of(x, true, false))));
      assertEquals(expected.length, served.length);
      for (int i = 0; i < expected.length; i++)
        assertEquals(expected[i], served[i], 1e-6, "output " + i);
    }
  }

  @Test
  void versionsAndOverwriteAreAtomic() throws java.io.IOException {
    try (Model m = trainedMlp()) {
      Path base = dir.resolve("serving/mlp");
      assertEquals(1, SavedModelExporter.nextVersion(base));
      m.export(base, 1);
      assertEquals(2, SavedModelExporter.nextVersion(base));
      var e = assertThrows(IllegalArgumentException.class, () -> m.export(base, 1));
      assertTrue(e.getMessage().contains("already exists"), e.getMessage());
      SavedModelExporter.exportVersion(
          m, base, 1, ExportOptions.defaults().overwrite(true).metadata("note", "again"));
      assertEquals(
          "again",
          ((Map<?, ?>)
                  SavedModelLoader.provenance(SavedModelLoader.readModelJson(base.resolve("1")))
                      .get("metadata"))
              .get("note"));
      var bad = assertThrows(IllegalArgumentException.class, () -> m.export(base, 0));
      assertTrue(bad.getMessage().contains("version=0"), bad.getMessage());
      // the overwritten version is a link to one hidden sibling; nothing else is left behind
      String[] names = base.toFile().list();
      java.util.Arrays.sort(names);
      assertEquals(2, names.length, java.util.Arrays.toString(names));
      assertEquals("1", names[1].equals("1") ? names[1] : names[0]);
      assertTrue(java.nio.file.Files.isSymbolicLink(base.resolve("1")));
      assertEquals(
          base.resolve("1").toRealPath().getFileName().toString(),
          names[0].equals("1") ? names[1] : names[0]);
    }
  }
}
