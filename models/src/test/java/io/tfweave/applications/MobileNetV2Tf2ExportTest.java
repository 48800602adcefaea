package io.tfweave.applications;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * tfweave's MobileNetV2 (alpha 0.35, 32×32×3, 10 classes, randomised weights and BatchNorm statistics) exported once is
 * TF2-native: {@code tf.saved_model.load} lists its 158 trainable and 104 non-trainable variables and reproduces the class
 * probabilities, Keras's {@code TFSMLayer} fine-tunes it, and {@code TFLiteConverter.from_saved_model} converts it with the
 * interpreter's outputs within 1e-5 (tools/check_tf2_export.py). Skipped with a message when no Python TensorFlow is
 * importable ({@code TFWEAVE_PYTHON}).
 */
class MobileNetV2Tf2ExportTest {
  @TempDir
  Path dir;

  @Test
  void exportLoadsInTf2FineTunesInKerasAndConvertsToTflite() throws Exception {
    PythonTools.assumeImportable("tensorflow, keras", "the MobileNetV2 TF2/TFLite check");
    Random r = new Random(7);
    Map<String, Object> probe = new LinkedHashMap<>();
    try (Model m = MobileNetV2.builder()
        .alpha(0.35)
        .inputShape(32, 32, 3)
        .classes(10)
        .seed(3)
        .build()) {
      List<FloatNdArray> values = new ArrayList<>();
      for (Weight w : m.weights()) {
        float[] v = new float[(int) w.shape().size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (r.nextGaussian() * 0.2);
          if (w.name().equals("moving_variance")) v[i] = Math.abs(v[i]) + 0.5f;
        }
        values.add(NdArrays.wrap(w.shape(), DataBuffers.of(v, true, false)));
      }
      m.setWeights(values);
      float[] x = new float[2 * 32 * 32 * 3];
      for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
      FloatNdArray in = NdArrays.wrap(Shape.of(2, 32, 32, 3), DataBuffers.of(x, true, false));
      float[] flat = MobileNetV2KerasInteropTest.flat(m.predict(in));
      Path export = m.export(dir.resolve("mobilenet"));
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("export", export.toString());
      p.put("input_name", m.inputs().get(0).layer().name());
      p.put("input_shape", new long[] {2, 32, 32, 3});
      p.put("int_input", false);
      p.put("input", x);
      p.put("output_name", m.outputs().get(0).layer().name());
      p.put("output_shape", new long[] {2, 10});
      p.put("output", flat);
      p.put("trainable", m.trainableWeights().size());
      p.put("non_trainable", m.weights().size() - m.trainableWeights().size());
      p.put("tflite", true);
      probe.put("mobilenet_v2_0.35", p);
    }
    new ObjectMapper().writeValue(dir.resolve("probe.json").toFile(), probe);
    String out = PythonTools.runTool(600, "check_tf2_export.py", dir.toString());
    assertTrue(out.contains("ok"), out);
  }
}
