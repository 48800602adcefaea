package io.tfweave.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Layer;
import io.tfweave.models.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MobileNetV2Test {
  static long params(List<Weight> ws) {
    return ws.stream().mapToLong(Weight::size).sum();
  }

  @Test
  void parameterCountsMatchKeras() {
    try (Model top = MobileNetV2.builder().build()) {
      assertEquals(3_538_984, params(top.weights()));
      assertEquals(3_504_872, params(top.trainableWeights()));
      assertEquals("mobilenetv2_1.00_224", top.name());
    }
    try (Model noTop = MobileNetV2.builder().includeTop(false).build()) {
      assertEquals(2_257_984, params(noTop.weights()));
      assertEquals(
          List.of(-1L, 7L, 7L, 1280L), boxed(noTop.outputs().get(0).shape().asArray()));
    }
    try (Model small = MobileNetV2.builder().alpha(0.35).includeTop(false).build()) {
      assertEquals(410_208, params(small.weights()));
      assertEquals(396_128, params(small.trainableWeights()));
    }
  }

  @Test
  void layerNamesAreKeras() throws Exception {
    JsonNode ref = new ObjectMapper()
        .readTree(MobileNetV2Test.class.getResource("keras_mobilenet_v2/reference.json"));
    List<String> keras = new ArrayList<>();
    ref.path("layers").forEach(n -> keras.add(n.asText()));
    try (Model m =
        MobileNetV2.builder().alpha(0.35).inputShape(32, 32, 3).classes(10).build()) {
      assertEquals(keras, m.layers().stream().map(Layer::name).toList());
      assertEquals(ref.path("params").path("total").asLong(), params(m.weights()));
    }
  }

  @Test
  void helpersFollowKeras() {
    assertEquals(16, MobileNetV2.makeDivisible(32 * 0.35, 8));
    assertEquals(8, MobileNetV2.makeDivisible(5, 8));
    assertEquals(1792, MobileNetV2.makeDivisible(1280 * 1.4, 8));
    assertArrayEquals(new int[] {0, 1, 0, 1}, MobileNetV2.correctPad(112, 112));
    assertArrayEquals(new int[] {1, 1, 1, 1}, MobileNetV2.correctPad(7, 7));
    assertArrayEquals(
        new float[] {-1f, 0f, 1f}, MobileNetV2.preprocessInput(new float[] {0f, 127.5f, 255f}));
    var e = assertThrows(
        IllegalArgumentException.class, () -> MobileNetV2.builder().inputShape(28, 28, 1));
    assertTrue(e.getMessage().contains("at least 32×32"), e.getMessage());
    var p =
        assertThrows(IllegalArgumentException.class, () -> MobileNetV2.builder().pooling("mean"));
    assertTrue(p.getMessage().contains("pooling=mean"), p.getMessage());
  }

  @Test
  void unfreezeLastBlocksTrainsOnlyTheTail() {
    try (Model m =
        MobileNetV2.builder().alpha(0.35).inputShape(32, 32, 3).classes(3).build()) {
      MobileNetV2.unfreezeLastBlocks(m, 2);
      List<String> trainable = io.tfweave.models.Freezing.trainableLayerNames(m);
      assertEquals("block_15_expand", trainable.get(0));
      assertTrue(trainable.containsAll(List.of("block_16_project", "Conv_1", "predictions")));
      assertFalse(trainable.contains("block_14_project"));
      assertFalse(trainable.contains("block_16_project_BN"), "BatchNorm stays in inference mode");
      assertFalse(trainable.contains("Conv_1_bn"));
      MobileNetV2.unfreezeLastBlocks(m, 1, true); // torchvision's features[-2:], BatchNorm trained
      List<String> one = io.tfweave.models.Freezing.trainableLayerNames(m);
      assertEquals("block_16_expand", one.get(0));
      assertTrue(one.containsAll(List.of("block_16_project_BN", "Conv_1", "Conv_1_bn")));
      MobileNetV2.unfreezeLastBlocks(m, 0);
      assertEquals(List.of("predictions"), io.tfweave.models.Freezing.trainableLayerNames(m));
    }
  }

  @Test
  void exportsInferenceGraphAndReloads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    io.tfweave.data.Dataset data = MobileNetV2TransferTest.images(3, 9);
    try (Model m = MobileNetV2.builder()
        .alpha(0.35)
        .inputShape(32, 32, 3)
        .classes(5)
        .seed(4)
        .build()) {
      float[] before = flat(m.predict(data));
      java.nio.file.Path out = m.export(dir.resolve("mnv2"), 1);
      var info = io.tfweave.formats.SavedModelInfo.read(out);
      assertEquals(262, info.variables().size());
      assertFalse(
          info.opTypeCounts().containsKey("FusedBatchNormV3"),
          "BatchNorm must use its moving statistics");
      assertEquals(
          List.of("predictions"),
          info.signatures().get("serving_default").outputs().stream()
              .map(io.tfweave.formats.SavedModelInfo.TensorSpec::key)
              .toList());
      try (Model back = Model.load(out)) {
        assertEquals(
            m.layers().stream().map(Layer::name).toList(),
            back.layers().stream().map(Layer::name).toList());
        float[] after = flat(back.predict(data));
        for (int i = 0; i < before.length; i++) assertEquals(before[i], after[i], 1e-6);
      }
    }
  }

  static float[] flat(org.tensorflow.ndarray.FloatNdArray a) {
    float[] v = new float[(int) a.shape().size()];
    a.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
    return v;
  }

  static List<Long> boxed(long[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }
}
