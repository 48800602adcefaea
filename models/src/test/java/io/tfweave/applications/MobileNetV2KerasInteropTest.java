package io.tfweave.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.models.Model;
import io.tfweave.saving.ImportReport;
import io.tfweave.saving.WeightImport;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's MobileNetV2 (alpha 0.35, 32×32×3, 10 classes, seeded random weights, randomised BatchNorm statistics) written by
 * {@code tools/keras_mobilenet_export.py}: its weights load by name into tfweave's MobileNetV2, which then reproduces
 * Keras's pooled features and class probabilities to 1e-4. The committed fixture is the TF2 object-based checkpoint
 * (1.7 MB); set {@code -Dtfweave.keras.mobilenet=<dir>} to a full output directory of the script to check its
 * {@code savedmodel/} (Keras 3 {@code model.export}) and {@code tf_saved_model/} SavedModels too.
 */
class MobileNetV2KerasInteropTest {
  private static final double TOLERANCE = 1e-4;

  private static Path fixture() throws Exception {
    URL ref = MobileNetV2KerasInteropTest.class.getResource("keras_mobilenet_v2/reference.json");
    Assumptions.assumeTrue(
        ref != null,
        "Keras MobileNetV2 fixture absent: run tools/keras_mobilenet_export.py OUT and copy "
            + "OUT/checkpoint/ckpt.* and OUT/reference.json to src/test/resources/io/tfweave/applications/keras_mobilenet_v2/");
    return Path.of(ref.toURI()).getParent();
  }

  @Test
  void keras3CheckpointReproducesKerasOutputs() throws Exception {
    Path dir = fixture();
    check(
        dir.resolve("ckpt"),
        new ObjectMapper().readTree(dir.resolve("reference.json").toFile()));
  }

  @Test
  void keras3SavedModelsWhenAvailable() throws Exception {
    String full = System.getProperty("tfweave.keras.mobilenet");
    Assumptions.assumeTrue(
        full != null,
        "set -Dtfweave.keras.mobilenet=<output dir of tools/keras_mobilenet_export.py>");
    JsonNode ref = new ObjectMapper().readTree(Path.of(full, "reference.json").toFile());
    for (String sub : List.of("savedmodel", "tf_saved_model", "checkpoint/ckpt")) {
      Path p = Path.of(full, sub);
      if (Files.exists(p) || Files.exists(Path.of(p + ".index"))) check(p, ref);
    }
  }

  private static void check(Path source, JsonNode ref) {
    JsonNode cfg = ref.path("config");
    int size = cfg.path("size").asInt();
    try (Model m = MobileNetV2.builder()
        .alpha(cfg.path("alpha").asDouble())
        .inputShape(size, size, 3)
        .classes(cfg.path("classes").asInt())
        .build()) {
      ImportReport r = WeightImport.from(source).strict(true).into(m);
      assertEquals(262, r.loaded().size(), r.summary());
      float[] x = floats(ref.path("input"));
      int n = ref.path("input_shape").get(0).asInt();
      Dataset data = Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, size, size, 3)), null);
      assertClose(floats(ref.path("output")), flat(m.predict(data)), source + " predictions");
      try (Model features = Model.of(
          m.inputs().get(0),
          m.layer("global_average_pooling2d").nodes().get(0).outputs().get(0))) {
        assertClose(
            floats(ref.path("features")), flat(features.predict(data)), source + " features");
      }
    }
  }

  private static void assertClose(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what);
    double worst = 0;
    for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
    assertTrue(worst <= TOLERANCE, what + ": max |diff| = " + worst);
  }

  static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) f[i] = (float) a.get(i).asDouble();
    return f;
  }

  static float[] flat(FloatNdArray a) {
    float[] v = new float[(int) a.shape().size()];
    a.copyTo(DataBuffers.of(v, false, false));
    return v;
  }
}
