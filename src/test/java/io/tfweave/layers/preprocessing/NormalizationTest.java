package io.tfweave.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.HostArray;
import io.tfweave.layers.*;
import io.tfweave.layers.convolutional.*;
import io.tfweave.layers.core.*;
import io.tfweave.layers.merging.*;
import io.tfweave.layers.reshaping.*;
import io.tfweave.models.Model;
import io.tfweave.testing.LayerTester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizationTest {
  static final float[] DATA = {1, 2, 3, 6, 5, 10};

  @Test
  void basics() {
    LayerTester.of(Normalization::new)
        .inputShape(2, 3, 4)
        .expectOutputShape(2, 3, 4)
        .expectTrainableWeights(0)
        .expectNonTrainableWeights(3)
        .run();
    LayerTester.of(() -> new Normalization().mean(1f, 2f).variance(4f, 9f))
        .inputShape(2, 2)
        .expectOutputShape(2, 2)
        .expectTrainableWeights(0)
        .expectNonTrainableWeights(0)
        .run();
  }

  @Test
  void adaptStatisticsMatchHandComputation() {
    Normalization n = new Normalization().adapt(HostArray.ofFloats(DATA, 3, 2));
    assertArrayEquals(new float[] {3, 6}, n.adapted().mean(), 1e-6f);
    assertArrayEquals(new float[] {8f / 3, 32f / 3}, n.adapted().variance(), 1e-5f);
    assertEquals(3f, n.adapted().count());
    Normalization scalar = new Normalization().axis().adapt(HostArray.ofFloats(DATA, 3, 2));
    assertEquals(0, scalar.adapted().shape().numDimensions());
    assertEquals(27f / 6, scalar.adapted().mean()[0], 1e-6f);
    assertEquals(6f, scalar.adapted().count());
    float[] cube = new float[2 * 2 * 3];
    for (int i = 0; i < cube.length; i++) cube[i] = i;
    Normalization perStep = new Normalization().axis(1).adapt(HostArray.ofFloats(cube, 2, 2, 3));
    assertArrayEquals(
        new float[] {(0 + 1 + 2 + 6 + 7 + 8) / 6f, (3 + 4 + 5 + 9 + 10 + 11) / 6f},
        perStep.adapted().mean(),
        1e-6f);
  }

  @Test
  void correctnessNormalizesAndInverts() {
    SymbolicTensor in = Input.of(2);
    Normalization norm = new Normalization().adapt(HostArray.ofFloats(DATA, 3, 2));
    SymbolicTensor z = norm.apply(in);
    SymbolicTensor back =
        new Normalization().invert(true).mean(3f, 6f).variance(8f / 3, 32f / 3).apply(z);
    try (Model m = Model.of(List.of(in), List.of(z, back))) {
      List<float[]> y = RecurrentCheck.predict(m, List.of(), DATA, 3, 2);
      double s0 = Math.sqrt(8.0 / 3);
      double s1 = Math.sqrt(32.0 / 3);
      assertArrayEquals(
          new float[] {
            (float) (-2 / s0), (float) (-4 / s1), 0, 0, (float) (2 / s0), (float) (4 / s1)
          },
          y.get(0),
          1e-5f);
      assertArrayEquals(DATA, y.get(1), 1e-5f);
      assertEquals(
          List.of("mean", "variance", "count"),
          norm.weights().stream().map(w -> w.name()).toList());
    }
  }

  @Test
  void adaptAfterBuildUpdatesTheWeightsAndTheyAreSaved(@TempDir Path dir) {
    SymbolicTensor in = Input.of(2);
    Normalization norm = new Normalization();
    try (Model m = Model.of(in, norm.apply(in))) {
      assertArrayEquals(
          DATA,
          RecurrentCheck.predict(m, List.of(), DATA, 3, 2).get(0),
          1e-6f,
          "identity before adapt");
      norm.adapt(HostArray.ofFloats(DATA, 3, 2));
      float[] after = RecurrentCheck.predict(m, List.of(), DATA, 3, 2).get(0);
      assertEquals(0f, after[2], 1e-6f);
      assertArrayEquals(new float[] {3, 6}, m.weightValue(norm.weights().get(0)), 1e-6f);
      m.saveWeights(dir.resolve("ckpt"));
      SymbolicTensor in2 = Input.of(2);
      try (Model fresh = Model.of(in2, new Normalization().apply(in2))) {
        fresh.loadWeights(dir.resolve("ckpt"));
        assertArrayEquals(
            after, RecurrentCheck.predict(fresh, List.of(), DATA, 3, 2).get(0), 1e-6f);
      }
    }
    assertTrue(
        Files.exists(dir.resolve("ckpt-1.index")), "saveWeights writes a numbered checkpoint");
    assertTrue(Files.exists(dir.resolve("ckpt.checkpoint")), "made current by its state file");
  }

  @Test
  void errors() {
    var a = assertThrows(IllegalArgumentException.class, () -> new Normalization().axis(0));
    assertTrue(a.getMessage().contains("batch axis 0"), a.getMessage());
    var m = assertThrows(
        IllegalStateException.class,
        () -> new Normalization().mean(1f).variance(1f).adapt(HostArray.ofFloats(DATA, 3, 2)));
    assertTrue(m.getMessage().contains("cannot be adapted"), m.getMessage());
    var s = assertThrows(
        io.tfweave.shape.ShapeMismatchException.class,
        () -> new Normalization().adapt(HostArray.ofFloats(DATA, 3, 2)).apply(Input.of(3)));
    assertTrue(s.getMessage().contains("statistics of shape [2]"), s.getMessage());
    var v = assertThrows(IllegalArgumentException.class, () -> new Normalization().variance(-1f));
    assertTrue(v.getMessage().contains("variance=-1.0"), v.getMessage());
  }
}
