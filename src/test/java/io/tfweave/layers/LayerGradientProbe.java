package io.tfweave.layers;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Compares a layer's TensorFlow gradients ({@code tf.gradients}) with central finite differences, in its own graph: the
 * layer's weights become variables, the loss is {@code L = Σ y ∘ R} (summed in float64) for a fixed random {@code R}, and
 * every input element and weight element is perturbed by ±eps.
 *
 * <p>Test-only. The public tool is {@link io.tfweave.testing.GradientCheck}; this probe goes where that one does not: it
 * calls the layer in a chosen {@link CallMode} (the training graph, with batch statistics), checks non-trainable weights
 * in inference (moving statistics), and starts BatchNorm-like weights away from their identity values.
 */
final class LayerGradientProbe implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session = new Session(graph);
  private final Placeholder<TFloat32> x;
  private final Shape xShape;
  private final List<Weight> weights;
  private final List<Variable<TFloat32>> vars = new ArrayList<>();
  private final List<Placeholder<TFloat32>> feeds = new ArrayList<>();
  private final List<Op> assigns = new ArrayList<>();
  private final Operand<TFloat64> loss;
  private final List<Output<?>> grads = new ArrayList<>();
  private final List<float[]> values = new ArrayList<>();

  /** Builds {@code layer} (already built on the sample shape of {@code xShape}) in {@code mode}. */
  LayerGradientProbe(Layer layer, Shape xShape, CallMode mode) {
    this.xShape = xShape;
    // in training, moving statistics are not on the loss path; in inference every weight is
    this.weights = layer.weights().stream()
        .filter(w -> w.isTrainableKind() || !mode.training())
        .toList();
    layer.nameIfUnnamed(layer.defaultBaseName());
    Ops tf = Ops.create(graph);
    x = tf.placeholder(TFloat32.class, Placeholder.shape(xShape));
    Map<Weight, Variable<TFloat32>> byWeight = new IdentityHashMap<>();
    SplittableRandom rng = new SplittableRandom(11);
    for (Weight w : layer.weights()) {
      float[] init = w.initializer().generate(w.shape(), rng);
      if (w.name().equals("moving_variance") || w.name().equals("gamma")) {
        for (int i = 0; i < init.length; i++) init[i] = 0.5f + i * 0.25f;
      } else if (w.name().equals("moving_mean") || w.name().equals("beta")) {
        for (int i = 0; i < init.length; i++) init[i] = 0.1f * (i + 1);
      }
      Variable<TFloat32> v = tf.variable(tf.constant(w.shape(), DataBuffers.of(init, true, false)));
      byWeight.put(w, v);
      if (!weights.contains(w)) continue;
      Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(w.shape()));
      values.add(init);
      vars.add(v);
      feeds.add(p);
      assigns.add(tf.assign(v, p));
    }
    Operand<?> y;
    try (CallContext ctx = CallContext.open(tf, mode, byWeight::get, 5)) {
      y = layer.invoke(ctx.tf().withSubScope("check"), List.of(x), ctx.mode()).get(0);
    }
    Operand<TFloat64> y64 =
        tf.dtypes.cast(tf.reshape(y, tf.constant(new int[] {-1})), TFloat64.class);
    int n = (int) y.shape().size();
    double[] r = new Random(17).doubles(n, -1, 1).toArray();
    loss = tf.sum(tf.math.mul(y64, tf.constant(r)), tf.constant(0));
    List<Operand<TFloat32>> wrt = new ArrayList<>();
    wrt.add(x);
    wrt.addAll(vars);
    Gradients g = tf.gradients(loss, wrt);
    for (int i = 0; i < wrt.size(); i++) grads.add(g.dy(i));
  }

  /** Largest |analytic − numeric| / max(1, |analytic|) over the input and all weights, for input {@code xv}. */
  double maxRelativeError(float[] xv, float eps) {
    List<float[]> analytic = new ArrayList<>();
    try (TFloat32 t = tensor(xv, xShape);
        Result res = feedWeights(session.runner().feed(x, t), values, grads)) {
      for (int i = 0; i < grads.size(); i++) analytic.add(read((TFloat32) res.get(i)));
    }
    double worst = 0;
    for (int i = 0; i < xv.length; i++) {
      float[] p = xv.clone();
      float[] m = xv.clone();
      p[i] += eps;
      m[i] -= eps;
      double fd = (loss(p, values) - loss(m, values)) / (2.0 * eps);
      worst = Math.max(
          worst,
          Math.abs(fd - analytic.get(0)[i]) / Math.max(1, Math.abs(analytic.get(0)[i])));
    }
    for (int k = 0; k < weights.size(); k++) {
      for (int i = 0; i < values.get(k).length; i++) {
        List<float[]> plus = copy(values);
        List<float[]> minus = copy(values);
        plus.get(k)[i] += eps;
        minus.get(k)[i] -= eps;
        double fd = (loss(xv, plus) - loss(xv, minus)) / (2.0 * eps);
        float a = analytic.get(k + 1)[i];
        worst = Math.max(worst, Math.abs(fd - a) / Math.max(1, Math.abs(a)));
      }
    }
    return worst;
  }

  private double loss(float[] xv, List<float[]> w) {
    try (TFloat32 t = tensor(xv, xShape);
        Result res = feedWeights(session.runner().feed(x, t), w, List.of(loss))) {
      return ((TFloat64) res.get(0)).getDouble();
    }
  }

  private Result feedWeights(Session.Runner r, List<float[]> w, List<? extends Operand<?>> fetch) {
    if (!weights.isEmpty()) {
      Session.Runner a = session.runner();
      List<TFloat32> ts = new ArrayList<>();
      for (int k = 0; k < weights.size(); k++) {
        TFloat32 t = tensor(w.get(k), weights.get(k).shape());
        ts.add(t);
        a.feed(feeds.get(k), t).addTarget(assigns.get(k));
      }
      a.run().close();
      ts.forEach(TFloat32::close);
    }
    for (Operand<?> f : fetch) r.fetch(f);
    return r.run();
  }

  private static List<float[]> copy(List<float[]> v) {
    List<float[]> c = new ArrayList<>();
    for (float[] a : v) c.add(a.clone());
    return c;
  }

  private static TFloat32 tensor(float[] v, Shape s) {
    return TFloat32.tensorOf(s, DataBuffers.of(v, true, false));
  }

  private static float[] read(TFloat32 t) {
    float[] f = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(f, false, false));
    return f;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
