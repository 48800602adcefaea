package io.tfweave.layers;

import static io.tfweave.layers.RecurrentCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.layers.core.Dense;
import io.tfweave.layers.recurrent.TimeDistributed;
import io.tfweave.models.Model;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeDistributedTest {
  @Test
  void basics() {
    LayerTester.of(() -> new TimeDistributed(new Dense(2)))
        .inputShape(2, 4, 3)
        .expectOutputShape(2, 4, 2)
        .expectTrainableWeights(2)
        .expectNonTrainableWeights(0)
        .run();
  }

  @Test
  void correctnessAppliesTheSameDenseToEveryStep() {
    float[] x = random(2 * 3 * 2, 41, 1.0);
    float[] k = {1, 2, 3, 4};
    float[] b = {0.5f, -0.5f};
    SymbolicTensor in = Input.of(3, 2);
    TimeDistributed td = new TimeDistributed(new Dense(2));
    try (Model m = Model.of(in, td.apply(in))) {
      assertEquals("time_distributed/dense/kernel", m.variableName(td.weights().get(0)));
      float[] y = RecurrentCheck.predict(m, List.of(k, b), x, 2, 3, 2).get(0);
      for (int s = 0; s < 6; s++) {
        assertEquals(x[2 * s] * 1 + x[2 * s + 1] * 3 + 0.5f, y[2 * s], 1e-5);
        assertEquals(x[2 * s] * 2 + x[2 * s + 1] * 4 - 0.5f, y[2 * s + 1], 1e-5);
      }
    }
  }

  @Test
  void errors() {
    Dense used = new Dense(2);
    SymbolicTensor in = Input.of(3);
    used.apply(in);
    var e = assertThrows(IllegalArgumentException.class, () -> new TimeDistributed(used));
    assertTrue(e.getMessage().contains("needs a fresh layer"), e.getMessage());
    var s = assertThrows(
        io.tfweave.shape.ShapeMismatchException.class,
        () -> new TimeDistributed(new Dense(2)).apply(in));
    assertTrue(s.getMessage().contains("expects an input of rank >= 3"), s.getMessage());
  }
}
