package io.tfweave.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.activations.Activation;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.saving.ImportReport;
import io.tfweave.saving.WeightImport;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer-learning workload in small (synthetic 32×32×3 images): pretrain MobileNetV2 (alpha 0.35) on 5 classes,
 * export, import the base into a new model with a new 5-class head, then (a) train the head on a frozen base and (b) also
 * the last two blocks: frozen weights, BatchNorm statistics included, stay bit-identical, the trained ones change.
 */
class MobileNetV2TransferTest {
  @TempDir
  Path dir;

  static Dataset images(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * 32 * 32 * 3];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(5);
      y[i] = c;
      for (int p = 0; p < 32 * 32 * 3; p++)
        x[i * 3072 + p] = (float) (r.nextGaussian() * 0.3 + (p % 5 == c ? 0.5 : -0.2));
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 32, 32, 3)), HostArray.ofFloats(y, n));
  }

  static Model withNewHead(Path pretrained) {
    Model base = MobileNetV2.builder()
        .alpha(0.35)
        .inputShape(32, 32, 3)
        .includeTop(false)
        .pooling("avg")
        .seed(5)
        .build();
    SymbolicTensor out =
        new Dense(5).activation(Activation.SOFTMAX).apply(base.outputs().get(0));
    Model m = Model.of(base.inputs().get(0), out).named("transfer").seed(5);
    ImportReport r = WeightImport.from(pretrained).into(m);
    assertEquals(260, r.loaded().size(), r.summary());
    assertEquals(List.of("dense/kernel", "dense/bias"), r.missing());
    assertEquals(List.of("predictions/kernel", "predictions/bias"), r.unused());
    return m;
  }

  static Map<Weight, float[]> snapshot(Model m) {
    Map<Weight, float[]> s = new IdentityHashMap<>();
    List<Weight> ws = m.weights();
    List<org.tensorflow.ndarray.FloatNdArray> values = m.getWeights();
    for (int i = 0; i < ws.size(); i++) {
      float[] v = new float[(int) ws.get(i).size()];
      values.get(i).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
      s.put(ws.get(i), v);
    }
    return s;
  }

  @Test
  void frozenBaseAndLastTwoBlocks() {
    Path export;
    // The seeded initial weights stand in for pretrained ones (a full backward pass over
    // MobileNetV2 takes ~20 s to build
    // here); the workload program trains them.
    try (Model pre = MobileNetV2.builder()
        .alpha(0.35)
        .inputShape(32, 32, 3)
        .classes(5)
        .seed(1)
        .build()) {
      export = pre.export(dir.resolve("pretrained"));
    }
    Dataset data = images(16, 2);
    try (Model a = withNewHead(export)) {
      MobileNetV2.unfreezeLastBlocks(a, 0);
      a.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
      Map<Weight, float[]> before = snapshot(a);
      a.fit(data, FitOptions.epochs(1).batchSize(8).verbose(0));
      Map<Weight, float[]> after = snapshot(a);
      for (Weight w : a.weights()) {
        boolean head = w.layerName().equals("dense");
        boolean same = Arrays.equals(before.get(w), after.get(w));
        assertEquals(!head, same, w.path() + (head ? " should train" : " should stay frozen"));
      }
    }
    try (Model b = withNewHead(export)) {
      // BatchNorm trained too: on this tiny pretraining its moving statistics are far from the
      // data's, so in inference
      // mode (the default) ReLU6 saturates and block_15 gets no gradient
      MobileNetV2.unfreezeLastBlocks(b, 2, true);
      b.compile(Optimizers.adam(5e-4), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
      Map<Weight, float[]> before = snapshot(b);
      b.fit(data, FitOptions.epochs(1).batchSize(8).verbose(0));
      Map<Weight, float[]> after = snapshot(b);
      for (Weight w : b.weights()) {
        String l = w.layerName();
        boolean tail = l.startsWith("block_15_")
            || l.startsWith("block_16_")
            || l.startsWith("Conv_1")
            || l.equals("dense");
        if (!tail) assertArrayEquals(before.get(w), after.get(w), w.path() + " should stay frozen");
      }
      for (String changed : List.of(
          "block_15_expand/kernel",
          "block_16_project/kernel",
          "Conv_1/kernel",
          "block_16_project_BN/moving_mean",
          "dense/kernel")) {
        Weight w = b.weights().stream()
            .filter(x -> x.path().equals(changed))
            .findFirst()
            .orElseThrow();
        assertFalse(Arrays.equals(before.get(w), after.get(w)), changed + " should train");
      }
      assertTrue(b.evaluate(data).get("loss") > 0);
    }
  }
}
