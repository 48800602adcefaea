package io.tfweave.testing;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.models.Model;
import io.tfweave.models.ModelGraphAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/**
 * Compares analytic gradients ({@code tf.gradients}) with central differences {@code (f(x+ε) − f(x−ε)) / 2ε}, entry by entry,
 * and reports the worst absolute and relative error per variable ({@link GradientReport}). Public so that users can check
 * their own layers and ops; it needs no test framework ({@link GradientReport#assertWithin} throws {@link AssertionError}).
 *
 * <pre>{@code
 * @Test void gradients() {
 *   // a one-layer model on a random batch of 2 vectors of size 5, float32
 *   GradientCheck.ofLayer(new MyLayer(3), 2, 5).run().assertWithin(2e-2);
 *   // an expression in float64, where tighter tolerances hold
 *   GradientCheck.of(TFloat64.class, (tf, in) -> tf.math.mul(in.get("x"), in.get("x")))
 *       .input("x", Shape.of(3), 2, -1, 1)
 *       .run().assertWithin(1e-6);
 * }
 * }</pre>
 *
 * <p>Three subjects:
 * <ul>
 *   <li>an expression: {@code GradientCheck.of(TFloat64.class, (tf, in) -> scalar).input("x", Shape.of(3), 2, -1, 1)};
 *       non-scalar results are summed;</li>
 *   <li>a layer: {@code GradientCheck.ofLayer(new QuadraticDense(3), 4, 5)} builds a one-layer model on random inputs of
 *       that shape (batch first) and checks {@code Σ output∘R}, with fixed random {@code R}, by the layer's trainable weights
 *       and its input;</li>
 *   <li>a model on data: {@code GradientCheck.ofModel(model, data)} checks the compiled loss (plus regularization), or
 *       {@code Σ output∘R} when the model is not compiled, by the trainable weights and the float inputs. It adds a few ops to
 *       the model's graph and leaves the weights unchanged (perturbed values are fed, never assigned).</li>
 * </ul>
 * Models are run in inference mode. Defaults: ε = {@value #EPSILON_FLOAT64_DEFAULT} in float64 and
 * {@value #EPSILON_FLOAT32_DEFAULT} in float32 (models and layers are float32); relative errors use
 * {@code max(|analytic|, |numeric|, floor)} as denominator, floor {@value #FLOOR_FLOAT64_DEFAULT} (float64) or
 * {@value #FLOOR_FLOAT32_DEFAULT} (float32); at most {@value #MAX_ENTRIES_DEFAULT} entries per variable, drawn at random
 * beyond that.
 */
public final class GradientCheck {
  /** Default finite-difference step in float64. */
  public static final double EPSILON_FLOAT64_DEFAULT = 1e-6;
  /** Default finite-difference step in float32. */
  public static final double EPSILON_FLOAT32_DEFAULT = 1e-2;
  /** Default denominator floor of relative errors in float64. */
  public static final double FLOOR_FLOAT64_DEFAULT = 1e-3;
  /** Default denominator floor of relative errors in float32: errors are relative to {@code max(1, |gradient|)}. */
  public static final double FLOOR_FLOAT32_DEFAULT = 1.0;
  /** Default number of entries checked per variable. */
  public static final int MAX_ENTRIES_DEFAULT = 400;

  /** A scalar expression of named inputs, built with {@code tf}. */
  @FunctionalInterface
  public interface Expression<T extends TFloating> {
    /** Builds the expression; {@code inputs} maps each declared input name to its placeholder. */
    Operand<T> build(Ops tf, Map<String, Operand<T>> inputs);
  }

  private record Declared(String name, Shape shape, double[] values) {}

  /** An expression with its dtype, kept together so that building it needs no unchecked cast. */
  private record Typed<T extends TFloating>(Class<T> type, Expression<T> expression) {}

  private Class<? extends TFloating> dtype;
  private Typed<?> expression;
  private final List<Declared> declared = new ArrayList<>();
  private Layer layer;
  private long[] inputShape;
  private Model model;
  private Dataset data;
  private Double epsilon;
  private Double floor;
  private int maxEntries = MAX_ENTRIES_DEFAULT;
  private long seed = 42;
  private boolean checkInputs = true;

  private GradientCheck() {}

  /** Checks {@code expression}, built in {@code dtype} (TFloat32 or TFloat64) over the inputs declared with {@link #input}. */
  public static <T extends TFloating> GradientCheck of(Class<T> dtype, Expression<T> expression) {
    if (dtype != TFloat32.class && dtype != TFloat64.class) {
      throw new IllegalArgumentException("dtype must be TFloat32 or TFloat64. Received: " + dtype);
    }
    GradientCheck c = new GradientCheck();
    c.dtype = dtype;
    c.expression = new Typed<>(dtype, expression);
    return c;
  }

  /** Checks {@code layer} alone on random inputs of {@code inputShape} (batch size first), e.g. {@code (2, 5)}. */
  public static GradientCheck ofLayer(Layer layer, long... inputShape) {
    if (inputShape.length < 2) {
      throw new IllegalArgumentException(
          "inputShape needs a batch size and at least one more dimension. Received: "
              + Arrays.toString(inputShape));
    }
    GradientCheck c = new GradientCheck();
    c.dtype = TFloat32.class;
    c.layer = layer;
    c.inputShape = inputShape.clone();
    return c;
  }

  /** Checks {@code model}'s loss on {@code data} (all of it, as one batch: keep it small). */
  public static GradientCheck ofModel(Model model, Dataset data) {
    GradientCheck c = new GradientCheck();
    c.dtype = TFloat32.class;
    c.model = model;
    c.data = data;
    return c;
  }

  /** Declares an input of the expression with its value (row-major); use {@code Shape.scalar()} for a scalar. */
  public GradientCheck input(String name, Shape shape, double... values) {
    if (expression == null)
      throw new IllegalStateException(
          "input(...) applies to expressions made with GradientCheck.of");
    if (values.length != shape.size()) {
      throw new IllegalArgumentException("Input '" + name + "' has shape " + shape + " ("
          + shape.size() + " values), but " + values.length + " values were given");
    }
    for (Declared d : declared) {
      if (d.name().equals(name))
        throw new IllegalArgumentException("Input '" + name + "' is declared twice");
    }
    declared.add(new Declared(name, shape, values.clone()));
    return this;
  }

  /** Declares a scalar input. */
  public GradientCheck input(String name, double value) {
    return input(name, Shape.scalar(), value);
  }

  /** The finite-difference step ε. */
  public GradientCheck epsilon(double e) {
    if (!(e > 0))
      throw new IllegalArgumentException("epsilon must be positive. Received: epsilon=" + e);
    this.epsilon = e;
    return this;
  }

  /** The smallest denominator of relative errors (keeps near-zero gradients from inflating them). */
  public GradientCheck relativeFloor(double f) {
    if (!(f > 0))
      throw new IllegalArgumentException(
          "relativeFloor must be positive. Received: relativeFloor=" + f);
    this.floor = f;
    return this;
  }

  /** The most entries compared per variable ({@value #MAX_ENTRIES_DEFAULT}); larger variables are sampled. */
  public GradientCheck maxEntries(int n) {
    if (n <= 0)
      throw new IllegalArgumentException(
          "maxEntries must be a positive integer. Received: maxEntries=" + n);
    this.maxEntries = n;
    return this;
  }

  /** Seed of the random inputs, projections and sampled entries (default 42). */
  public GradientCheck seed(long s) {
    this.seed = s;
    return this;
  }

  /** Whether a layer or model check also covers the gradient by its float inputs (default true). */
  public GradientCheck checkInputs(boolean b) {
    this.checkInputs = b;
    return this;
  }

  /** Runs the check. */
  public GradientReport run() {
    boolean f64 = dtype == TFloat64.class;
    double eps =
        epsilon != null ? epsilon : f64 ? EPSILON_FLOAT64_DEFAULT : EPSILON_FLOAT32_DEFAULT;
    double fl = floor != null ? floor : f64 ? FLOOR_FLOAT64_DEFAULT : FLOOR_FLOAT32_DEFAULT;
    if (expression != null) return runExpression(expression, eps, fl);
    if (layer != null) return runLayer(eps, fl);
    return runModel(model, data, eps, fl);
  }

  private <T extends TFloating> GradientReport runExpression(
      Typed<T> typed, double eps, double fl) {
    if (declared.isEmpty())
      throw new IllegalStateException(
          "Declare the expression's inputs with input(name, shape, values)");
    Class<T> type = typed.type();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Map<String, Operand<T>> inputs = new LinkedHashMap<>();
      List<GradientProblem.Target> targets = new ArrayList<>();
      for (Declared d : declared) {
        Operand<T> p = tf.placeholder(type, Placeholder.shape(d.shape()));
        inputs.put(d.name(), p);
        targets.add(new GradientProblem.Target(d.name(), p, d.shape(), d.values()));
      }
      Operand<T> y = typed.expression().build(tf, Collections.unmodifiableMap(inputs));
      if (y.type() != type) {
        throw new IllegalArgumentException("The expression must return " + type.getSimpleName()
            + ", returned " + y.type().getSimpleName());
      }
      Operand<T> loss = tf.sum(y, tf.range(tf.constant(0), tf.rank(y), tf.constant(1)));
      return new GradientProblem(tf, s, loss, targets, Map.of()).solve(eps, fl, maxEntries, seed);
    }
  }

  private GradientReport runLayer(double eps, double fl) {
    long[] sample = Arrays.copyOfRange(inputShape, 1, inputShape.length);
    SymbolicTensor in = Input.of(sample);
    SymbolicTensor out = layer.apply(in);
    Random r = new Random(seed);
    float[] x = new float[(int) Shape.of(inputShape).size()];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    try (Model m = Model.of(in, out).seed(seed)) {
      return runModel(
          m, Dataset.ofArrays(List.of(HostArray.ofFloats(x, inputShape)), null), eps, fl);
    }
  }

  private GradientReport runModel(Model m, Dataset d, double eps, double fl) {
    if (d == null || d.size() == 0)
      throw new IllegalArgumentException("GradientCheck.ofModel needs at least one sample");
    ModelGraphAccess ga = m.graphAccess();
    Ops tf = ga.tf().withSubScope("gradient_check");
    List<GradientProblem.Target> targets = new ArrayList<>();
    Map<Operand<?>, Tensor> fixed = new IdentityHashMap<>();
    try {
      List<Operand<?>> xs = new ArrayList<>();
      for (int i = 0; i < m.inputs().size(); i++) {
        SymbolicTensor t = m.inputs().get(i);
        HostArray a = d.inputs().get(i);
        if (t.dtype() == DType.FLOAT32) {
          Operand<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(a.shape()));
          xs.add(p);
          double[] v = toDoubles(a.asFloat().floats());
          if (checkInputs)
            targets.add(new GradientProblem.Target("input:" + t.layer().name(), p, a.shape(), v));
          else fixed.put(p, a.asFloat().toTensor());
        } else {
          Operand<?> p = tf.placeholder(t.dtype().tfType(), Placeholder.shape(a.shape()));
          xs.add(p);
          fixed.put(p, a.asInt("input '" + t.layer().name() + "'").toTensor());
        }
      }
      Operand<TFloat32> loss = ModelLoss.build(tf, ga, m, xs, d, seed, fixed);
      for (Weight w : m.trainableWeights()) {
        targets.add(new GradientProblem.Target(
            ga.variableName(w), ga.variable(w), w.shape(), toDoubles(m.weightValue(w))));
      }
      return new GradientProblem(tf, ga.session(), loss, targets, fixed)
          .solve(eps, fl, maxEntries, seed);
    } finally {
      fixed.values().forEach(Tensor::close);
    }
  }

  private static double[] toDoubles(float[] f) {
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) out[i] = f[i];
    return out;
  }

  /** Builds the scalar a model check differentiates, in a call context of the model's graph. */
  private static final class ModelLoss {
    static Operand<TFloat32> build(
        Ops tf,
        ModelGraphAccess ga,
        Model m,
        List<Operand<?>> xs,
        Dataset d,
        long seed,
        Map<Operand<?>, Tensor> fixed) {
      try (CallContext ctx = ga.context(tf, CallMode.INFERENCE)) {
        Operand<?> raw = ga.forward(tf, xs, CallMode.INFERENCE).get(0);
        Operand<TFloat32> yPred = raw.type() == TFloat32.class
            ? raw.asOutput().expect(TFloat32.class)
            : tf.dtypes.cast(raw, TFloat32.class);
        Operand<TFloat32> loss;
        if (m.loss() != null && d.targets() != null) {
          HostArray y = d.targets().asFloat();
          Operand<TFloat32> yTrue = tf.placeholder(TFloat32.class, Placeholder.shape(y.shape()));
          fixed.put(yTrue, y.toTensor());
          if (m.loss().kind() != io.tfweave.losses.Loss.Kind.SPARSE_CATEGORICAL
              && y.shape().numDimensions() == yPred.shape().numDimensions() - 1) {
            yTrue = tf.expandDims(yTrue, tf.constant(-1));
          }
          loss = m.loss().compute(tf, yTrue, yPred, ctx.logitsOf(yPred));
          for (Weight w : m.weights()) {
            if (w.regularizer() != null)
              loss = tf.math.add(loss, w.regularizer().apply(tf, tf.identity(ga.variable(w))));
          }
          for (Operand<TFloat32> extra : ctx.losses()) loss = tf.math.add(loss, extra);
        } else {
          long[] shape = yPred.shape().asArray().clone();
          shape[0] = d.size();
          for (long s : shape) {
            if (s < 0)
              throw new IllegalArgumentException(
                  "GradientCheck needs a static output shape, got " + yPred.shape());
          }
          Random r = new Random(seed + 1);
          float[] proj = new float[(int) Shape.of(shape).size()];
          for (int i = 0; i < proj.length; i++) proj[i] = (float) r.nextGaussian();
          Operand<TFloat32> rr = tf.constant(Shape.of(shape), DataBuffers.of(proj, true, false));
          Operand<TFloat32> prod = tf.math.mul(yPred, rr);
          loss = tf.sum(prod, tf.range(tf.constant(0), tf.rank(prod), tf.constant(1)));
        }
        return loss;
      }
    }
  }
}
