package io.tfweave.activations;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Keras 3's activations: values against the formulas written out in double precision, and gradients against central
 * finite differences (the graph is built on float64, which the formulas accept since their constants take x's dtype).
 */
class ActivationsTest {
  /** Points away from every kink (0, ±0.5, ±1, ±3, 6). */
  static final double[] X = {-3.4, -2.3, -1.4, -0.8, -0.3, 0.2, 0.7, 1.3, 2.6, 3.4, 6.5};

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  /** erf with a relative error below 1.2e-7 (Numerical Recipes' erfc Chebyshev fit). */
  static double erf(double x) {
    double t = 1 / (1 + 0.5 * Math.abs(x));
    double y = 1
        - t
            * Math.exp(
                -x * x
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? y : -y;
  }

  static Map<Activation, DoubleUnaryOperator> elementwise() {
    Map<Activation, DoubleUnaryOperator> m = new LinkedHashMap<>();
    m.put(Activation.RELU, x -> Math.max(x, 0));
    m.put(Activation.SIGMOID, ActivationsTest::sigmoid);
    m.put(Activation.TANH, Math::tanh);
    m.put(
        Activation.SELU,
        x -> 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x)));
    m.put(Activation.ELU, x -> x > 0 ? x : Math.expm1(x));
    m.put(Activation.LEAKY_RELU, x -> x > 0 ? x : 0.2 * x);
    m.put(Activation.RELU6, x -> Math.min(Math.max(x, 0), 6));
    m.put(Activation.LINEAR, x -> x);
    m.put(Activation.GELU, x -> 0.5 * x * (1 + erf(x / Math.sqrt(2))));
    m.put(Activation.SWISH, x -> x * sigmoid(x));
    m.put(Activation.SILU, x -> x * sigmoid(x));
    m.put(Activation.SOFTPLUS, ActivationsTest::softplus);
    m.put(Activation.SOFTSIGN, x -> x / (1 + Math.abs(x)));
    m.put(Activation.HARD_SIGMOID, x -> Math.min(Math.max(x + 3, 0), 6) / 6);
    m.put(Activation.HARD_SILU, x -> x * Math.min(Math.max(x + 3, 0), 6) / 6);
    m.put(Activation.MISH, x -> x * Math.tanh(softplus(x)));
    m.put(Activation.LOG_SIGMOID, x -> Math.log(sigmoid(x)));
    m.put(Activation.CELU, x -> Math.max(x, 0) + Math.expm1(Math.min(x, 0)));
    m.put(Activation.TANH_SHRINK, x -> x - Math.tanh(x));
    m.put(Activation.HARD_TANH, x -> Math.max(-1, Math.min(1, x)));
    m.put(Activation.SOFT_SHRINK, x -> x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0);
    m.put(Activation.HARD_SHRINK, x -> Math.abs(x) > 0.5 ? x : 0);
    m.put(Activation.SQUAREPLUS, x -> (x + Math.sqrt(x * x + 4)) / 2);
    m.put(Activation.SPARSE_PLUS, x -> x <= -1 ? 0 : x < 1 ? (x + 1) * (x + 1) / 4 : x);
    m.put(Activation.SPARSE_SIGMOID, x -> x <= -1 ? 0 : x >= 1 ? 1 : (x + 1) / 2);
    m.put(Activation.EXPONENTIAL, Math::exp);
    m.put(Activations.relu(0.1, 4, 0.5), x -> x > 0.5 ? Math.min(x, 4) : 0.1 * (x - 0.5));
    m.put(Activations.relu(0, 6, 0), x -> Math.min(Math.max(x, 0), 6));
    m.put(Activations.relu(0, 2.5, 0), x -> Math.min(Math.max(x, 0), 2.5));
    m.put(Activations.relu(0.3, Double.NaN, 0), x -> x > 0 ? x : 0.3 * x);
    m.put(Activations.leakyRelu(0.05), x -> x > 0 ? x : 0.05 * x);
    m.put(Activations.elu(0.5), x -> x > 0 ? x : 0.5 * Math.expm1(x));
    m.put(Activations.celu(2), x -> Math.max(x, 0) + 2 * Math.expm1(Math.min(x, 0) / 2));
    m.put(Activations.softShrink(1.1), x -> x > 1.1 ? x - 1.1 : x < -1.1 ? x + 1.1 : 0);
    m.put(Activations.hardShrink(1.1), x -> Math.abs(x) > 1.1 ? x : 0);
    m.put(Activations.squareplus(1), x -> (x + Math.sqrt(x * x + 1)) / 2);
    m.put(Activations.threshold(0.25, -2), x -> x > 0.25 ? x : -2);
    m.put(
        Activations.gelu(true),
        x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
    return m;
  }

  /** Values (float64 graph) and gradients of sum(a(x) · r). */
  record Run(double[] y, double[] grad, double loss) {}

  /** One graph for {@code a} on a float64 placeholder of {@code shape}, run at many points. */
  static final class Probe implements AutoCloseable {
    final Graph g = new Graph();
    final Session s = new Session(g);
    final Placeholder<TFloat64> in;
    final Operand<TFloat64> y;
    final Operand<TFloat64> loss;
    final org.tensorflow.Output<?> grad;
    final Shape shape;

    @SuppressWarnings({"unchecked", "rawtypes"}) // a float64 tensor through the float32-typed API
    Probe(Activation a, Shape shape, double[] r) {
      this.shape = shape;
      Ops tf = Ops.create(g);
      in = tf.placeholder(TFloat64.class, Placeholder.shape(shape));
      y = tf.identity((Operand) a.apply(tf, (Operand<TFloat32>) (Operand) in));
      Operand<TFloat64> weights = tf.constant(y.shape(), DataBuffers.of(r, true, false));
      loss = tf.sum(tf.math.mul(y, weights), tf.range(tf.constant(0), tf.rank(y), tf.constant(1)));
      grad = tf.gradients(loss, List.of(in)).dy(0);
    }

    Run run(double[] x) {
      try (TFloat64 xt = TFloat64.tensorOf(shape, DataBuffers.of(x, true, false));
          var res = s.runner().feed(in, xt).fetch(y).fetch(grad).fetch(loss).run()) {
        TFloat64 yt = (TFloat64) res.get(0);
        double[] yv = new double[(int) yt.shape().size()];
        double[] gv = new double[x.length];
        yt.copyTo(DataBuffers.of(yv, false, false));
        ((TFloat64) res.get(1)).copyTo(DataBuffers.of(gv, false, false));
        return new Run(yv, gv, ((TFloat64) res.get(2)).getDouble());
      }
    }

    @Override
    public void close() {
      s.close();
      g.close();
    }
  }

  static Run run(Activation a, double[] x, Shape shape, double[] r) {
    try (Probe p = new Probe(a, shape, r)) {
      return p.run(x);
    }
  }

  static void checkGradient(Activation a, double[] x, Shape shape) {
    double[] r = new double[x.length];
    for (int i = 0; i < r.length; i++) r[i] = 0.3 + 0.17 * i - 0.05 * i * i % 1.3;
    checkGradient(a, x, shape, r);
  }

  static void checkGradient(Activation a, double[] x, Shape shape, double[] r) {
    try (Probe probe = new Probe(a, shape, r)) {
      Run base = probe.run(x);
      double h = 1e-6;
      for (int i = 0; i < x.length; i++) {
        double[] p = x.clone();
        double[] m = x.clone();
        p[i] += h;
        m[i] -= h;
        double fd = (probe.run(p).loss - probe.run(m).loss) / (2 * h);
        assertEquals(
            fd, base.grad[i], 1e-5 * Math.max(1, Math.abs(fd)), a.name() + " d/dx at " + x[i]);
      }
    }
  }

  @Test
  void elementwiseValuesAndGradients() {
    Shape shape = Shape.of(1, X.length);
    double[] ones = new double[X.length];
    java.util.Arrays.fill(ones, 1);
    for (var e : elementwise().entrySet()) {
      Activation a = e.getKey();
      double[] y = run(a, X, shape, ones).y;
      for (int i = 0; i < X.length; i++) {
        double expected = e.getValue().applyAsDouble(X[i]);
        assertEquals(
            expected, y[i], 1e-6 * Math.max(1, Math.abs(expected)), a.name() + "(" + X[i] + ")");
      }
      checkGradient(a, X, shape);
    }
  }

  static final double[] M = {0.3, -1.2, 2.0, 0.9, 1.5, 1.4, -0.6, 0.1};

  @Test
  void lastAxisActivations() {
    Shape shape = Shape.of(2, 4);
    double[] ones = new double[8];
    java.util.Arrays.fill(ones, 1);
    double[] soft = run(Activation.SOFTMAX, M, shape, ones).y;
    double[] logSoft = run(Activation.LOG_SOFTMAX, M, shape, ones).y;
    for (int row = 0; row < 2; row++) {
      double z = 0;
      for (int j = 0; j < 4; j++) z += Math.exp(M[row * 4 + j]);
      for (int j = 0; j < 4; j++) {
        assertEquals(Math.exp(M[row * 4 + j]) / z, soft[row * 4 + j], 1e-12);
        assertEquals(M[row * 4 + j] - Math.log(z), logSoft[row * 4 + j], 1e-12);
      }
    }
    // Sparsemax by hand. Row 1 (0.3, -1.2, 2.0, 0.9): sorted 2.0, 0.9, ...; k = 1: 1 + 2.0 > 2.0
    // yes; k = 2: 1 + 2·0.9 =
    // 2.8 > 2.9 no; so τ = 2.0 − 1 = 1.0 → (0, 0, 1, 0). Row 2 (1.5, 1.4, −0.6, 0.1): k = 2: 1 +
    // 2.8 > 2.9 yes; k = 3:
    // 1 + 3·0.1 = 1.3 > 3.0 no; τ = (2.9 − 1) / 2 = 0.95 → (0.55, 0.45, 0, 0).
    double[] sparse = run(Activation.SPARSEMAX, M, shape, ones).y;
    double[] expected = {0, 0, 1, 0, 0.55, 0.45, 0, 0};
    for (int i = 0; i < 8; i++) assertEquals(expected[i], sparse[i], 1e-12, "sparsemax " + i);
    // GLU: a · sigmoid(b) with a, b the halves of each row: (0.3 σ(2.0), −1.2 σ(0.9)), (1.5
    // σ(−0.6), 1.4 σ(0.1)).
    Run glu = run(Activation.GLU, M, shape, new double[] {1, 1, 1, 1});
    double[] gluExpected = {
      0.3 * sigmoid(2.0), -1.2 * sigmoid(0.9), 1.5 * sigmoid(-0.6), 1.4 * sigmoid(0.1)
    };
    for (int i = 0; i < 4; i++) assertEquals(gluExpected[i], glu.y[i], 1e-12, "glu " + i);
    for (Activation a : List.of(Activation.SOFTMAX, Activation.LOG_SOFTMAX, Activation.SPARSEMAX)) {
      checkGradient(a, M, shape);
    }
    assertArrayEquals(
        new long[] {-1, 3}, Activation.GLU.outputShape(Shape.of(-1, 6)).asArray());
    var e = assertThrows(
        IllegalArgumentException.class, () -> Activation.GLU.outputShape(Shape.of(-1, 5)));
    assertTrue(e.getMessage().contains("must be even"), e.getMessage());
  }

  @Test
  void gluGradient() {
    checkGradient(Activation.GLU, M, Shape.of(2, 4), new double[] {0.7, -0.4, 1.1, 0.5});
  }

  @Test
  void namesAreKerasAndParametersAreNotSilentlyDropped() {
    for (String n : Activations.names()) {
      Activation a = Activations.byName(n);
      assertTrue(a.hasKerasName());
      assertEquals(n.equals("hard_swish") ? "hard_silu" : n, Activations.configName(a));
    }
    assertEquals(31, Activations.names().size());
    assertSame(Activation.RELU, Activations.relu(0, Double.NaN, 0));
    assertEquals("leaky_relu", Activations.configName(Activations.leakyRelu(0.2)));
    Activation custom = Activations.relu(0.1, 4, 0.5);
    assertEquals("relu(negative_slope=0.1, max_value=4.0, threshold=0.5)", custom.name());
    var e = assertThrows(IllegalArgumentException.class, () -> Activations.configName(custom));
    assertTrue(e.getMessage().contains("non-default parameters"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Activations.byName("gleu"));
    assertTrue(
        e.getMessage().contains("Unknown activation 'gleu'") && e.getMessage().contains("mish"));
    e = assertThrows(IllegalArgumentException.class, () -> Activations.celu(0));
    assertTrue(e.getMessage().contains("Received: alpha=0.0"));
  }

  @Test
  void buildsOnFloat32AsLayersCallIt() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(new float[][] {{-1.5f, 0.2f, 2.5f, 0.7f}});
      for (String n : Activations.names()) {
        try (TFloat32 t = (TFloat32)
            s.runner().fetch(Activations.byName(n).apply(tf, x)).run().get(0)) {
          assertTrue(Float.isFinite(t.getFloat(0, 0)), n);
        }
      }
    }
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"
  }) // bfloat16 tensors through the float32-typed API (mixed precision)
  void everyActivationBuildsOnBfloat16AndAgreesWithFloat32() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(new float[][] {{-1.5f, 0.2f, 2.5f, 0.7f}});
      Operand<TFloat32> x16 = (Operand) tf.dtypes.cast(x, org.tensorflow.types.TBfloat16.class);
      for (String n : Activations.names()) {
        Activation a = Activations.byName(n);
        Operand<?> y16 = a.apply(tf, x16);
        assertEquals(org.tensorflow.types.TBfloat16.class, y16.type(), n);
        try (TFloat32 full = (TFloat32) s.runner().fetch(a.apply(tf, x)).run().get(0);
            TFloat32 half = (TFloat32)
                s.runner().fetch(tf.dtypes.cast(y16, TFloat32.class)).run().get(0)) {
          for (int j = 0; j < full.shape().get(1); j++) {
            float f = full.getFloat(0, j);
            assertEquals(
                f, half.getFloat(0, j), 0.02 * Math.max(1, Math.abs(f)), n + " element " + j);
          }
        }
      }
    }
  }

  @Test
  void inLayersAndModels(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    var e = assertThrows(IllegalArgumentException.class, () -> new io.tfweave.layers.core.Dense(4)
        .activation(Activation.GLU));
    assertTrue(e.getMessage().contains("Apply it with an ActivationLayer"), e.getMessage());
    try (var m = io.tfweave.models.Sequential.builder()
        .input(4)
        .add(new io.tfweave.layers.activations.ActivationLayer(Activation.GLU))
        .build()) {
      assertArrayEquals(new long[] {-1, 2}, m.outputs().get(0).shape().asArray());
      var y = m.predict(
          org.tensorflow.ndarray.StdArrays.ndCopyOf(new float[][] {{0.3f, -1.2f, 2.0f, 0.9f}}));
      assertEquals(0.3 * sigmoid(2.0), y.getFloat(0, 0), 1e-6);
      assertEquals(-1.2 * sigmoid(0.9), y.getFloat(0, 1), 1e-6);
    }
    try (var m = io.tfweave.models.Sequential.builder()
        .input(3)
        .add(new io.tfweave.layers.core.Dense(2).activation(Activations.relu(0.1, 4, 0)))
        .add(new io.tfweave.layers.core.Dense(1).activation(Activation.MISH))
        .build()) {
      m.compile(
          io.tfweave.optimizers.Optimizers.sgd(0.1), io.tfweave.losses.Losses.meanSquaredError());
      var data = io.tfweave.data.Dataset.ofArrays(
          List.of(io.tfweave.data.HostArray.ofFloats(new float[] {1, 2, 3, -1, 0, 2}, 2, 3)),
          io.tfweave.data.HostArray.ofFloats(new float[] {0.5f, -0.2f}, 2, 1));
      var h = m.fit(data, io.tfweave.training.FitOptions.epochs(3).batchSize(2).verbose(0));
      assertTrue(Double.isFinite(h.last("loss")));
      e = assertThrows(IllegalArgumentException.class, () -> m.export(dir.resolve("x")));
      assertTrue(e.getMessage().contains("relu(negative_slope=0.1"), e.getMessage());
    }
  }
}
