package io.tfweave.examples.quadratic;

import io.tfweave.examples.quadratic.PointSets.Points;
import io.tfweave.losses.Losses;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.List;
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
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains K independent copies ("replicas") of one small sigmoid network in a single TensorFlow graph, one
 * {@code Session.run} per full-batch iteration for all of them. Every weight has a leading replica dimension and the layers
 * are batched matrix products; the loss is the sum over replicas of each replica's mean binary cross-entropy, so each
 * replica gets exactly its own gradient. Clipping is Keras's per-weight {@code clipnorm}, taken per replica. The updates
 * are the library's optimizers ({@link Optimizer#build}), whose kernels are elementwise, so a replica trains as the same
 * network alone would under {@code Model.fit} (checked by {@code ReplicaTrainerTest} and {@code SecondOrderGrid --verify}).
 *
 * <p>Each iteration also scores every replica's training accuracy with the weights before its update (as {@code fit}'s
 * logs do) and records, in the graph, the first iteration whose weights classify every point; iteration {@code t} means
 * "after {@code t} updates".
 */
final class ReplicaTrainer {
  private ReplicaTrainer() {}

  /**
   * A network: layer widths including the input (e.g. {2, 3, 2, 1}), whether its neurons are second order, and the hidden
   * layers' activation ({@code sigmoid} or {@code tanh}; the output is always one sigmoid).
   */
  record Net(int[] units, boolean second, String hidden) {
    String label() {
      StringBuilder b = new StringBuilder(second ? "second-order " : "first-order ");
      for (int i = 0; i < units.length; i++) b.append(i > 0 ? "-" : "").append(units[i]);
      return b.append(' ').append(hidden).toString();
    }

    Net withHidden(String h) {
      return new Net(units, second, h);
    }
  }

  /**
   * The initial weights of one network, in the library's weight order ({@code w_r, w_g, w_b, b_r, b_g, c} per
   * {@code QuadraticDense}, {@code kernel, bias} per {@code Dense}), drawn from {@code seed}. Kernels are glorot_uniform.
   */
  static List<float[]> initialWeights(Net net, String init, long seed) {
    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + 11);
    List<float[]> w = new ArrayList<>();
    for (int l = 0; l + 1 < net.units.length; l++) {
      int in = net.units[l];
      int out = net.units[l + 1];
      if (!net.second) {
        w.add(glorot(rng, in, out, 1));
        w.add(new float[out]);
        continue;
      }
      boolean relinear = init.startsWith("relinear");
      double noise = init.equals("relinear_noise") ? 0.1 : relinear ? 0 : 1;
      w.add(glorot(rng, in, out, 1));
      w.add(glorot(rng, in, out, noise));
      w.add(glorot(rng, in, out, noise));
      w.add(new float[out]);
      w.add(filled(out, relinear || init.equals("random_bg1") ? 1f : 0f));
      w.add(new float[out]);
    }
    return w;
  }

  private static float[] glorot(SplittableRandom rng, int in, int out, double scale) {
    double limit = Math.sqrt(6.0 / (in + out));
    float[] k = new float[in * out];
    for (int i = 0; i < k.length; i++) k[i] = (float) (scale * (rng.nextDouble() * 2 - 1) * limit);
    return k;
  }

  private static float[] filled(int n, float v) {
    float[] f = new float[n];
    java.util.Arrays.fill(f, v);
    return f;
  }

  /**
   * Trains replica {@code k} on {@code sets.get(k)} from {@code initialWeights(net, recipe.init(), seeds[k])} for at most
   * {@code max} updates; returns per replica the first iteration at 100 % training accuracy, or -1.
   */
  static int[] train(Net net, Recipe recipe, List<Points> sets, long[] seeds, int max) {
    return train(net, java.util.Collections.nCopies(sets.size(), recipe), sets, seeds, max);
  }

  /**
   * As above with one recipe per replica; the recipes may differ in initialisation, normalisation and clipping, but share
   * the optimizer, its rate and the quadratic-weight multiplier (one update rule per graph).
   */
  static int[] train(Net net, List<Recipe> recipes, List<Points> sets, long[] seeds, int max) {
    Recipe recipe = recipes.get(0);
    for (Recipe r : recipes) {
      if (!r.optimizer().equals(recipe.optimizer())
          || r.lr() != recipe.lr()
          || r.quadLr() != recipe.quadLr())
        throw new IllegalArgumentException("Replicas of one run share optimizer, lr and quadLr");
    }
    int k = sets.size();
    int n = sets.get(0).n();
    float[] xs = new float[k * n * 2];
    float[] means = new float[k * 2];
    float[] variances = new float[k * 2];
    float[] ys = new float[k * n];
    for (int r = 0; r < k; r++) {
      Points p = sets.get(r);
      if (p.n() != n) throw new IllegalArgumentException("All sets of one run need the same size");
      float[] st =
          recipes.get(r).normalize() ? PointSets.statistics(p.x()) : new float[] {0, 0, 1, 1};
      System.arraycopy(st, 0, means, 2 * r, 2);
      System.arraycopy(st, 2, variances, 2 * r, 2);
      System.arraycopy(p.x(), 0, xs, r * n * 2, n * 2);
      System.arraycopy(p.y(), 0, ys, r * n, n);
    }
    List<List<float[]>> init = new ArrayList<>();
    for (int r = 0; r < k; r++) init.add(initialWeights(net, recipes.get(r).init(), seeds[r]));
    ConfigProto config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(2)
        .setInterOpParallelismThreads(1)
        .build();
    try (Graph g = new Graph();
        Session session = new Session(g, config)) {
      Ops tf = Ops.create(g);
      // The Normalization layer's ops on its adapted statistics (mean 0, variance 1 leave a set
      // unchanged).
      Operand<TFloat32> x = tf.math.div(
          tf.math.sub(
              tf.constant(Shape.of(k, n, 2), DataBuffers.of(xs, true, false)),
              tf.constant(Shape.of(k, 1, 2), DataBuffers.of(means, true, false))),
          tf.math.maximum(
              tf.math.sqrt(tf.constant(Shape.of(k, 1, 2), DataBuffers.of(variances, true, false))),
              tf.constant(1e-7f)));
      Operand<TFloat32> y = tf.constant(Shape.of(k, n, 1), DataBuffers.of(ys, true, false));
      List<Variable<TFloat32>> main = new ArrayList<>();
      List<Variable<TFloat32>> quad = new ArrayList<>();
      Operand<TFloat32> h = x;
      int wi = 0;
      int layers = net.units.length - 1;
      for (int l = 0; l < layers; l++) {
        int in = net.units[l];
        int out = net.units[l + 1];
        Shape kernel = Shape.of(k, in, out);
        Shape bias = Shape.of(k, 1, out);
        Operand<TFloat32> z;
        if (net.second) {
          Variable<TFloat32> wr = var(tf, "l" + l + "_w_r", kernel, init, wi);
          Variable<TFloat32> wg = var(tf, "l" + l + "_w_g", kernel, init, wi + 1);
          Variable<TFloat32> wb = var(tf, "l" + l + "_w_b", kernel, init, wi + 2);
          Variable<TFloat32> br = var(tf, "l" + l + "_b_r", bias, init, wi + 3);
          Variable<TFloat32> bg = var(tf, "l" + l + "_b_g", bias, init, wi + 4);
          Variable<TFloat32> c = var(tf, "l" + l + "_c", bias, init, wi + 5);
          wi += 6;
          main.addAll(List.of(wr, br));
          quad.addAll(List.of(wg, bg, wb, c));
          Operand<TFloat32> r = tf.math.add(bmm(tf, h, read(tf, wr)), br);
          Operand<TFloat32> gg = tf.math.add(bmm(tf, h, read(tf, wg)), bg);
          Operand<TFloat32> q = bmm(tf, tf.math.square(h), read(tf, wb));
          z = tf.math.add(tf.math.add(tf.math.mul(r, gg), q), c);
        } else {
          Variable<TFloat32> w = var(tf, "l" + l + "_kernel", kernel, init, wi);
          Variable<TFloat32> b = var(tf, "l" + l + "_bias", bias, init, wi + 1);
          wi += 2;
          main.addAll(List.of(w, b));
          z = tf.math.add(bmm(tf, h, read(tf, w)), b);
        }
        h = l == layers - 1
            ? z
            : net.hidden().equals("tanh") ? tf.math.tanh(z) : tf.math.sigmoid(z);
      }
      Operand<TFloat32> logits = h;
      Operand<TFloat32> p = tf.math.sigmoid(logits);
      Operand<TFloat32> perReplica =
          tf.math.mean(Losses.binaryCrossentropy().perSample(tf, y, p, logits), tf.constant(1));
      Operand<TFloat32> loss = tf.sum(perReplica, tf.constant(0));
      float[] clips = new float[k];
      for (int r = 0; r < k; r++) {
        double c = recipes.get(r).clipnorm();
        clips[r] = c > 0 ? (float) c : 1e30f; // m / max(norm, m) is exactly 1 for m = 1e30
      }
      Operand<TFloat32> clip = tf.constant(Shape.of(k, 1, 1), DataBuffers.of(clips, true, false));
      Op train = updates(tf, g, loss, main, quad, recipe, clip);
      Operand<TFloat32> correct = tf.dtypes.cast(
          tf.math.equal(tf.dtypes.cast(tf.math.greater(p, tf.constant(0.5f)), TFloat32.class), y),
          TFloat32.class);
      Operand<TFloat32> acc = tf.math.mean(correct, tf.constant(new int[] {1, 2}));
      Variable<TInt32> hit = tf.variable(tf.fill(tf.constant(new int[] {k}), tf.constant(-1)));
      Variable<TInt32> t = tf.variable(tf.constant(0));
      Operand<TInt32> now = tf.fill(tf.constant(new int[] {k}), t);
      Op setHit = tf.assign(
          hit,
          tf.select(
              tf.math.logicalAnd(
                  tf.math.less(hit, tf.constant(0)), tf.math.equal(acc, tf.constant(1f))),
              now,
              hit));
      Op tick = tf.withControlDependencies(List.of(setHit)).assignAdd(t, tf.constant(1));
      for (int it = 0; it <= max; it++) {
        session.runner().addTarget(train).addTarget(tick).run().close();
        if (it % 25 == 24 && allHit(session, hit)) break;
      }
      return fetch(session, hit);
    }
  }

  private static Variable<TFloat32> var(
      Ops tf, String name, Shape shape, List<List<float[]>> init, int index) {
    int k = (int) shape.get(0);
    int per = (int) (shape.size() / k);
    float[] v = new float[(int) shape.size()];
    for (int r = 0; r < k; r++) System.arraycopy(init.get(r).get(index), 0, v, r * per, per);
    return tf.withName(name).variable(tf.constant(shape, DataBuffers.of(v, true, false)));
  }

  /** The value of a (ref) variable as a plain float tensor (BatchMatMul's gradient rejects ref inputs). */
  private static Operand<TFloat32> read(Ops tf, Variable<TFloat32> v) {
    return tf.identity(v);
  }

  /**
   * {@code a} [K, n, in] × {@code b} [K, in, out] per replica: {@code BatchMatMulV2}, which TensorFlow's C++ gradient
   * registry differentiates (measured: 2.5× faster here than unrolling narrow inputs into broadcast products).
   */
  private static Operand<TFloat32> bmm(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.scope()
        .opBuilder("BatchMatMulV2", "bmm")
        .addInput(a.asOutput())
        .addInput(b.asOutput())
        .build()
        .output(0);
  }

  /** Gradients, per-replica clipping, and the library optimizer's updates (two rates when {@code quadLr != 1}). */
  private static Op updates(
      Ops tf,
      Graph g,
      Operand<TFloat32> loss,
      List<Variable<TFloat32>> main,
      List<Variable<TFloat32>> quad,
      Recipe recipe,
      Operand<TFloat32> clip) {
    List<Variable<TFloat32>> all = new ArrayList<>(main);
    all.addAll(quad);
    Output<?>[] vo = new Output<?>[all.size()];
    for (int i = 0; i < vo.length; i++) vo[i] = all.get(i).asOutput();
    Output<?>[] gr = g.addGradients(loss.asOutput(), vo);
    List<Op> ready = new ArrayList<>();
    for (Output<?> o : gr) ready.add(opOf(o));
    Ops after = tf.withControlDependencies(ready);
    List<Operand<TFloat32>> grads = new ArrayList<>();
    for (Output<?> o : gr) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> grad = (Operand<TFloat32>) o;
      Operand<TFloat32> norm = after.math.sqrt(
          after.sum(after.math.square(grad), after.constant(new int[] {1, 2}), keepDims()));
      grad = after.math.mul(grad, after.math.div(clip, after.math.maximum(norm, clip)));
      grads.add(grad);
    }
    int nm = main.size();
    boolean split = recipe.quadLr() != 1 && !quad.isEmpty();
    List<Op> ops = new ArrayList<>();
    ops.add(build(
        tf,
        plain(recipe, recipe.lr()),
        split ? main : all,
        grads.subList(0, split ? nm : all.size())));
    if (split)
      ops.add(build(
          tf, plain(recipe, recipe.lr() * recipe.quadLr()), quad, grads.subList(nm, all.size())));
    return tf.withControlDependencies(ops).noOp();
  }

  private static org.tensorflow.op.core.Sum.Options keepDims() {
    return org.tensorflow.op.core.Sum.keepDims(true);
  }

  private static Op opOf(Output<?> o) {
    org.tensorflow.Operation op = o.op();
    return () -> op;
  }

  private static Optimizer plain(Recipe r, double rate) {
    return r.optimizer().equals("sgd") ? Optimizers.sgd(rate).momentum(0.9) : Optimizers.adam(rate);
  }

  private static Op build(
      Ops tf, Optimizer o, List<Variable<TFloat32>> vars, List<Operand<TFloat32>> grads) {
    List<String> paths = new ArrayList<>();
    for (Variable<TFloat32> v : vars) paths.add(v.op().name());
    return o.build(tf, vars, paths, grads).train();
  }

  private static boolean allHit(Session s, Variable<TInt32> hit) {
    for (int v : fetch(s, hit)) if (v < 0) return false;
    return true;
  }

  private static int[] fetch(Session s, Variable<TInt32> hit) {
    try (Result r = s.runner().fetch(hit).run()) {
      TInt32 t = (TInt32) r.get(0);
      int[] out = new int[(int) t.shape().size()];
      for (int i = 0; i < out.length; i++) out[i] = t.getInt(i);
      return out;
    }
  }
}
