package io.tfweave.saving;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.convolutional.DepthwiseConv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.normalization.BatchNormalization;
import io.tfweave.layers.pooling.GlobalAveragePooling2D;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.testing.PythonTools;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * tfweave's exports are TF2-native: Python's {@code tf.saved_model.load} lists their trainable and non-trainable variables
 * and differentiates through them, Keras's {@code TFSMLayer} has the weights and fine-tunes them, and the TFLite converter
 * converts the Dense, CNN (BatchNormalization, Dropout, depthwise) and residual exports with the interpreter's outputs within
 * 1e-5 (tools/check_tf2_export.py); so do the GRU text model and an LSTM exported with {@code ExportOptions.portable(true)}
 * (unrolled), while the default LSTM export (the fused {@code BlockLSTMV2} kernel, neither a TFLite builtin nor a Flex op)
 * is refused by the converter, as documented. Skipped with a message when no Python TensorFlow is importable.
 */
class Tf2ExportPythonTest {
  @TempDir
  Path dir;

  /** The convolutional kind: Conv2D, BatchNormalization, Dropout, DepthwiseConv2D, pooling and a softmax head. */
  static Model convnet(long seed) {
    return Sequential.named("convnet")
        .input(8, 8, 2)
        .add(new Conv2D(4, 3).activation(RELU))
        .add(new BatchNormalization())
        .add(new Dropout(0.3))
        .add(new DepthwiseConv2D(3).activation(RELU))
        .add(new GlobalAveragePooling2D())
        .add(new Dense(3).activation(SOFTMAX))
        .seed(seed)
        .build();
  }

  @Test
  void tf2KerasAndTfliteSeeAndUseTheWeights() throws Exception {
    PythonTools.assumeImportable("tensorflow, keras", "the TF2 export checks");
    Random r = new Random(3);
    Map<String, Object> probes = new LinkedHashMap<>();
    for (String kind : List.of("mlp", "convnet", "residual", "lstm", "lstm_portable", "text")) {
      boolean portable = kind.endsWith("_portable");
      String base = kind.replace("_portable", "");
      try (Model m = base.equals("convnet") ? convnet(4) : KerasWeightsH5Test.model(base, 4)) {
        long[] shape =
            base.equals("convnet") ? new long[] {3, 8, 8, 2} : KerasWeightsH5Test.inputShape(base);
        boolean ints = kind.equals("text");
        m.compile("adam", "mse");
        float[] x = new float[(int) Shape.of(shape).size()];
        for (int i = 0; i < x.length; i++) x[i] = ints ? r.nextInt(20) : (float) r.nextGaussian();
        NdArray<?> in = ints
            ? NdArrays.wrap(Shape.of(shape), DataBuffers.of(toInts(x), true, false))
            : NdArrays.wrap(Shape.of(shape), DataBuffers.of(x, true, false));
        // Train a little so BatchNormalization's moving statistics are not their initial values.
        if (kind.equals("convnet")) {
          float[] y = new float[(int) shape[0] * 3];
          m.fit(
              in,
              NdArrays.wrap(Shape.of(shape[0], 3), DataBuffers.of(y, true, false)),
              io.tfweave.training.FitOptions.epochs(3).batchSize(3).verbose(0));
        }
        Path export = SavedModelExporter.export(
            m, dir.resolve(kind), ExportOptions.defaults().portable(portable));
        float[] out = SavedModelExportTest.flat(m.predict(in));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("export", export.toString());
        p.put("input_name", m.inputs().get(0).layer().name());
        p.put("input_shape", shape);
        p.put("int_input", ints);
        p.put("input", x);
        p.put("output_name", m.outputs().get(0).layer().name());
        p.put("output_shape", new long[] {shape[0], out.length / shape[0]});
        p.put("output", out);
        p.put("trainable", m.trainableWeights().size());
        p.put("non_trainable", m.weights().size() - m.trainableWeights().size());
        // BlockLSTMV2 is neither a TFLite builtin nor a Flex op: only the portable LSTM export
        // converts.
        p.put("tflite", !kind.equals("lstm"));
        probes.put(kind, p);
      }
    }
    new ObjectMapper().writeValue(dir.resolve("probe.json").toFile(), probes);
    String out = PythonTools.runTool(600, "check_tf2_export.py", dir.toString());
    assertTrue(out.contains("ok"), out);
  }

  private static int[] toInts(float[] x) {
    int[] ids = new int[x.length];
    for (int i = 0; i < ids.length; i++) ids[i] = (int) x[i];
    return ids;
  }
}
