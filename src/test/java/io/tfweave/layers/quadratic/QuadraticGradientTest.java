package io.tfweave.layers.quadratic;

import static io.tfweave.activations.Activation.SIGMOID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.layers.*;
import io.tfweave.layers.Padding;
import io.tfweave.layers.convolutional.*;
import io.tfweave.layers.core.*;
import io.tfweave.testing.GradientCheck;
import io.tfweave.testing.GradientReport;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/**
 * The fused op's closed-form gradient equals TensorFlow's autodiff of the composed form and central differences, for the
 * dense and convolutional neurons, in float64 and float32.
 */
class QuadraticGradientTest {
  private static final String[] NAMES = {"x", "w_r", "b_r", "w_g", "b_g", "w_b", "c"};

  /** Inputs x, w_r, b_r, w_g, b_g, w_b, c for a dense ([4, 3] → 2 units) or conv ([2, 6, 5, 2], 3x3 → 3 filters) neuron. */
  private static GradientCheck declare(GradientCheck check, boolean conv, long seed) {
    Random r = new Random(seed);
    Shape x = conv ? Shape.of(2, 6, 5, 2) : Shape.of(4, 3);
    Shape k = conv ? Shape.of(3, 3, 2, 3) : Shape.of(3, 2);
    Shape b = Shape.of(k.get(k.numDimensions() - 1));
    Shape[] shapes = {x, k, b, k, b, k, b};
    for (int i = 0; i < NAMES.length; i++) {
      double[] v = new double[(int) shapes[i].size()];
      for (int j = 0; j < v.length; j++) v[j] = r.nextGaussian() * 0.5;
      check.input(NAMES[i], shapes[i], v);
    }
    return check;
  }

  private static <T extends TFloating> GradientCheck.Expression<T> neuron(
      boolean conv, boolean fused, int stride, Padding padding, int dilation) {
    return (Ops tf, java.util.Map<String, Operand<T>> in) -> {
      List<Operand<T>> v = java.util.Arrays.stream(NAMES).map(in::get).toList();
      Operand<T> h = conv
          ? QuadraticOps.conv2d(
              tf,
              v.get(0),
              v.get(1),
              v.get(2),
              v.get(3),
              v.get(4),
              v.get(5),
              v.get(6),
              new int[] {stride, stride},
              padding,
              new int[] {dilation, dilation},
              fused)
          : QuadraticOps.dense(
              tf, v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), fused);
      return tf.math.sin(h); // a non-linear read-out, so that the upstream gradient is not constant
    };
  }

  private static void compare(boolean conv, int stride, Padding padding, int dilation) {
    String what = (conv ? "conv2d s" + stride + " " + padding + " d" + dilation : "dense");
    // float64: fused == autodiff to rounding, both == central differences to 1e-6
    GradientReport f64 = declare(
            GradientCheck.of(TFloat64.class, neuron(conv, true, stride, padding, dilation)),
            conv,
            1)
        .run()
        .assertWithin(1e-6);
    GradientReport a64 = declare(
            GradientCheck.of(TFloat64.class, neuron(conv, false, stride, padding, dilation)),
            conv,
            1)
        .run()
        .assertWithin(1e-6);
    assertSameAnalytic(f64, a64, 1e-12, what + " float64");
    // float32: the same, with float32 tolerances
    GradientReport f32 = declare(
            GradientCheck.of(TFloat32.class, neuron(conv, true, stride, padding, dilation)),
            conv,
            1)
        .epsilon(1e-2)
        .run()
        .assertWithin(2e-2);
    GradientReport a32 = declare(
            GradientCheck.of(TFloat32.class, neuron(conv, false, stride, padding, dilation)),
            conv,
            1)
        .epsilon(1e-2)
        .run()
        .assertWithin(2e-2);
    assertSameAnalytic(f32, a32, 1e-5, what + " float32");
    // float32 analytic agrees with float64 analytic
    assertSameAnalytic(f32, f64, 1e-4, what + " float32 vs float64");
  }

  private static void assertSameAnalytic(
      GradientReport a, GradientReport b, double tol, String what) {
    for (String n : NAMES) {
      double[] x = a.entry(n).analytic();
      double[] y = b.entry(n).analytic();
      assertEquals(x.length, y.length);
      double scale = 1;
      for (double v : y) scale = Math.max(scale, Math.abs(v));
      for (int i = 0; i < x.length; i++) {
        assertEquals(y[i], x[i], tol * scale, what + ": d/d" + n + " entry " + i);
      }
    }
  }

  @Test
  void denseFusedEqualsAutodiffAndFiniteDifferences() {
    compare(false, 1, Padding.VALID, 1);
  }

  @Test
  void convValidFusedEqualsAutodiffAndFiniteDifferences() {
    compare(true, 1, Padding.VALID, 1);
  }

  @Test
  void convSameStridedFusedEqualsAutodiffAndFiniteDifferences() {
    compare(true, 2, Padding.SAME, 1);
  }

  @Test
  void convDilatedFusedEqualsAutodiffAndFiniteDifferences() {
    compare(true, 1, Padding.SAME, 2);
  }

  @Test
  void layersPassTheGradientCheck() {
    for (boolean fused : new boolean[] {true, false}) {
      GradientReport d = GradientCheck.ofLayer(
              new QuadraticDense(3).activation(SIGMOID).fused(fused), 4, 5)
          .run();
      d.assertWithin(2e-2);
      GradientReport c = GradientCheck.ofLayer(
              new QuadraticConv2D(2, 3).padding(Padding.SAME).strides(2).fused(fused), 2, 5, 5, 2)
          .run();
      c.assertWithin(2e-2);
      assertTrue(c.entries().stream().anyMatch(e -> e.name().endsWith("/w_b")), c.toString());
    }
  }

  @Test
  void functionsAreNamedPerVariant() {
    assertEquals(
        "tfweave_quadratic_dense_f32", QuadraticFunctions.dense(TFloat32.class).name());
    assertEquals(
        "tfweave_quadratic_conv2d_f64_s2x1_same",
        QuadraticFunctions.conv2d(TFloat64.class, new int[] {2, 1}, Padding.SAME)
            .name());
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> QuadraticFunctions.dense(org.tensorflow.types.TFloat16.class));
    assertTrue(e.getMessage().contains("fused(false)"), e.getMessage());
  }
}
