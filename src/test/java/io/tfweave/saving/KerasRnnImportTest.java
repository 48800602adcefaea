package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.layers.Layer;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.recurrent.GRU;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.layers.recurrent.SimpleRNN;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Issue #12, failures 3 and 4: recurrent weights from Keras 3 and tf_keras files saved after {@code fit}
 * ({@code rnn/lstm_cell/kernel}, optimizer slots, metric totals) import strictly and predict as Keras did.
 * Fixtures: tools/make_keras_rnn_fixtures.py.
 */
class KerasRnnImportTest {
  static Path resource(String name) {
    try {
      return Path.of(KerasRnnImportTest.class.getResource("keras_rnn/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Model model(String kind) {
    Layer rnn =
        switch (kind) {
          case "lstm" -> new LSTM(4).named("rnn");
          case "gru" -> new GRU(4).named("rnn");
          default -> new SimpleRNN(4).named("rnn");
        };
    return Sequential.named("r")
        .input(5, 3)
        .add(rnn)
        .add(new Dense(2).named("head"))
        .seed(3)
        .build();
  }

  /** Max |tfweave − Keras| on the fixture's probe input. */
  static double maxDiff(Model m, String kind, String flavour) throws Exception {
    JsonNode p = new ObjectMapper().readTree(resource("probe.json").toFile()).path(kind);
    float[] x = floats(p.path("input"));
    float[] want = floats(p.path(flavour));
    FloatNdArray got = m.predict(NdArrays.wrap(Shape.of(2, 5, 3), DataBuffers.of(x, true, false)));
    float[] g = SavedModelExportTest.flat(got);
    assertEquals(want.length, g.length);
    double d = 0;
    for (int i = 0; i < g.length; i++) d = Math.max(d, Math.abs(g[i] - want[i]));
    return d;
  }

  static float[] floats(JsonNode a) {
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) v[i] = a.get(i).floatValue();
    return v;
  }

  @Test
  void strictImportOfTfweaveCheckpointAfterFitListsItsOptimizerState(@TempDir Path dir) {
    Path prefix;
    try (Model m = SavedModelExportTest.trainedMlp()) {
      prefix = m.saveWeights(dir.resolve("ckpt"));
    }
    try (Model target = Sequential.named("mlp")
        .input(6)
        .add(new Dense(8))
        .add(new Dense(3).named("probs"))
        .build()) {
      ImportReport r = WeightImport.from(prefix).strict(true).into(target);
      assertEquals(4, r.loaded().size(), r.summary());
      assertTrue(r.trainingState().stream().anyMatch(n -> n.startsWith("optimizer/")), r.summary());
    }
  }

  @ParameterizedTest(name = "{0} from {1}")
  @CsvSource({
    "lstm, lstm_keras3_ckpt, keras3",
    "lstm, lstm_keras3_savedmodel, keras3",
    "lstm, lstm_tf_keras, tf_keras",
    "gru, gru_keras3_ckpt, keras3",
    "gru, gru_tf_keras, tf_keras",
    "simple_rnn, simple_rnn_keras3_ckpt, keras3",
    "simple_rnn, simple_rnn_tf_keras, tf_keras"
  })
  void strictImportOfTrainedKerasRnnPredictsAsKeras(String kind, String file, String flavour)
      throws Exception {
    Path src = file.endsWith("_ckpt") ? resource(file).resolve("ckpt") : resource(file);
    try (Model m = model(kind)) {
      ImportReport r = WeightImport.from(src).strict(true).into(m);
      assertEquals(
          List.of("rnn/kernel", "rnn/recurrent_kernel", "rnn/bias", "head/kernel", "head/bias"),
          r.loaded(),
          r.summary());
      assertTrue(r.complete(), r.summary());
      assertEquals(List.of(), r.unused(), r.summary());
      // Adam's iteration, learning rate and two slots per weight, and (tf_keras with traces) the
      // metric totals and counts
      int expectState = 2 + 2 * 5 + (file.equals("simple_rnn_tf_keras") ? 4 : 0);
      assertEquals(expectState, r.trainingState().size(), r.summary());
      assertTrue(r.summary().contains("ignored training state"), r.summary());
      assertTrue(
          r.trainingState().stream().anyMatch(n -> n.endsWith("learning_rate")), r.summary());
      assertTrue(
          r.trainingState().stream().anyMatch(n -> n.matches("(?i)adam(_[0-9]+)?/.*")),
          r.summary());
      double d = maxDiff(m, kind, flavour);
      System.out.printf("%s from %s: max |tfweave - Keras| = %.3g%n", kind, file, d);
      assertTrue(d <= 1e-5, kind + " from " + file + ": max diff " + d);
    }
  }
}
