package io.tfweave.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * One gradient check on a live graph: a scalar loss, the tensors to differentiate it by (placeholders or variables, all fed
 * with explicit values so that perturbing one needs no assignment), and extra fixed feeds.
 */
final class GradientProblem {
  /** A tensor to differentiate by, with its current values. */
  record Target(String name, Operand<?> operand, Shape shape, double[] values) {}

  private final Session session;
  private final Operand<?> loss;
  private final List<Target> targets;
  private final Map<Operand<?>, Tensor> fixedFeeds;
  private final boolean float64;
  private final List<Output<?>> analytic = new ArrayList<>();

  GradientProblem(
      Ops tf,
      Session session,
      Operand<?> loss,
      List<Target> targets,
      Map<Operand<?>, Tensor> fixedFeeds) {
    this.session = session;
    this.loss = loss;
    this.targets = targets;
    this.fixedFeeds = fixedFeeds;
    this.float64 = loss.type() == TFloat64.class;
    List<Operand<?>> xs = new ArrayList<>();
    for (Target t : targets) xs.add(t.operand());
    Gradients g = tf.gradients(loss, xs);
    for (int i = 0; i < xs.size(); i++) analytic.add(g.dy(i));
  }

  GradientReport solve(double epsilon, double floor, int maxEntries, long seed) {
    List<Tensor> base = new ArrayList<>();
    try {
      for (Target t : targets) base.add(tensor(t.operand(), t.shape(), t.values()));
      double[][] grads = analyticValues(base);
      double value;
      try (Result res = runner(base, -1, null).fetch(loss).run()) {
        value = read(res.get(0))[0];
      }
      List<GradientReport.Entry> entries = new ArrayList<>();
      for (int k = 0; k < targets.size(); k++) {
        Target t = targets.get(k);
        int[] idx = chooseIndices(t.values().length, maxEntries, seed + k);
        double[] a = new double[idx.length];
        double[] n = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
          a[i] = grads[k][idx[i]];
          n[i] = numeric(base, k, idx[i], epsilon);
        }
        entries.add(GradientReport.entry(t.name(), t.shape(), idx, a, n, floor));
      }
      return new GradientReport(entries, float64 ? "float64" : "float32", epsilon, value);
    } finally {
      base.forEach(Tensor::close);
    }
  }

  private double[][] analyticValues(List<Tensor> base) {
    Session.Runner r = runner(base, -1, null);
    List<Integer> fetched = new ArrayList<>();
    for (int k = 0; k < targets.size(); k++) {
      if (analytic.get(k) != null) {
        r.fetch(analytic.get(k));
        fetched.add(k);
      }
    }
    double[][] out = new double[targets.size()][];
    for (int k = 0; k < targets.size(); k++) out[k] = new double[targets.get(k).values().length];
    if (fetched.isEmpty()) return out;
    try (Result res = r.run()) {
      for (int i = 0; i < fetched.size(); i++) out[fetched.get(i)] = read(res.get(i));
    }
    return out;
  }

  /** Central difference of the loss along one entry; the step actually taken is measured in the tensor's precision. */
  private double numeric(List<Tensor> base, int target, int index, double epsilon) {
    double v = targets.get(target).values()[index];
    double plus = v + epsilon;
    double minus = v - epsilon;
    if (targets.get(target).operand().type() == TFloat32.class) {
      plus = (float) plus;
      minus = (float) minus;
    }
    return (lossAt(base, target, index, plus) - lossAt(base, target, index, minus))
        / (plus - minus);
  }

  private double lossAt(List<Tensor> base, int target, int index, double value) {
    Target t = targets.get(target);
    double[] changed = t.values().clone();
    changed[index] = value;
    try (Tensor moved = tensor(t.operand(), t.shape(), changed);
        Result res = runner(base, target, moved).fetch(loss).run()) {
      return read(res.get(0))[0];
    }
  }

  private Session.Runner runner(List<Tensor> base, int replaced, Tensor replacement) {
    Session.Runner r = session.runner();
    for (Map.Entry<Operand<?>, Tensor> e : fixedFeeds.entrySet()) r.feed(e.getKey(), e.getValue());
    for (int k = 0; k < targets.size(); k++)
      r.feed(targets.get(k).operand(), k == replaced ? replacement : base.get(k));
    return r;
  }

  private static Tensor tensor(Operand<?> like, Shape shape, double[] values) {
    if (like.type() == TFloat32.class) {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
      return TFloat32.tensorOf(shape, DataBuffers.of(f, true, false));
    }
    return TFloat64.tensorOf(shape, DataBuffers.of(values, true, false));
  }

  private static double[] read(Tensor t) {
    if (t instanceof TFloat64 d) {
      double[] out = new double[(int) d.shape().size()];
      d.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
    float[] f = new float[(int) t.shape().size()];
    ((TFloat32) t).copyTo(DataBuffers.of(f, false, false));
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) out[i] = f[i];
    return out;
  }

  /** All indices when there are at most {@code max}, else {@code max} distinct ones drawn with {@code seed}, sorted. */
  static int[] chooseIndices(int size, int max, long seed) {
    int[] all = new int[size];
    for (int i = 0; i < size; i++) all[i] = i;
    if (size <= max) return all;
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < max; i++) {
      int j = i + rng.nextInt(size - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] pick = Arrays.copyOf(all, max);
    Arrays.sort(pick);
    return pick;
  }
}
