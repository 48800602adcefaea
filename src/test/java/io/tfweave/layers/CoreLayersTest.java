package io.tfweave.layers;

import static io.tfweave.activations.Activation.RELU;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.testing.LayerTester;
import org.junit.jupiter.api.Test;

class CoreLayersTest {
  @Test
  void denseBasics() {
    LayerTester.of(() -> new Dense(4).activation(RELU)).inputShape(2, 3).expectOutputShape(2, 4)
        .expectTrainableWeights(2).expectNonTrainableWeights(0).run();
  }

  @Test
  void embeddingBasics() {
    LayerTester.of(() -> new Embedding(10, 3)).inputShape(4, 5).intInputs(10).expectOutputShape(4, 5, 3)
        .expectTrainableWeights(1).run();
  }

  @Test
  void rejectsNonPositiveUnits() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Dense(0));
    assertTrue(e.getMessage().contains("Received: units=0"));
  }
}
