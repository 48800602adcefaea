package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.graph.Weight;
import io.tfweave.models.Model;
import io.tfweave.testing.PythonTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * tfweave writes {@code .weights.h5}, Keras 3 {@code load_weights} reads it and predicts the same (within 1e-5), for a
 * Dense MLP, a CNN with BatchNormalization, an LSTM, an Embedding+GRU text model and a residual functional model
 * (tools/check_keras_weights.py check). Runs when the interpreter in {@code TFWEAVE_PYTHON} (default {@code python3})
 * imports TensorFlow and Keras; skipped with a message otherwise.
 */
class KerasWeightsH5PythonTest {
  @TempDir
  Path dir;

  static String python() {
    return PythonTools.python();
  }

  static boolean kerasImportable() {
    return importable("tensorflow, keras");
  }

  /** Whether {@link #python()} can {@code import} the comma-separated {@code modules}. */
  static boolean importable(String modules) {
    return PythonTools.importable(modules);
  }

  @Test
  void kerasLoadsTfweaveWeightsAndPredictsTheSame() throws Exception {
    roundTrip(false);
  }

  @Test
  void kerasLoadsTfweaveKerasFilesPredictsTheSameAndTrains() throws Exception {
    roundTrip(true);
  }

  private void roundTrip(boolean modelFile) throws Exception {
    assumeTrue(
        kerasImportable(),
        "Python TensorFlow/Keras not importable with " + python()
            + ": skipping the Keras round trip (set TFWEAVE_PYTHON to a venv's python)");
    Random r = new Random(12);
    Map<String, Object> probe = new LinkedHashMap<>();
    for (String kind : KerasWeightsH5Test.KINDS) {
      try (Model m = KerasWeightsH5Test.model(kind, 4)) {
        List<FloatNdArray> values = new ArrayList<>();
        for (Weight w : m.weights()) {
          float[] v = new float[(int) w.shape().size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.5);
            if (w.name().equals("moving_variance")) v[i] = Math.abs(v[i]) + 0.5f;
          }
          values.add(NdArrays.wrap(w.shape(), DataBuffers.of(v, true, false)));
        }
        m.setWeights(values);
        if (modelFile) m.save(dir.resolve(kind + ".keras"));
        else m.saveWeights(dir.resolve(kind + ".weights.h5"));
        long[] shape = KerasWeightsH5Test.inputShape(kind);
        float[] x = new float[(int) Shape.of(shape).size()];
        for (int i = 0; i < x.length; i++)
          x[i] = kind.equals("text") ? r.nextInt(20) : (float) r.nextGaussian();
        NdArray<?> in = kind.equals("text")
            ? NdArrays.wrap(Shape.of(shape), DataBuffers.of(toInts(x), true, false))
            : NdArrays.wrap(Shape.of(shape), DataBuffers.of(x, true, false));
        probe.put(
            kind,
            Map.of(
                "input",
                x,
                "input_shape",
                shape,
                "output",
                SavedModelExportTest.flat(m.predict(in))));
      }
    }
    new ObjectMapper().writeValue(dir.resolve("probe.json").toFile(), probe);
    String out = PythonTools.runTool(
        300, "check_keras_weights.py", modelFile ? "check-keras" : "check", dir.toString());
    for (String kind : probe.keySet())
      assertTrue(out.contains(kind + ": tfweave"), "Keras checked " + kind + ":\n" + out);
    String last =
        out.lines().filter(l -> l.startsWith("max diff ")).reduce((a, b) -> b).orElseThrow();
    double worst = Double.parseDouble(last.substring("max diff ".length()).trim());
    assertTrue(worst <= 1e-5, "max |tfweave - Keras| = " + worst);
  }

  private static int[] toInts(float[] x) {
    int[] ids = new int[x.length];
    for (int i = 0; i < ids.length; i++) ids[i] = (int) x[i];
    return ids;
  }
}
