package io.tfweave.testing;

import static io.tfweave.activations.Activation.SIGMOID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

class GradientCheckTest {
  private static final String[] VARS = {"x1", "x2", "x3", "w1", "b1", "w2"};
  private static final double[] AT = {2, -1, 1, 1.5, 1, -3};

  /** The worked example's loss in plain Java: H1..H5, ŷ = σ(H3 − H5), binary cross-entropy with y = 1. */
  private static double exampleLoss(double[] v) {
    double h1 = v[3] * (v[0] + v[1]);
    double h2 = v[0] * v[1] * v[2] + v[4];
    double h3 = Math.min(v[0], h1);
    double h4 = v[5] * h2 / h1;
    double h5 = Math.max(h4, h1);
    double yHat = 1 / (1 + Math.exp(-(h3 - h5)));
    return -Math.log(yHat);
  }

  private static GradientCheck example() {
    GradientCheck c = GradientCheck.of(TFloat64.class, (tf, in) -> {
      Operand<TFloat64> x1 = in.get("x1");
      Operand<TFloat64> x2 = in.get("x2");
      Operand<TFloat64> x3 = in.get("x3");
      Operand<TFloat64> h1 = tf.math.mul(in.get("w1"), tf.math.add(x1, x2));
      Operand<TFloat64> h2 = tf.math.add(tf.math.mul(tf.math.mul(x1, x2), x3), in.get("b1"));
      Operand<TFloat64> h3 = tf.math.minimum(x1, h1);
      Operand<TFloat64> h4 = tf.math.div(tf.math.mul(in.get("w2"), h2), h1);
      Operand<TFloat64> h5 = tf.math.maximum(h4, h1);
      Operand<TFloat64> yHat = tf.math.sigmoid(tf.math.sub(h3, h5));
      return tf.math.neg(tf.math.log(yHat)); // binary cross-entropy with y = 1
    });
    for (int i = 0; i < VARS.length; i++) c.input(VARS[i], AT[i]);
    return c;
  }

  @Test
  void workedExampleMatchesFiniteDifferences() {
    GradientReport r = example().run();
    assertEquals(0.974, r.value(), 5e-4, "loss");
    assertEquals(0.3775, Math.exp(-r.value()), 5e-5, "forward ŷ");
    assertEquals(exampleLoss(AT), r.value(), 1e-12, "TensorFlow and Java agree on the loss");
    r.assertWithin(1e-7);
    // an independent central difference in plain Java
    for (int i = 0; i < VARS.length; i++) {
      final int k = i;
      ToDoubleFunction<Double> at = d -> {
        double[] v = AT.clone();
        v[k] += d;
        return exampleLoss(v);
      };
      double numeric = (at.applyAsDouble(1e-6) - at.applyAsDouble(-1e-6)) / 2e-6;
      assertEquals(numeric, r.entry(VARS[i]).analytic()[0], 1e-7, "d loss / d " + VARS[i]);
    }
    // min picks H1 (1.5 < 2), so the loss does not depend on x1 through H3's first argument; dL/dw1
    // is not zero
    assertTrue(Math.abs(r.entry("w1").analytic()[0]) > 0.1, r.toString());
  }

  @Test
  void reportIsReadable() {
    String s = example().run().toString();
    assertTrue(s.contains("float64") && s.contains("max abs err") && s.contains("max rel err"), s);
    for (String v : VARS) assertTrue(s.contains("\n" + v + " "), s);
    assertTrue(s.contains("worst relative error"), s);
  }

  @Test
  void detectsAWrongGradient() {
    // stopGradient hides x*x from tf.gradients: analytic 1, numeric 2x + 1
    GradientReport r = GradientCheck.of(
            TFloat64.class,
            (tf, in) -> tf.math.add(tf.stopGradient(tf.math.square(in.get("x"))), in.get("x")))
        .input("x", Shape.of(2), 1.5, -2)
        .run();
    assertEquals(4.0 / 3.0, r.entry("x").maxRelError(), 1e-6);
    AssertionError e = assertThrows(AssertionError.class, () -> r.assertWithin(1e-3));
    assertTrue(
        e.getMessage().contains("[x]") && e.getMessage().contains("analytic 1.000000e+00"),
        e.getMessage());
    assertTrue(!r.passes(1e-3));
  }

  @Test
  void float32ExpressionsAndSampling() {
    double[] v = new double[1000];
    for (int i = 0; i < v.length; i++) v[i] = Math.sin(i);
    GradientReport r = GradientCheck.of(
            TFloat32.class, (tf, in) -> tf.math.mul(in.get("x"), in.get("x")))
        .input("x", Shape.of(1000), v)
        .maxEntries(50)
        .run()
        .assertWithin(1e-2);
    assertEquals(50, r.entry("x").checked());
    assertTrue(r.toString().contains("float32"));
  }

  @Test
  void modelWithDataLeavesWeightsUnchanged() {
    float[] x = {0.1f, 0.9f, 0.4f, -0.3f, 0.8f, 0.2f, -0.5f, -0.6f};
    float[] y = {1, 0, 1, 0};
    try (Model m = Sequential.named("m")
        .input(2)
        .add(new QuadraticDense(3).activation(SIGMOID))
        .add(new Dense(1).activation(SIGMOID))
        .seed(4)
        .build()) {
      m.compile(Optimizers.sgd(0.1), Losses.binaryCrossentropy());
      List<FloatNdArray> before = m.getWeights();
      GradientReport r = GradientCheck.ofModel(
              m, Dataset.ofArrays(List.of(HostArray.ofFloats(x, 4, 2)), HostArray.ofFloats(y, 4)))
          .run();
      r.assertWithin(1e-2);
      assertEquals(
          m.evaluate(
                  Dataset.ofArrays(List.of(HostArray.ofFloats(x, 4, 2)), HostArray.ofFloats(y, 4)))
              .get("loss"),
          r.value(),
          1e-5,
          "the checked value is the compiled loss");
      assertEquals(1 + 8, r.entries().size(), r.toString()); // the input and 6 + 2 weights
      List<FloatNdArray> after = m.getWeights();
      for (int i = 0; i < before.size(); i++)
        assertArrayEquals(flat(before.get(i)), flat(after.get(i)));
    }
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(
            TFloat64.class, (tf, in) -> in.get("x"))
        .input("x", Shape.of(2), 1, 2, 3));
    assertTrue(e.getMessage().contains("has shape [2] (2 values), but 3 values"), e.getMessage());
    var s =
        assertThrows(IllegalStateException.class, () -> GradientCheck.ofLayer(new Dense(2), 2, 3)
            .input("x", 1));
    assertTrue(s.getMessage().contains("GradientCheck.of"), s.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GradientCheck.ofLayer(new Dense(2), 3));
    assertTrue(e.getMessage().contains("batch size"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> example().run().entry("nope"));
    assertTrue(e.getMessage().contains("Variables: [x1"), e.getMessage());
  }

  private static float[] flat(FloatNdArray a) {
    float[] f = new float[(int) a.size()];
    a.copyTo(DataBuffers.of(f, false, false));
    return f;
  }

  @Test
  void javadocExample() {
    GradientCheck.ofLayer(new Dense(3), 2, 5).run().assertWithin(2e-2);
    GradientCheck.of(TFloat64.class, (tf, in) -> tf.math.mul(in.get("x"), in.get("x")))
        .input("x", Shape.of(3), 2, -1, 1)
        .run()
        .assertWithin(1e-6);
  }
}
