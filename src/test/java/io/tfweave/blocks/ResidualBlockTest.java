package io.tfweave.blocks;

import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.testing.LayerTester;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

class ResidualBlockTest {
  @Test
  void basics() {
    LayerTester.of(() -> new ResidualBlock(3, 1))
        .inputShape(2, 4, 4, 3)
        .expectOutputShape(2, 4, 4, 3)
        .expectTrainableWeights(6)
        .expectNonTrainableWeights(4)
        .run();
    LayerTester.of(() -> new ResidualBlock(4, 2))
        .inputShape(2, 5, 5, 2)
        .expectOutputShape(2, 3, 3, 4)
        .expectTrainableWeights(9)
        .expectNonTrainableWeights(6)
        .run();
  }

  private static List<String> paths(ResidualBlock b) {
    return b.weights().stream().map(Weight::path).toList();
  }

  @Test
  void projectionIsInferredAndWeightsHaveKerasNames() {
    ResidualBlock same = new ResidualBlock(8, 1).named("block1");
    ResidualBlock strided = new ResidualBlock(8, 2).named("block2");
    ResidualBlock wider = new ResidualBlock(16, 1).named("block3");
    try (Model m =
        Sequential.named("res").input(8, 8, 8).add(same, strided, wider).build()) {
      assertFalse(same.hasProjection());
      assertTrue(strided.hasProjection());
      assertTrue(wider.hasProjection());
      assertEquals(
          List.of(
              "block1_conv1/kernel",
              "block1_bn1/gamma",
              "block1_bn1/beta",
              "block1_bn1/moving_mean",
              "block1_bn1/moving_variance",
              "block1_conv2/kernel",
              "block1_bn2/gamma",
              "block1_bn2/beta",
              "block1_bn2/moving_mean",
              "block1_bn2/moving_variance"),
          paths(same));
      assertTrue(paths(same).stream().noneMatch(p -> p.contains("shortcut")));
      assertTrue(paths(strided)
          .containsAll(
              List.of("block2_shortcut_conv/kernel", "block2_shortcut_bn/moving_variance")));
      assertArrayEquals(
          new long[] {1, 1, 8, 16}, wider.weights().get(10).shape().asArray());
      assertEquals("block3_shortcut_conv/kernel", m.variableName(wider.weights().get(10)));
      String summary = m.summaryString();
      assertTrue(summary.contains("block2 (ResidualBlock)"), summary);
      assertTrue(summary.contains("(None, 4, 4, 8)"), summary);
      long params2 = 3 * 3 * 8 * 8 * 2 + 8 * 8 + 3 * 4 * 8;
      assertEquals(params2, strided.countParams());
      assertTrue(summary.contains(Long.toString(params2)), summary);
    }
  }

  @Test
  void functionalNamesAreAssignedAfterBuilding() {
    SymbolicTensor in = Input.of(6, 6, 2);
    ResidualBlock b = new ResidualBlock(4, 2);
    try (Model m = Model.of(in, b.apply(in))) {
      assertEquals("residual_block", b.name());
      assertEquals("residual_block_conv1/kernel", b.weights().get(0).path());
      assertEquals(6, b.layers().size());
      assertSame(b, m.layer("residual_block"));
    }
  }

  @Test
  void zeroKernelsMakeTheIdentityBlockARelu() {
    ResidualBlock b = new ResidualBlock(2, 1);
    SymbolicTensor in = Input.of(3, 3, 2);
    try (Model m = Model.of(in, b.apply(in))) {
      List<FloatNdArray> w = m.getWeights();
      for (int i : new int[] {0, 5}) w.get(i).scalars().forEach(s -> s.setFloat(0f));
      m.setWeights(w);
      float[] x = new float[18];
      for (int i = 0; i < x.length; i++) x[i] = i % 2 == 0 ? i : -i;
      float[] y =
          read(m.predict(Dataset.ofArrays(List.of(HostArray.ofFloats(x, 1, 3, 3, 2)), null)));
      for (int i = 0; i < x.length; i++) assertEquals(Math.max(0, x[i]), y[i], 1e-6);
    }
  }

  @Test
  void blockAndFunctionalWiringAreTheSameNetwork() {
    SymbolicTensor in1 = Input.of(6, 6, 3);
    SymbolicTensor in2 = Input.of(6, 6, 3);
    float[] x = new float[2 * 6 * 6 * 3];
    Random r = new Random(4);
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    Dataset d = Dataset.ofArrays(List.of(HostArray.ofFloats(x, 2, 6, 6, 3)), null);
    try (Model block =
            Model.of(in1, new ResidualBlock(4, 2).named("b").apply(in1)).seed(1);
        Model wired = Model.of(in2, ResidualBlocks.basic(in2, 4, 2, "b")).seed(2)) {
      Map<String, FloatNdArray> byPath = new HashMap<>();
      List<FloatNdArray> bw = block.getWeights();
      for (int i = 0; i < bw.size(); i++) {
        FloatNdArray v = bw.get(i);
        v.scalars().forEach(s -> s.setFloat(s.getFloat() + 0.1f));
        byPath.put(block.weights().get(i).path(), v);
      }
      block.setWeights(bw);
      List<FloatNdArray> ww = new ArrayList<>();
      for (Weight w : wired.weights()) ww.add(byPath.get(w.path()));
      assertEquals(bw.size(), ww.size());
      wired.setWeights(ww);
      assertArrayEquals(read(block.predict(d)), read(wired.predict(d)), 1e-5f);
    }
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> new ResidualBlock(8, 0));
    assertTrue(e.getMessage().contains("Received: stride=0"), e.getMessage());
    var s = assertThrows(
        RuntimeException.class, () -> new ResidualBlock(8, 1).named("blk").apply(Input.of(10)));
    assertTrue(
        s.getMessage().contains("Layer 'blk' (ResidualBlock) expects a 4-D input"), s.getMessage());
  }

  private static float[] read(FloatNdArray a) {
    float[] f = new float[(int) a.shape().size()];
    a.copyTo(DataBuffers.of(f, false, false));
    return f;
  }
}
