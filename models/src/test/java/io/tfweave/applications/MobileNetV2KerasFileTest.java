package io.tfweave.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.graph.Weight;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.testing.PythonTools;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * MobileNetV2 (alpha 0.35, 32×32×3, 10 classes) through Keras 3's files both ways (issue #12): Keras's {@code
 * keras.applications.MobileNetV2} saved as {@code .keras} ({@code tools/check_keras_weights.py keras-files}) loads with
 * {@code Model.load}, predicts as Keras (within 1e-5) and trains, and its {@code save_weights} file loads into tfweave's
 * MobileNetV2; tfweave's MobileNetV2 saved as {@code .keras} and
 * {@code .weights.h5} loads in Keras ({@code load_model}, {@code load_weights}), predicts the same and trains one epoch
 * there ({@code check-keras}, {@code check}); tf_keras's MobileNetV2 saved as a legacy {@code .h5} loads and predicts the
 * same. Runs when {@code TFWEAVE_PYTHON} imports TensorFlow and Keras; skipped with
 * a message otherwise.
 */
class MobileNetV2KerasFileTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir
  Path dir;

  private static String script(String... args) throws Exception {
    return PythonTools.runTool(300, "check_keras_weights.py", args);
  }

  private static void assumePython() {
    assumePython("tensorflow, keras");
  }

  private static void assumePython(String modules) {
    PythonTools.assumeImportable(modules, "the MobileNetV2 Keras-file round trips");
  }

  private static FloatNdArray images(float[] x, int n) {
    return NdArrays.wrap(Shape.of(n, 32, 32, 3), DataBuffers.of(x, true, false));
  }

  @Test
  void kerasMobileNetV2KerasFileLoadsPredictsAndTrains() throws Exception {
    assumePython();
    script("keras-files", dir.toString(), "mobilenet");
    JsonNode p = new ObjectMapper().readTree(dir.resolve("probe.json").toFile()).path("mobilenet");
    try (Model m = Model.load(dir.resolve("mobilenet.keras"))) {
      float[] x = MobileNetV2KerasInteropTest.floats(p.path("input"));
      float[] got = MobileNetV2KerasInteropTest.flat(m.predict(images(x, 2)));
      float[] want = MobileNetV2KerasInteropTest.floats(p.path("output"));
      assertEquals(want.length, got.length);
      double d = 0;
      for (int i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
      System.out.printf("mobilenet: Keras .keras -> tfweave Model.load: max |diff| = %.3g%n", d);
      assertTrue(d <= TOLERANCE, "max diff " + d);
      m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy());
      float[] labels = {3, 7, 3, 7};
      float[] xs = new float[4 * x.length / 2];
      System.arraycopy(x, 0, xs, 0, x.length);
      System.arraycopy(x, 0, xs, x.length, x.length);
      List<Double> loss = m.fit(
              images(xs, 4),
              NdArrays.wrap(Shape.of(4), DataBuffers.of(labels, true, false)),
              FitOptions.epochs(3).batchSize(4).verbose(0))
          .get("loss");
      System.out.printf(
          "mobilenet: Keras .keras fine-tuned in tfweave: loss %.4f -> %.4f%n",
          loss.get(0), loss.get(2));
      assertTrue(loss.get(2) < loss.get(0), "loss " + loss);
    }
    // Keras's save_weights of the same model, into tfweave's own MobileNetV2
    try (Model m =
        MobileNetV2.builder().alpha(0.35).inputShape(32, 32, 3).classes(10).build()) {
      m.loadWeights(dir.resolve("mobilenet.weights.h5"));
      float[] got = MobileNetV2KerasInteropTest.flat(
          m.predict(images(MobileNetV2KerasInteropTest.floats(p.path("input")), 2)));
      float[] want = MobileNetV2KerasInteropTest.floats(p.path("output"));
      double d = 0;
      for (int i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
      System.out.printf(
          "mobilenet: Keras .weights.h5 -> tfweave MobileNetV2 loadWeights: max |diff| = %.3g%n",
          d);
      assertTrue(d <= TOLERANCE, "max diff " + d);
    }
  }

  @Test
  void tfKerasMobileNetV2H5LoadsAndPredictsAsTfKeras() throws Exception {
    assumePython("tensorflow, keras, tf_keras");
    script("legacy", dir.toString(), "mobilenet");
    JsonNode p = new ObjectMapper().readTree(dir.resolve("probe.json").toFile()).path("mobilenet");
    try (Model m = Model.load(dir.resolve("mobilenet.h5"))) {
      float[] got = MobileNetV2KerasInteropTest.flat(
          m.predict(images(MobileNetV2KerasInteropTest.floats(p.path("input")), 2)));
      float[] want = MobileNetV2KerasInteropTest.floats(p.path("output"));
      assertEquals(want.length, got.length);
      double d = 0;
      for (int i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
      System.out.printf("mobilenet: tf_keras .h5 -> tfweave Model.load: max |diff| = %.3g%n", d);
      assertTrue(d <= TOLERANCE, "max diff " + d);
    }
  }

  @Test
  void tfweaveMobileNetV2KerasFilesLoadInKeras() throws Exception {
    assumePython();
    Random r = new Random(17);
    try (Model m = MobileNetV2.builder()
        .alpha(0.35)
        .inputShape(32, 32, 3)
        .classes(10)
        .seed(4)
        .build()) {
      List<FloatNdArray> values = new ArrayList<>(m.getWeights());
      for (int i = 0;
          i < values.size();
          i++) { // BatchNormalization vectors randomised, as the script does
        Weight w = m.weights().get(i);
        boolean scale = w.name().equals("gamma") || w.name().equals("moving_variance");
        boolean shift = w.name().equals("beta") || w.name().equals("moving_mean");
        if (!scale && !shift) continue;
        float[] v = new float[(int) w.shape().size()];
        for (int j = 0; j < v.length; j++)
          v[j] = scale ? 0.5f + r.nextFloat() : (float) (0.1 * r.nextGaussian());
        values.set(i, NdArrays.wrap(w.shape(), DataBuffers.of(v, true, false)));
      }
      m.setWeights(values);
      m.save(dir.resolve("mobilenet.keras"));
      m.saveWeights(dir.resolve("mobilenet.weights.h5"));
      float[] x = new float[2 * 32 * 32 * 3];
      for (int i = 0; i < x.length; i++) x[i] = 2 * r.nextFloat() - 1;
      new ObjectMapper()
          .writeValue(
              dir.resolve("probe.json").toFile(),
              Map.of(
                  "mobilenet",
                  Map.of(
                      "input",
                      x,
                      "input_shape",
                      List.of(2, 32, 32, 3),
                      "output",
                      MobileNetV2KerasInteropTest.flat(m.predict(images(x, 2))))));
    }
    assertTrue(script("check-keras", dir.toString()).contains("mobilenet: tfweave .keras"));
    assertTrue(script("check", dir.toString()).contains("mobilenet: tfweave .weights.h5"));
  }
}
