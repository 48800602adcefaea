package io.tfweave.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.HostArray;
import io.tfweave.layers.preprocessing.Discretization;
import io.tfweave.models.Model;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscretizationTest {
  @Test
  void basics() {
    LayerTester.of(() -> new Discretization().binBoundaries(-1f, 0f, 1f))
        .inputShape(2, 3)
        .expectOutputShape(2, 3)
        .expectTrainableWeights(0)
        .expectNonTrainableWeights(0)
        .run();
  }

  @Test
  void correctnessBucketsLikeKeras() {
    SymbolicTensor in = Input.of(2);
    try (Model m =
        Model.of(in, new Discretization().binBoundaries(0f, 10f, 100f).apply(in))) {
      float[] y = RecurrentCheck.predict(
              m, List.of(), new float[] {-5, 10000, 150, 10, 5, 100}, 3, 2)
          .get(0);
      assertArrayEquals(new float[] {0, 3, 3, 2, 1, 3}, y);
    }
  }

  @Test
  void adaptUsesKerasQuantileSummary() {
    float[] ten = new float[10];
    for (int i = 0; i < 10; i++) ten[i] = 10 - i;
    assertArrayEquals(
        new float[] {2.5f, 5f, 7.5f},
        new Discretization().numBins(4).adapt(HostArray.ofFloats(ten, 10)).binBoundaries(),
        1e-6f);
    float[] hundred = new float[100];
    for (int i = 0; i < 100; i++) hundred[i] = i;
    // Keras's summary skips the first n·ε values: 1..99 remain, so the quartiles are 24.75, 49.5,
    // 74.25.
    assertArrayEquals(
        new float[] {24.75f, 49.5f, 74.25f},
        new Discretization()
            .numBins(4)
            .adapt(HostArray.ofFloats(hundred, 50, 2))
            .binBoundaries(),
        1e-4f);
  }

  @Test
  void errors() {
    var b = assertThrows(
        IllegalArgumentException.class, () -> new Discretization().binBoundaries(1f, 1f));
    assertTrue(b.getMessage().contains("strictly increasing"), b.getMessage());
    var n = assertThrows(IllegalStateException.class, () -> new Discretization()
        .adapt(HostArray.ofFloats(new float[] {1}, 1)));
    assertTrue(n.getMessage().contains("needs numBins"), n.getMessage());
    SymbolicTensor in = Input.of(2);
    var u = assertThrows(IllegalStateException.class, () -> {
      try (Model m = Model.of(in, new Discretization().numBins(3).apply(in))) {
        m.predict(RecurrentCheck.nd(new float[2], 1, 2));
      }
    });
    assertTrue(u.getMessage().contains("has no bin boundaries"), u.getMessage());
  }
}
