package io.tfweave.training;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The all-reduces of a multi-worker step ({@link Replicas}): all gradients in one all-reduce, weighted by each replica's
 * batch size so that uneven shares still give the gradient of the global batch's mean loss; metric sums in another, so
 * every replica logs the values of the global batch.
 */
final class StepReduce {
  private StepReduce() {}

  /**
   * The gradient of the global batch: {@code sum_r(b_r g_r) / sum_r(b_r)} over replicas {@code r} with local batch sizes
   * {@code b_r} and local mean-loss gradients {@code g_r}, from one all-reduce of the concatenated gradients.
   */
  static List<Operand<TFloat32>> meanGradients(
      Ops tf, Replicas replicas, List<Operand<TFloat32>> grads, Operand<TFloat32> batch) {
    if (replicas.count() == 1) return grads;
    Ops r = tf.withSubScope("allreduce_gradients");
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (Operand<TFloat32> g : grads) parts.add(flat(r, r.math.mul(g, batch)));
    parts.add(flat(r, batch));
    Operand<TFloat32> total =
        replicas.allReduceSum(r, List.of(concat(r, parts))).get(0);
    List<Operand<TFloat32>> out = new ArrayList<>();
    int offset = 0;
    int[] sizes = sizes(grads);
    Operand<TFloat32> count =
        r.slice(total, r.constant(new int[] {sum(sizes)}), r.constant(new int[] {1}));
    for (int i = 0; i < grads.size(); i++) {
      Operand<TFloat32> cut =
          r.slice(total, r.constant(new int[] {offset}), r.constant(new int[] {sizes[i]}));
      out.add(r.math.div(
          r.reshape(cut, r.shape(grads.get(i))), r.reshape(count, r.constant(new int[0]))));
      offset += sizes[i];
    }
    return out;
  }

  /** Each of {@code sums} summed over the replicas, from one all-reduce. */
  static List<Operand<TFloat32>> sums(Ops tf, Replicas replicas, List<Operand<TFloat32>> sums) {
    if (replicas.count() == 1 || sums.isEmpty()) return sums;
    Ops r = tf.withSubScope("allreduce_metrics");
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (Operand<TFloat32> s : sums) parts.add(flat(r, s));
    Operand<TFloat32> total =
        replicas.allReduceSum(r, List.of(concat(r, parts))).get(0);
    int[] sizes = sizes(sums);
    List<Operand<TFloat32>> out = new ArrayList<>();
    int offset = 0;
    for (int i = 0; i < sums.size(); i++) {
      Operand<TFloat32> cut =
          r.slice(total, r.constant(new int[] {offset}), r.constant(new int[] {sizes[i]}));
      long[] shape = sums.get(i).shape().asArray();
      int[] dims = new int[shape.length];
      for (int d = 0; d < dims.length; d++) dims[d] = (int) shape[d];
      out.add(r.reshape(cut, r.constant(dims)));
      offset += sizes[i];
    }
    return out;
  }

  private static Operand<TFloat32> flat(Ops tf, Operand<TFloat32> x) {
    return tf.reshape(x, tf.constant(new int[] {-1}));
  }

  private static Operand<TFloat32> concat(Ops tf, List<Operand<TFloat32>> parts) {
    return parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(0));
  }

  private static int[] sizes(List<Operand<TFloat32>> xs) {
    int[] out = new int[xs.size()];
    for (int i = 0; i < out.length; i++) {
      long n = xs.get(i).shape().size();
      if (n < 0) {
        throw new IllegalStateException(
            "An all-reduced value needs a static shape, got " + xs.get(i).shape());
      }
      out[i] = Math.toIntExact(n);
    }
    return out;
  }

  private static int sum(int[] a) {
    int s = 0;
    for (int v : a) s += v;
    return s;
  }
}
