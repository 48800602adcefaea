package io.tfweave.layers;

import static io.tfweave.layers.RecurrentCheck.assertClose;
import static io.tfweave.layers.RecurrentCheck.flatten;
import static io.tfweave.layers.RecurrentCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.layers.recurrent.SimpleRNN;
import io.tfweave.models.Model;
import io.tfweave.testing.LayerTester;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimpleRNNTest {
  static final int B = 2;
  static final int T = 4;
  static final int F = 3;
  static final int U = 2;

  @Test
  void basics() {
    LayerTester.of(() -> new SimpleRNN(4))
        .inputShape(2, 5, 3)
        .expectOutputShape(2, 4)
        .expectTrainableWeights(3)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new SimpleRNN(4)
            .returnSequences(true)
            .goBackwards(true)
            .dropout(0.2)
            .recurrentDropout(0.2))
        .inputShape(2, 5, 3)
        .expectOutputShape(2, 5, 4)
        .expectTrainableWeights(3)
        .run();
  }

  @Test
  void correctnessMatchesJavaReference() {
    float[] x = random(B * T * F, 21, 1.0);
    float[] k = random(F * U, 22, 0.5);
    float[] r = random(U * U, 23, 0.5);
    float[] b = random(U, 24, 0.5);
    RnnReference.Result ref =
        RnnReference.run(x, B, T, F, null, false, U, 1, RnnReference.simple(k, r, b, U));
    SymbolicTensor in = Input.of(T, F);
    try (Model m = Model.of(in, new SimpleRNN(U).returnSequences(true).apply(in))) {
      assertClose(
          flatten(ref.outputs()),
          RecurrentCheck.predict(m, List.of(k, r, b), x, B, T, F).get(0),
          1e-5,
          "sequence");
    }
  }

  @Test
  void configHasKerasKeys() {
    Map<String, Object> c = new SimpleRNN(3).returnSequences(true).config();
    assertEquals(3, c.get("units"));
    assertEquals("tanh", c.get("activation"));
    assertEquals(true, c.get("return_sequences"));
    assertEquals("Orthogonal", ((Map<?, ?>) c.get("recurrent_initializer")).get("class_name"));
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> new SimpleRNN(0));
    assertTrue(e.getMessage().contains("Received: units=0"), e.getMessage());
    SymbolicTensor in = Input.of(4, 3);
    var multi =
        assertThrows(IllegalArgumentException.class, () -> io.tfweave.models.Sequential.named("s")
            .input(4, 3)
            .add(new SimpleRNN(2).returnState(true)));
    assertTrue(
        multi.getMessage().contains("has 2 outputs; Sequential needs one"), multi.getMessage());
    assertEquals(2, new SimpleRNN(2).returnState(true).applyAll(List.of(in)).size());
  }
}
