package io.tfweave.applications;

import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.blocks.ResidualBlock;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Layer;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ApplicationsTest {
  private static List<String> names(Model m) {
    return m.layers().stream().map(Layer::name).toList();
  }

  @Test
  void basicCnnStructure() {
    try (Model m = new BasicCNN(10).build()) {
      assertEquals(
          List.of(
              "conv1",
              "bn1",
              "relu1",
              "pool1",
              "conv2",
              "bn2",
              "relu2",
              "pool2",
              "conv3",
              "bn3",
              "relu3",
              "pool3",
              "conv4",
              "bn4",
              "relu4",
              "pool4",
              "conv5",
              "bn5",
              "relu5",
              "avg_pool",
              "fc1",
              "predictions"),
          names(m));
      assertArrayEquals(
          new long[] {-1, 1, 1, 512},
          m.layer("conv5").nodes().get(0).outputs().get(0).shape().asArray());
      assertArrayEquals(new long[] {-1, 10}, m.outputs().get(0).shape().asArray());
      // convolutions (no bias) + batch norms + head
      long convs = 9L * (1 * 32 + 32 * 64 + 64 * 128 + 128 * 256 + 256 * 512);
      long bns = 4L * (32 + 64 + 128 + 256 + 512);
      assertEquals(
          convs + bns + 512 * 256 + 256 + 256 * 10 + 10,
          m.weights().stream().mapToLong(Weight::size).sum());
    }
  }

  @Test
  void optionsScaleTheNetwork() {
    assertArrayEquals(
        new int[] {8, 16, 32, 64, 128}, new BasicCNN(10).widthMultiplier(0.25).stageFilters());
    assertArrayEquals(new int[] {4, 8}, new ResidualCNN(10).filters(4, 8).stageFilters());
    try (Model m = new BasicCNN(3)
        .inputShape(16, 16, 3)
        .filters(4, 8)
        .denseUnits(8)
        .dropout(0.5)
        .name("small")
        .build()) {
      assertEquals("small", m.name());
      assertEquals(
          List.of(
              "conv1",
              "bn1",
              "relu1",
              "pool1",
              "conv2",
              "bn2",
              "relu2",
              "avg_pool",
              "fc1",
              "dropout",
              "predictions"),
          names(m));
    }
    var e = assertThrows(IllegalArgumentException.class, () -> new BasicCNN(10).dropout(1.0));
    assertTrue(e.getMessage().contains("Received: dropout=1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ResidualCNN(1));
    assertTrue(e.getMessage().contains("classes must be at least 2"), e.getMessage());
  }

  @Test
  void residualCnnStructure() {
    try (Model m = new ResidualCNN(10).widthMultiplier(0.125).build()) {
      assertEquals(
          List.of(
              "block1", "block2", "block3", "block4", "block5", "avg_pool", "fc1", "predictions"),
          names(m));
      long[][] shapes = {
        {-1, 28, 28, 4}, {-1, 14, 14, 8}, {-1, 7, 7, 16}, {-1, 4, 4, 32}, {-1, 2, 2, 64}
      };
      for (int i = 0; i < 5; i++) {
        ResidualBlock b = (ResidualBlock) m.layer("block" + (i + 1));
        assertArrayEquals(shapes[i], b.nodes().get(0).outputs().get(0).shape().asArray());
        assertTrue(b.hasProjection(), "block" + (i + 1) + " changes channels");
      }
      assertTrue(
          m.weights().stream().map(Weight::path).toList().contains("block3_shortcut_conv/kernel"));
      assertTrue(m.summaryString().contains("block5 (ResidualBlock)"));
    }
  }

  @Test
  void frozenFeaturesStayFixedWhileTheHeadTrains() {
    int n = 16;
    float[] x = new float[n * 16 * 16];
    float[] y = new float[n];
    Random r = new Random(1);
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    for (int i = 0; i < n; i++) y[i] = i % 3;
    Dataset d =
        Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 16, 16, 1)), HostArray.ofFloats(y, n));
    for (Model m : List.of(
        new BasicCNN(3)
            .inputShape(16, 16, 1)
            .filters(4, 8)
            .denseUnits(8)
            .seed(1)
            .build(),
        new ResidualCNN(3)
            .inputShape(16, 16, 1)
            .filters(4, 8)
            .denseUnits(8)
            .seed(1)
            .build())) {
      try (m) {
        List<Weight> frozen = new ArrayList<>();
        for (Layer l : m.layers()) {
          if (l.name().equals("fc1") || l.name().equals("predictions")) continue;
          l.setTrainable(false);
          frozen.addAll(l.weights());
        }
        m.compile(
            Optimizers.adam(1e-2), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        List<float[]> before = frozen.stream().map(m::weightValue).toList();
        float[] head = m.weightValue(m.layer("predictions").weights().get(0));
        m.fit(d, FitOptions.epochs(1).batchSize(8).verbose(0));
        for (int k = 0; k < frozen.size(); k++) {
          assertArrayEquals(
              before.get(k),
              m.weightValue(frozen.get(k)),
              m.name() + " " + frozen.get(k).path());
        }
        assertFalse(
            Arrays.equals(head, m.weightValue(m.layer("predictions").weights().get(0))), m.name());
      }
    }
  }
}
