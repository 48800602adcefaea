package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.models.Model;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keras 3 {@code .keras} files (tools/check_keras_weights.py fixtures) rebuild in tfweave and predict as Keras. */
class KerasModelFileTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn", "lstm", "text", "residual", "birnn"})
  void kerasModelFileRebuildsAndPredictsAsKeras(String kind) throws Exception {
    JsonNode p = new ObjectMapper()
        .readTree(KerasWeightsH5Test.fixture("probe.json").toFile())
        .path(kind);
    try (Model m = Model.load(KerasWeightsH5Test.fixture(kind + ".keras"))) {
      float[] got = SavedModelExportTest.flat(m.predict(KerasWeightsH5Test.input(p)));
      float[] want = KerasRnnImportTest.floats(p.path("output"));
      assertEquals(want.length, got.length);
      double d = 0;
      for (int i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
      System.out.printf("%s: Keras .keras -> tfweave Model.load: max |diff| = %.3g%n", kind, d);
      assertTrue(d <= 1e-5, kind + ": max diff " + d);
    }
  }

  /** A copy of a fixture whose config.json went through {@code edit}. */
  private Path edited(String kind, java.util.function.UnaryOperator<String> edit) throws Exception {
    Path out = dir.resolve(kind + "_edited.keras");
    try (ZipFile in = new ZipFile(KerasWeightsH5Test.fixture(kind + ".keras").toFile());
        OutputStream os = Files.newOutputStream(out);
        ZipOutputStream zo = new ZipOutputStream(os)) {
      for (ZipEntry e : java.util.Collections.list(in.entries())) {
        byte[] b = in.getInputStream(e).readAllBytes();
        if (e.getName().equals("config.json")) {
          b = edit.apply(new String(b, java.nio.charset.StandardCharsets.UTF_8))
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        zo.putNextEntry(new ZipEntry(e.getName()));
        zo.write(b);
        zo.closeEntry();
      }
    }
    return out;
  }

  @Test
  void unsupportedOptionsAreListedByLayer() throws Exception {
    Path bad = edited("cnn", s -> s.replace("\"renorm\": false", "\"renorm\": true")
        .replace(
            "\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\", \"trainable\": true,",
            "\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\", \"trainable\": true,"
                + " \"future_option\": 3,"));
    var e = assertThrows(IllegalArgumentException.class, () -> Model.load(bad));
    assertTrue(
        e.getMessage()
            .contains("layer 'batch_normalization' (BatchNormalization) option renorm=true"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("layer 'flatten' (Flatten) option future_option=3"),
        e.getMessage());
    Path unknown = edited(
        "mlp", s -> s.replace("\"class_name\": \"Dense\"", "\"class_name\": \"EinsumDense\""));
    var u = assertThrows(IllegalArgumentException.class, () -> Model.load(unknown));
    assertTrue(u.getMessage().contains("Unknown layer class 'EinsumDense'"), u.getMessage());
    // a backward layer that is not the forward one's mirror (Keras allows it; tfweave's
    // Bidirectional does not)
    Path lopsided = edited("birnn", s -> {
      int at = s.lastIndexOf("\"unit_forget_bias\": true");
      return s.substring(0, at) + "\"unit_forget_bias\": false" + s.substring(at + 24);
    });
    var b = assertThrows(IllegalArgumentException.class, () -> Model.load(lopsided));
    assertTrue(
        b.getMessage().contains("layer 'bidirectional' (Bidirectional) option backward_layer="),
        b.getMessage());
    var w =
        assertThrows(IllegalArgumentException.class, () -> Model.load(dir.resolve("absent.keras")));
    assertTrue(w.getMessage().contains("does not exist"), w.getMessage());
  }

  @Test
  void tfweaveKerasFileLoadsBackWithTheSameWeights() throws Exception {
    for (String kind : KerasWeightsH5Test.KINDS) {
      Path file = dir.resolve(kind + ".keras");
      try (Model a = KerasWeightsH5Test.model(kind, 7)) {
        assertEquals(file.toAbsolutePath(), a.save(file));
        try (ZipFile zip = new ZipFile(file.toFile())) {
          for (String e : new String[] {"config.json", "metadata.json", "model.weights.h5"})
            assertTrue(zip.getEntry(e) != null, kind + ": " + e);
          if (kind.equals(
              "birnn")) { // Keras's wrapper form: layer and backward_layer as Keras objects
            JsonNode bi = new ObjectMapper()
                .readTree(zip.getInputStream(zip.getEntry("config.json")))
                .at("/config/layers/1/config");
            assertEquals("keras.layers", bi.at("/layer/module").asText(), bi.toString());
            assertEquals(false, bi.at("/layer/config/go_backwards").asBoolean(), bi.toString());
            assertEquals(true, bi.at("/backward_layer/config/go_backwards").asBoolean());
            assertEquals("backward_lstm", bi.at("/backward_layer/config/name").asText());
          }
        }
        try (Model b = Model.load(file)) {
          assertEquals(a.className(), b.className());
          assertEquals(a.weights().size(), b.weights().size());
          for (int i = 0; i < a.weights().size(); i++) {
            assertEquals(a.weights().get(i).path(), b.weights().get(i).path());
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                SavedModelExportTest.flat(a.getWeights().get(i)),
                SavedModelExportTest.flat(b.getWeights().get(i)));
          }
        }
      }
    }
  }

  @Test
  void layersKerasDoesNotHaveAreRefused() {
    try (Model q = io.tfweave.models.Sequential.named("q")
        .input(4)
        .add(new io.tfweave.layers.quadratic.QuadraticDense(3))
        .build()) {
      var e = assertThrows(IllegalArgumentException.class, () -> q.save(dir.resolve("q.keras")));
      assertTrue(
          e.getMessage()
              .contains("Keras has no layer class for ['quadratic_dense' (QuadraticDense)]"),
          e.getMessage());
    }
  }

  @Test
  void kerasModelFineTunesInTfweave() throws Exception {
    // the Keras-written residual model, trained further on a target it can fit: the loss falls
    try (Model m = Model.load(KerasWeightsH5Test.fixture("residual.keras"))) {
      java.util.Random r = new java.util.Random(5);
      int n = 64;
      float[] x = new float[n * 6];
      float[] y = new float[n * 2];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < 6; j++) x[i * 6 + j] = (float) r.nextGaussian();
        y[i * 2] = x[i * 6] - x[i * 6 + 1];
        y[i * 2 + 1] = 0.5f * x[i * 6 + 2];
      }
      m.compile(
          io.tfweave.optimizers.Optimizers.adam(1e-2), io.tfweave.losses.Losses.meanSquaredError());
      var h = m.fit(
          org.tensorflow.ndarray.NdArrays.wrap(
              org.tensorflow.ndarray.Shape.of(n, 6),
              org.tensorflow.ndarray.buffer.DataBuffers.of(x, true, false)),
          org.tensorflow.ndarray.NdArrays.wrap(
              org.tensorflow.ndarray.Shape.of(n, 2),
              org.tensorflow.ndarray.buffer.DataBuffers.of(y, true, false)),
          io.tfweave.training.FitOptions.epochs(20).batchSize(16).verbose(0));
      java.util.List<Double> loss = h.get("loss");
      System.out.printf(
          "residual .keras fine-tuned in tfweave: loss %.4f -> %.4f%n", loss.get(0), loss.get(19));
      assertTrue(loss.get(19) < 0.5 * loss.get(0), "loss " + loss);
    }
  }
}
