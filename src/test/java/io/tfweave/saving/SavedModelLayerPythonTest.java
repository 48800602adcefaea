package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.Dataset;
import io.tfweave.models.Model;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Keras saves, tfweave wraps, tfweave exports, Python loads (issue #12, failure 5): tools/make_savedmodel_layer_fixtures.py
 * writes fresh Keras exports (int32 and int64 Embedding models, a tf_keras Embedding model with ResourceGather, an LSTM
 * with While); each is wrapped as a {@link SavedModelLayer} under a Dense head and must predict like Keras (≤ 1e-5); the
 * tfweave export of that model must load with Python's {@code tf.saved_model.load} and the TF1 session loader and give
 * the same outputs (tools/check_savedmodel_layer_export.py). Runs when {@code TFWEAVE_PYTHON} (default {@code python3})
 * imports TensorFlow and Keras; skipped with a message otherwise.
 */
class SavedModelLayerPythonTest {
  @TempDir
  Path dir;

  private static String run(long timeoutSeconds, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(KerasWeightsH5PythonTest.python()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "the script finishes");
    String shown = String.join(
        "\n",
        out.lines()
            .filter(l -> !l.matches("^\\d{4}-\\d\\d-\\d\\d .*|^WARNING.*"))
            .toList());
    System.out.println(shown);
    assertEquals(0, p.exitValue(), shown);
    return shown;
  }

  @Test
  void kerasExportsWrapPredictExportAndLoadInPython() throws Exception {
    assumeTrue(
        KerasWeightsH5PythonTest.kerasImportable(),
        "Python TensorFlow/Keras not importable with " + KerasWeightsH5PythonTest.python()
            + ": skipping the SavedModelLayer round trip (set TFWEAVE_PYTHON to a venv's python)");
    Path keras = dir.resolve("keras");
    run(
        300,
        Path.of("tools/make_savedmodel_layer_fixtures.py").toAbsolutePath().toString(),
        keras.toString());
    List<Map<String, Object>> cases = new ArrayList<>();
    List<String> names = new ArrayList<>(List.of(SavedModelLayerKerasTest.CASES));
    names.add("cnn"); // the committed MobileNetV2-like export of tools/make_keras_savedmodel.py
    names.add("text_int32_tuned");
    for (String name : names) {
      boolean tuned = name.endsWith("_tuned");
      String source = tuned ? name.substring(0, name.length() - "_tuned".length()) : name;
      JsonNode p = source.equals("cnn")
          ? SavedModelLayerKerasTest.probe("cnn")
          : SavedModelLayerKerasTest.probe(keras, source);
      Path wrapped =
          source.equals("cnn") ? SavedModelLayerKerasTest.fixture("cnn") : keras.resolve(source);
      try (Model m = SavedModelLayerKerasTest.wrapping(wrapped, name, p)) {
        if (tuned) {
          // fine-tune the wrapped Embedding model (both outputs get targets), then export the tuned
          // weights
          m.layer("base").setTrainable(true);
          long n = SavedModelLayerKerasTest.inputShape(p)[0];
          m.compile(
              io.tfweave.optimizers.Optimizers.sgd(0.5),
              io.tfweave.losses.Losses.meanSquaredError());
          m.fit(
              Dataset.ofOutputs(
                  SavedModelLayerKerasTest.input(p),
                  Map.of(
                      "base",
                      NdArrays.ofFloats(Shape.of(n, 3)),
                      "head",
                      NdArrays.ofFloats(Shape.of(n, 2)))),
              io.tfweave.training.FitOptions.epochs(3).batchSize(8).verbose(0));
        }
        List<FloatNdArray> pred = m.predictAll(
            Dataset.of(
                SavedModelLayerKerasTest.input(p),
                NdArrays.ofFloats(Shape.of(SavedModelLayerKerasTest.inputShape(p)[0], 2))),
            8);
        float[] base = SavedModelExportTest.flat(pred.get(0));
        double worst = SavedModelLayerKerasTest.maxDiff(
            SavedModelLayerKerasTest.floats(p.path("output")), base);
        System.out.printf(
            "%s: SavedModelLayer on the Keras export vs Keras max |diff| = %.3e%n", name, worst);
        if (tuned) assertTrue(worst > 1e-3, "fine-tuning moved the wrapped model: " + worst);
        else assertTrue(worst <= 1e-5, name + ": " + worst);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("export", m.export(dir.resolve("tfweave_" + name)).toString());
        c.put("wrapped", wrapped.toString());
        c.put("input", SavedModelLayerKerasTest.floats(p.path("input")));
        c.put("input_shape", SavedModelLayerKerasTest.inputShape(p));
        c.put("outputs", Map.of("base", base, "head", SavedModelExportTest.flat(pred.get(1))));
        c.put(
            "wrapped_output", tuned ? null : "base"); // a tuned model no longer matches its source
        cases.add(c);
      }
    }
    Path json = dir.resolve("cases.json");
    new ObjectMapper().writeValue(json.toFile(), cases);
    String out = run(
        300,
        Path.of("tools/check_savedmodel_layer_export.py").toAbsolutePath().toString(),
        json.toString());
    assertTrue(out.endsWith("OK"), out);
  }
}
