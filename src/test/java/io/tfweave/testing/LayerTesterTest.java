package io.tfweave.testing;

import static io.tfweave.activations.Activation.RELU;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.Layer;
import io.tfweave.layers.core.Dense;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The tester itself: it passes a good layer, and each failed check says which layer and which check. */
class LayerTesterTest {
  /** A user's layer that nobody registered with LayerRegistry. */
  static final class Doubling extends Layer {
    @Override
    protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
      return tf.math.mul(x, tf.constant(2f));
    }
  }

  @Test
  void passesDense() {
    LayerTester.of(() -> new Dense(4).activation(RELU))
        .inputShape(2, 3)
        .expectOutputShape(2, 4)
        .expectTrainableWeights(2)
        .expectNonTrainableWeights(0)
        .run();
  }

  @Test
  void wrongOutputShapeNamesLayerAndShapes() {
    var e = assertThrows(AssertionError.class, () -> LayerTester.of(() -> new Dense(4))
        .inputShape(2, 3)
        .expectOutputShape(2, 5)
        .run());
    assertTrue(
        e.getMessage()
            .contains(
                "(Dense): declared output shape (outputShape) should be [-1, 5], but is [-1, 4]"),
        e.getMessage());
  }

  @Test
  void wrongWeightCount() {
    var e = assertThrows(AssertionError.class, () -> LayerTester.of(() -> new Dense(4))
        .inputShape(2, 3)
        .expectOutputShape(2, 4)
        .expectTrainableWeights(1)
        .run());
    assertTrue(
        e.getMessage().contains("number of trainable weights should be 1, but is 2"),
        e.getMessage());
  }

  @Test
  void unregisteredLayerFailsTheConfigRoundTripWithAHint() {
    var e = assertThrows(AssertionError.class, () -> LayerTester.of(Doubling::new)
        .inputShape(2, 3)
        .expectOutputShape(2, 3)
        .run());
    assertTrue(e.getMessage().contains("(Doubling): config round trip failed"), e.getMessage());
    assertTrue(e.getMessage().contains("LayerProvider"), e.getMessage());
  }

  @Test
  void errors() {
    var noShape = assertThrows(
        IllegalStateException.class, () -> LayerTester.of(() -> new Dense(4)).run());
    assertTrue(noShape.getMessage().contains("inputShape"), noShape.getMessage());
    var batch = assertThrows(IllegalStateException.class, () -> LayerTester.of(() -> new Dense(4))
        .inputShape(2, 3)
        .expectOutputShape(3, 4)
        .run());
    assertTrue(batch.getMessage().contains("batch size 2"), batch.getMessage());
    var bad = assertThrows(
        IllegalArgumentException.class, () -> LayerTester.of(() -> new Dense(4)).inputShape(3));
    assertTrue(bad.getMessage().contains("Received: inputShape=[3]"), bad.getMessage());
  }
}
