package io.tfweave.layers;

import static io.tfweave.layers.KerasTextAttentionFixtureTest.array;
import static io.tfweave.layers.KerasTextAttentionFixtureTest.assertClose;
import static io.tfweave.layers.KerasTextAttentionFixtureTest.kerasWeights;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.convolutional.Conv1DTranspose;
import io.tfweave.models.Model;
import io.tfweave.testing.GradientCheck;
import io.tfweave.testing.LayerTester;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conv1DTranspose: conformance, outputs equal Keras's for Keras's weights (committed fixture), gradients, errors. */
class Conv1DTransposeTest {
  @Test
  void conformance() {
    LayerTester.of(() -> new Conv1DTranspose(4, 3).strides(2))
        .inputShape(2, 5, 3)
        .expectOutputShape(2, 11, 4)
        .expectTrainableWeights(2)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new Conv1DTranspose(2, 3).strides(2).padding(Padding.SAME))
        .inputShape(2, 4, 3)
        .expectOutputShape(2, 8, 2)
        .run();
  }

  @Test
  void equalsKeras() {
    int checked = 0;
    for (JsonNode c : KerasTextAttentionFixtureTest.FIXTURE.get("conv1d_transpose")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> config = new ObjectMapper().convertValue(c.get("config"), Map.class);
      Conv1DTranspose layer = Conv1DTranspose.fromConfig(config);
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
    GradientCheck.ofLayer(new Conv1DTranspose(2, 3).strides(2), 2, 4, 3)
        .epsilon(1e-3)
        .run()
        .assertWithin(2e-2);
  }

  @Test
  void errors() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> new Conv1DTranspose(2, 3).padding(Padding.CAUSAL));
    assertTrue(e.getMessage().contains("padding=causal"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () ->
            Conv1DTranspose.fromConfig(Map.of("filters", 2, "kernel_size", 3, "dilation_rate", 2)));
    assertTrue(e.getMessage().contains("dilation_rate=2"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> new Conv1DTranspose(2, 3).outputPadding(1).apply(Input.of(4, 3)));
    assertTrue(
        e.getMessage().contains("output_padding must be smaller than strides"), e.getMessage());
  }
}
