package io.tfweave.models;

import static io.tfweave.activations.Activation.RELU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FreezingTest {
  private static Dataset data() {
    Random r = new Random(4);
    float[] x = new float[40 * 3];
    float[] y = new float[40];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    for (int i = 0; i < 40; i++) y[i] = x[3 * i] > 0 ? 1 : 0;
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, 40, 3)), HostArray.ofFloats(y, 40));
  }

  /** An outer model holding a nested "base" (a, b) and a head. */
  private static Model nested() {
    Model base = Sequential.named("base")
        .input(3)
        .add(new Dense(4).activation(RELU).named("a"))
        .add(new Dense(4).activation(RELU).named("b"))
        .build();
    SymbolicTensor in = Input.of(3);
    return Model.of(in, new Dense(2).named("head").apply(base.apply(in)))
        .named("outer")
        .seed(1);
  }

  @Test
  void freezeUpToAndUnfreezeFromSearchNestedModels() {
    try (Model m = nested()) {
      Freezing.freezeUpTo(m, "a");
      assertEquals(List.of("b", "head"), Freezing.trainableLayerNames(m));
      Freezing.unfreezeFrom(m, "head");
      assertEquals(List.of("head"), Freezing.trainableLayerNames(m));
      Freezing.unfreezeFrom(m, "a");
      assertEquals(List.of("a", "b", "head"), Freezing.trainableLayerNames(m));
      var e = assertThrows(IllegalArgumentException.class, () -> Freezing.freezeUpTo(m, "c"));
      assertTrue(
          e.getMessage().contains("no layer 'c'") && e.getMessage().contains("head"),
          e.getMessage());
    }
  }

  @Test
  void frozenWeightsStayBitIdenticalAndChangesApplyAtCompile() {
    try (Model m = nested()) {
      Freezing.freezeUpTo(m, "b");
      m.compile(Optimizers.adam(0.05), Losses.sparseCategoricalCrossentropyFromLogits());
      Weight a =
          m.layer("base") instanceof Model base ? base.layer("a").weights().get(0) : null;
      Weight head = m.layer("head").weights().get(0);
      float[] a0 = m.weightValue(a);
      float[] h0 = m.weightValue(head);
      m.fit(data(), FitOptions.epochs(1).batchSize(8).verbose(0));
      assertArrayEquals(a0, m.weightValue(a));
      assertFalse(Arrays.equals(h0, m.weightValue(head)));
      Freezing.unfreezeFrom(m, "a");
      m.compile(Optimizers.adam(0.05), Losses.sparseCategoricalCrossentropyFromLogits());
      m.fit(data(), FitOptions.epochs(1).batchSize(8).verbose(0));
      assertFalse(Arrays.equals(a0, m.weightValue(a)), "unfrozen at the next compile");
    }
  }

  @Test
  void fitWithEverythingFrozenFailsClearly() {
    try (Model m = nested()) {
      m.setTrainable(false);
      m.compile(Optimizers.adam(0.05), Losses.sparseCategoricalCrossentropyFromLogits());
      var e = assertThrows(
          IllegalStateException.class, () -> m.fit(data(), FitOptions.epochs(1).verbose(0)));
      assertTrue(e.getMessage().contains("no trainable weights"), e.getMessage());
    }
  }
}
