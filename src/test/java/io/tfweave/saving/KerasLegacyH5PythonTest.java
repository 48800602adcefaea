package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * tf_keras 2.16 (Keras 2) writes full-model {@code .h5} files ({@code tools/check_keras_weights.py legacy}: the Dense
 * MLP, CNN with BatchNormalization, LSTM, Embedding+GRU, residual functional model, Bidirectional LSTM + TimeDistributed
 * Dense and a Sequential model nested in a functional one, compiled and fitted one step, so
 * the files hold {@code training_config} and {@code optimizer_weights}); tfweave's {@code Model.load} rebuilds each,
 * predicts as tf_keras (within 1e-5), as does its {@code save_weights} file loaded into the same model built in tfweave
 * ({@code loadWeights}, layers matched in order), reports the training state as ignored, and a short fit lowers the loss. Runs when
 * {@code TFWEAVE_PYTHON} imports TensorFlow, Keras and tf_keras; skipped with a message otherwise.
 */
class KerasLegacyH5PythonTest {
  @TempDir
  Path dir;

  static String run(String... args) throws Exception {
    return io.tfweave.testing.PythonTools.runTool(300, "check_keras_weights.py", args);
  }

  @Test
  void tfKerasH5FilesLoadPredictAsTfKerasAndFineTune() throws Exception {
    assumeTrue(
        KerasWeightsH5PythonTest.importable("tensorflow, keras, tf_keras"),
        "Python TensorFlow/Keras/tf_keras not importable with " + KerasWeightsH5PythonTest.python()
            + ": skipping the tf_keras .h5 round trip (set TFWEAVE_PYTHON to a venv's python)");
    run("legacy", dir.toString());
    JsonNode probe = new ObjectMapper().readTree(dir.resolve("probe.json").toFile());
    for (String kind : List.of("mlp", "cnn", "lstm", "text", "residual", "birnn", "nested")) {
      JsonNode p = probe.path(kind);
      KerasLegacyH5.Loaded r = KerasLegacyH5.read(dir.resolve(kind + ".h5"));
      try (Model m = r.model()) {
        assertEquals(m.weights().size(), r.report().loaded().size(), r.report().summary());
        assertTrue(
            r.report().trainingState().contains("training_config"), r.report().summary());
        assertTrue(
            r.report().trainingState().stream().anyMatch(s -> s.contains("Adam/m/")),
            r.report().summary());
        float[] got = SavedModelExportTest.flat(m.predict(KerasWeightsH5Test.input(p)));
        float[] want = KerasRnnImportTest.floats(p.path("output"));
        assertEquals(want.length, got.length);
        double d = 0;
        for (int i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
        System.out.printf("%s: tf_keras .h5 -> tfweave Model.load: max |diff| = %.3g%n", kind, d);
        assertTrue(d <= 1e-5, kind + ": max diff " + d);
        try (Model built =
            KerasWeightsH5Test.model(kind, 3)) { // Keras 2's save_weights, by layer order
          built.loadWeights(dir.resolve(kind + "_weights.h5"));
          float[] w = SavedModelExportTest.flat(built.predict(KerasWeightsH5Test.input(p)));
          double dw = 0;
          for (int i = 0; i < w.length; i++) dw = Math.max(dw, Math.abs(w[i] - want[i]));
          System.out.printf(
              "%s: tf_keras save_weights .h5 -> tfweave loadWeights: max |diff| = %.3g%n",
              kind, dw);
          assertTrue(dw <= 1e-5, kind + ": max diff " + dw);
        }
        double[] loss = fineTune(m, kind);
        System.out.printf(
            "%s: tf_keras .h5 fine-tuned in tfweave: loss %.4f -> %.4f%n", kind, loss[0], loss[1]);
        assertTrue(loss[1] < loss[0], kind + ": loss " + loss[0] + " -> " + loss[1]);
      }
    }
    try (Model m = Model.load(dir.resolve("mlp.h5"))) { // the public entry point: the same reader
      assertEquals(
          List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"),
          m.weights().stream().map(io.tfweave.graph.Weight::path).toList());
    }
  }

  /** Eight epochs of Adam on 16 fixed random samples: the first and last epoch's loss. */
  static double[] fineTune(Model m, String kind) {
    Random r = new Random(9);
    long[] in = KerasWeightsH5Test.inputShape(kind).clone();
    in[0] = 16;
    NdArray<?> x;
    if (kind.equals("text")) {
      int[] ids = new int[(int) Shape.of(in).size()];
      for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(20);
      x = NdArrays.wrap(Shape.of(in), DataBuffers.of(ids, true, false));
    } else {
      float[] v = new float[(int) Shape.of(in).size()];
      for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
      x = NdArrays.wrap(Shape.of(in), DataBuffers.of(v, true, false));
    }
    long[] out = m.outputs().get(0).shape().asArray().clone();
    out[0] = 16;
    float[] y = new float[(int) Shape.of(out).size()];
    for (int i = 0; i < y.length; i++) y[i] = (float) r.nextGaussian();
    m.compile(Optimizers.adam(1e-2), Losses.meanSquaredError());
    List<Double> loss = m.fit(
            x,
            NdArrays.wrap(Shape.of(out), DataBuffers.of(y, true, false)),
            FitOptions.epochs(8).batchSize(8).shuffle(false).verbose(0))
        .get("loss");
    return new double[] {loss.get(0), loss.get(loss.size() - 1)};
  }
}
