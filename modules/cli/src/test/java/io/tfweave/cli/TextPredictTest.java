package io.tfweave.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.activations.Activation;
import io.tfweave.graph.DType;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.pooling.GlobalAveragePooling1D;
import io.tfweave.layers.preprocessing.TextVectorization;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/** {@code tfweave predict} on a model exported with a string input, queried with raw text in TF Serving's JSON. */
class TextPredictTest {
  static final String[] TRAIN = {
    "a great film", "great acting, loved it", "loved the music", "superb and great",
    "an awful film", "awful acting, hated it", "hated the music", "dull and awful"
  };
  static final int[] LABELS = {1, 1, 1, 1, 0, 0, 0, 0};

  @TempDir
  Path dir;

  @Test
  void predictTakesRawTextInstancesAndColumns() throws Exception {
    TextVectorization tv = new TextVectorization().outputSequenceLength(6).adapt(TRAIN);
    try (Model m = Sequential.named("text")
        .input(DType.STRING)
        .add(tv)
        .add(new Embedding(tv.vocabularySize(), 8))
        .add(new GlobalAveragePooling1D())
        .add(new Dense(1).activation(Activation.SIGMOID))
        .build()
        .seed(1)) {
      m.compile(Optimizers.adam(0.05), Losses.binaryCrossentropy(), Metrics.accuracy());
      m.fit(TRAIN, LABELS, FitOptions.epochs(30).batchSize(4).verbose(0));
      Path model = m.export(dir.resolve("text"), 1);
      String[] probes = {"What a GREAT film!", "awful, dull music", "unknown words only"};
      FloatNdArray expected = m.predict(probes);
      assertTrue(expected.getFloat(0, 0) > 0.5f && expected.getFloat(1, 0) < 0.5f);
      Path request = dir.resolve("request.json");
      Files.writeString(
          request, new ObjectMapper().writeValueAsString(java.util.Map.of("instances", probes)));
      CliRun r = CliRun.of("predict", model.toString(), "--input", request.toString());
      assertEquals(0, r.code(), r::toString);
      JsonNode p = new ObjectMapper().readTree(r.out()).get("predictions");
      assertEquals(probes.length, p.size(), r::toString);
      for (int i = 0; i < probes.length; i++)
        assertEquals(expected.getFloat(i, 0), p.get(i).get(0).floatValue(), 1e-6, "text " + i);
      // columnar form, named input
      String key = m.inputs().get(0).layer().name();
      Files.writeString(request, "{\"inputs\": {\"" + key + "\": [\"" + probes[1] + "\"]}}");
      r = CliRun.of("predict", model.toString(), "--input", request.toString());
      assertEquals(0, r.code(), r::toString);
      JsonNode o = new ObjectMapper().readTree(r.out()).get("outputs");
      assertEquals(expected.getFloat(1, 0), o.get(0).get(0).floatValue(), 1e-6, r::toString);
      // numbers for the string input fail naming it
      Files.writeString(request, "{\"instances\": [1.0, 2.0]}");
      r = CliRun.of("predict", model.toString(), "--input", request.toString());
      assertNotEquals(0, r.code());
      assertTrue(
          r.out()
              .contains(
                  "{\"error\":\"JSON Value: 1.0 Type: Number is not of expected type: string\"}"),
          r::toString);
    }
  }
}
