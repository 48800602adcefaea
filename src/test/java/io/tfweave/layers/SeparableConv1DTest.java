package io.tfweave.layers;

import static io.tfweave.layers.KerasTextAttentionFixtureTest.array;
import static io.tfweave.layers.KerasTextAttentionFixtureTest.assertClose;
import static io.tfweave.layers.KerasTextAttentionFixtureTest.kerasWeights;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.convolutional.SeparableConv1D;
import io.tfweave.models.Model;
import io.tfweave.testing.GradientCheck;
import io.tfweave.testing.LayerTester;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SeparableConv1D: conformance, outputs equal Keras's for Keras's weights (committed fixture), gradients, errors. */
class SeparableConv1DTest {
  @Test
  void conformance() {
    LayerTester.of(() -> new SeparableConv1D(4, 3).depthMultiplier(2))
        .inputShape(2, 7, 3)
        .expectOutputShape(2, 5, 4)
        .expectTrainableWeights(3)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new SeparableConv1D(2, 3).padding(Padding.SAME).useBias(false))
        .inputShape(2, 6, 3)
        .expectOutputShape(2, 6, 2)
        .expectTrainableWeights(2)
        .run();
  }

  @Test
  void equalsKeras() {
    int checked = 0;
    for (JsonNode c : KerasTextAttentionFixtureTest.FIXTURE.get("separable_conv1d")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> config = new ObjectMapper().convertValue(c.get("config"), Map.class);
      SeparableConv1D layer = SeparableConv1D.fromConfig(config);
      HostArray x = array(c.get("input"));
      SymbolicTensor in = Input.of(x.sampleShape().asArray());
      try (Model m = Model.of(in, layer.apply(in))) {
        m.setWeights(kerasWeights(layer, c.get("weights")));
        HostArray want = array(c.get("output"));
        var y = m.predictAll(Dataset.ofArrays(List.of(x), null), 8).get(0);
        assertEquals(want.shape(), y.shape(), c.get("name").asText());
        assertClose(want.floats(), ImageTestSupport.flat(y), 1e-5, c.get("name").asText());
      }
      checked++;
    }
    assertEquals(3, checked);
  }

  @Test
  void gradients() {
    GradientCheck.ofLayer(new SeparableConv1D(2, 3).depthMultiplier(2).strides(2), 2, 6, 2)
        .epsilon(1e-3)
        .run()
        .assertWithin(2e-2);
  }

  @Test
  void errors() {
    var p = assertThrows(
        IllegalArgumentException.class, () -> new SeparableConv1D(2, 3).padding(Padding.CAUSAL));
    assertTrue(p.getMessage().contains("padding=causal"), p.getMessage());
    var e = assertThrows(
        IllegalArgumentException.class,
        () ->
            SeparableConv1D.fromConfig(Map.of("filters", 2, "kernel_size", 3, "dilation_rate", 2)));
    assertTrue(e.getMessage().contains("dilation_rate=2"), e.getMessage());
    var s =
        assertThrows(io.tfweave.shape.ShapeMismatchException.class, () -> new SeparableConv1D(2, 5)
            .apply(Input.of(3, 2)));
    assertTrue(s.getMessage().contains("SeparableConv1D"), s.getMessage());
  }
}
