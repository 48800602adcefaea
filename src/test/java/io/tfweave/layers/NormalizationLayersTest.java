package io.tfweave.layers;

import static io.tfweave.layers.ImageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.graph.Weight;
import io.tfweave.layers.normalization.GroupNormalization;
import io.tfweave.layers.normalization.LayerNormalization;
import io.tfweave.layers.normalization.UnitNormalization;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.GradientCheck;
import io.tfweave.testing.LayerTester;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LayerNormalization, UnitNormalization and GroupNormalization: conformance, exact outputs, errors, gradients. */
class NormalizationLayersTest {
  @Test
  void basics() {
    LayerTester.of(LayerNormalization::new)
        .inputShape(2, 3, 4)
        .expectOutputShape(2, 3, 4)
        .expectTrainableWeights(2)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new LayerNormalization().axis(1, 2).center(false))
        .inputShape(2, 3, 4)
        .expectOutputShape(2, 3, 4)
        .expectTrainableWeights(1)
        .run();
    LayerTester.of(() -> new LayerNormalization().rmsScaling(true))
        .inputShape(2, 5)
        .expectOutputShape(2, 5)
        .expectTrainableWeights(1)
        .run();
    LayerTester.of(UnitNormalization::new)
        .inputShape(2, 3, 4)
        .expectOutputShape(2, 3, 4)
        .expectTrainableWeights(0)
        .run();
    LayerTester.of(() -> new GroupNormalization().groups(2))
        .inputShape(2, 3, 3, 4)
        .expectOutputShape(2, 3, 3, 4)
        .expectTrainableWeights(2)
        .run();
    LayerTester.of(() -> new GroupNormalization().groups(-1).axis(1).scale(false))
        .inputShape(2, 4, 3)
        .expectOutputShape(2, 4, 3)
        .expectTrainableWeights(1)
        .run();
  }

  @Test
  void kerasNamesAndDefaults() {
    LayerNormalization ln = new LayerNormalization();
    assertEquals(1e-3, ln.epsilon());
    ln.apply(Input.of(5, 6));
    assertEquals(
        List.of("gamma", "beta"), ln.weights().stream().map(Weight::name).toList());
    assertEquals("[6]", ln.weights().get(0).shape().toString());
    Map<String, Object> c = ln.config();
    assertEquals(List.of(-1), c.get("axis"));
    assertEquals(false, c.get("rms_scaling"));
    GroupNormalization gn = new GroupNormalization();
    assertEquals(32, gn.config().get("groups"));
    assertEquals(-1, gn.config().get("axis"));
  }

  @Test
  void layerNormalizationCorrectness() {
    int n = 2;
    int t = 3;
    int d = 4;
    float[] x = random(n * t * d, 1);
    float[] gamma = {1.5f, -0.5f, 2f, 0.25f};
    float[] beta = {0.1f, 0.2f, -0.3f, 0.4f};
    try (Model m = single(new LayerNormalization(), t, d)) {
      m.setWeights(weights(gamma, new long[] {d}, beta, new long[] {d}));
      float[] y = predict(m, x, n, t, d);
      for (int row = 0; row < n * t; row++) {
        double mean = 0;
        for (int j = 0; j < d; j++) mean += x[row * d + j] / (double) d;
        double var = 0;
        for (int j = 0; j < d; j++) var += Math.pow(x[row * d + j] - mean, 2) / d;
        for (int j = 0; j < d; j++) {
          double want = gamma[j] * (x[row * d + j] - mean) / Math.sqrt(var + 1e-3) + beta[j];
          assertEquals(want, y[row * d + j], 1e-5, "row " + row + " feature " + j);
        }
      }
    }
    // over axes (1, 2): one mean and variance per sample, gamma/beta of shape [t, d]
    float[] g2 = random(t * d, 2);
    float[] b2 = random(t * d, 3);
    try (Model m = single(new LayerNormalization().axis(1, 2).epsilon(1e-5), t, d)) {
      m.setWeights(weights(g2, new long[] {t, d}, b2, new long[] {t, d}));
      float[] y = predict(m, x, n, t, d);
      for (int s = 0; s < n; s++) {
        double mean = 0;
        for (int k = 0; k < t * d; k++) mean += x[s * t * d + k] / (double) (t * d);
        double var = 0;
        for (int k = 0; k < t * d; k++) var += Math.pow(x[s * t * d + k] - mean, 2) / (t * d);
        for (int k = 0; k < t * d; k++) {
          double want = g2[k] * (x[s * t * d + k] - mean) / Math.sqrt(var + 1e-5) + b2[k];
          assertEquals(want, y[s * t * d + k], 1e-4, "sample " + s + " entry " + k);
        }
      }
    }
    // rms_scaling as Keras computes it: gamma · x / sqrt(var + epsilon)
    try (Model m = single(new LayerNormalization().rmsScaling(true), d)) {
      m.setWeights(weights(gamma, new long[] {d}));
      float[] y = predict(m, x, n * t, d);
      for (int row = 0; row < n * t; row++) {
        double mean = 0;
        for (int j = 0; j < d; j++) mean += x[row * d + j] / (double) d;
        double var = 0;
        for (int j = 0; j < d; j++) var += Math.pow(x[row * d + j] - mean, 2) / d;
        for (int j = 0; j < d; j++)
          assertEquals(gamma[j] * x[row * d + j] / Math.sqrt(var + 1e-3), y[row * d + j], 1e-5);
      }
    }
  }

  @Test
  void unitNormalizationCorrectness() {
    float[] x = {3, 4, 0, 0, 0, 0, 1, -2, 2, 0, 0, 0};
    try (Model m = single(new UnitNormalization(), 3)) {
      assertArrayEquals(
          new float[] {0.6f, 0.8f, 0, 0, 0, 0, 1 / 3f, -2 / 3f, 2 / 3f, 0, 0, 0},
          predict(m, x, 4, 3),
          1e-6f);
    }
    try (Model m = single(new UnitNormalization().axis(1, 2), 2, 3)) {
      float[] y = predict(m, x, 2, 2, 3);
      for (int i = 0; i < 12; i++) assertEquals(x[i] / (i < 6 ? 5.0 : 3.0), y[i], 1e-6);
    }
  }

  @Test
  void groupNormalizationCorrectness() {
    int n = 2;
    int h = 3;
    int c = 6;
    int groups = 3;
    float[] x = random(n * h * c, 4);
    float[] gamma = random(c, 5);
    float[] beta = random(c, 6);
    try (Model m = single(new GroupNormalization().groups(groups), h, c)) {
      m.setWeights(weights(gamma, new long[] {c}, beta, new long[] {c}));
      float[] y = predict(m, x, n, h, c);
      int per = c / groups;
      for (int s = 0; s < n; s++) {
        for (int g = 0; g < groups; g++) {
          double mean = 0;
          for (int i = 0; i < h; i++)
            for (int k = 0; k < per; k++) mean += x[(s * h + i) * c + g * per + k];
          mean /= h * per;
          double var = 0;
          for (int i = 0; i < h; i++)
            for (int k = 0; k < per; k++)
              var += Math.pow(x[(s * h + i) * c + g * per + k] - mean, 2);
          var /= h * per;
          for (int i = 0; i < h; i++) {
            for (int k = 0; k < per; k++) {
              int at = (s * h + i) * c + g * per + k;
              double want =
                  gamma[g * per + k] * (x[at] - mean) / Math.sqrt(var + 1e-3) + beta[g * per + k];
              assertEquals(want, y[at], 1e-5, "sample " + s + " group " + g);
            }
          }
        }
      }
    }
    // channels first on axis 1 with one group per channel (instance normalization), unknown time
    // length
    float[] x2 = random(2 * 2 * 5, 7);
    var in = Input.of(2, -1);
    try (Model m = Model.of(
        in,
        new GroupNormalization().groups(-1).axis(1).center(false).scale(false).apply(in))) {
      float[] y = predict(m, x2, 2, 2, 5);
      for (int row = 0; row < 4; row++) {
        double mean = 0;
        for (int k = 0; k < 5; k++) mean += x2[row * 5 + k] / 5.0;
        double var = 0;
        for (int k = 0; k < 5; k++) var += Math.pow(x2[row * 5 + k] - mean, 2) / 5;
        for (int k = 0; k < 5; k++)
          assertEquals((x2[row * 5 + k] - mean) / Math.sqrt(var + 1e-3), y[row * 5 + k], 1e-5);
      }
    }
  }

  @Test
  void errors() {
    var s = assertThrows(
        ShapeMismatchException.class,
        () -> new LayerNormalization().axis(3).named("ln").apply(Input.of(4, 5)));
    assertTrue(
        s.getMessage()
            .contains(
                "Layer 'ln' (LayerNormalization) expects an input with axis 3 after the batch axis"),
        s.getMessage());
    var e = assertThrows(IllegalArgumentException.class, () -> new LayerNormalization().epsilon(0));
    assertTrue(e.getMessage().contains("Received: epsilon=0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new UnitNormalization().axis(0));
    assertTrue(e.getMessage().contains("axis must not be the batch axis 0"), e.getMessage());
    s = assertThrows(
        ShapeMismatchException.class,
        () -> new GroupNormalization().named("gn").apply(Input.of(5, 6)));
    assertTrue(
        s.getMessage()
            .contains("Number of groups (32) cannot be more than the number of channels (6)"),
        s.getMessage());
    s = assertThrows(
        ShapeMismatchException.class,
        () -> new GroupNormalization().groups(4).apply(Input.of(5, 6)));
    assertTrue(s.getMessage().contains("6 channels cannot be split into 4 groups"), s.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GroupNormalization().groups(0));
    assertTrue(e.getMessage().contains("Received: groups=0"), e.getMessage());
  }

  @Test
  void gradients() {
    GradientCheck.ofLayer(
            new LayerNormalization()
                .gammaInitializer(io.tfweave.initializers.Initializers.randomNormal(1, 0.5)),
            2,
            3,
            4)
        .epsilon(1e-3)
        .run()
        .assertWithin(2e-2);
    GradientCheck.ofLayer(new LayerNormalization().axis(1, 2).rmsScaling(true), 2, 3, 2)
        .epsilon(1e-3)
        .run()
        .assertWithin(2e-2);
    GradientCheck.ofLayer(new UnitNormalization(), 2, 3, 4).epsilon(1e-3).run().assertWithin(2e-2);
    GradientCheck.ofLayer(new GroupNormalization().groups(2), 2, 3, 4)
        .epsilon(1e-3)
        .run()
        .assertWithin(2e-2);
  }
}
