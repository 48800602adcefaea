package io.tfweave.training;

import io.tfweave.graph.Weight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * How in-memory data is shared among replicas: every replica holds the whole data set and the same shuffled order (same
 * seed), and takes its part of each global batch, so N replicas at global batch B see exactly the batches of one process at
 * batch B; a last batch smaller than the number of replicas is dropped (every replica must take part in every step). Also
 * the weight broadcast from the chief at the start of {@code fit}, and the epoch-end averaging of non-trainable weights
 * (BatchNormalization's moving statistics, which each replica updates from its own share).
 */
final class Shards {
  private final ModelGraph model;
  private final Replicas replicas;
  private Op broadcast;
  private Op sync;

  Shards(ModelGraph model) {
    this.model = model;
    this.replicas = model.replicas();
  }

  boolean distributed() {
    return replicas.count() > 1;
  }

  /** The steps of an epoch of {@code n} samples in global batches of {@code bs}. */
  int steps(int n, int bs) {
    int full = n / bs;
    int tail = n % bs;
    if (!distributed()) return full + (tail > 0 ? 1 : 0);
    return full + (tail >= replicas.count() ? 1 : 0);
  }

  /** Fails when {@code n} samples make no step at all (fewer samples than replicas). */
  void checkEnough(int steps, int n, String what) {
    if (steps == 0) {
      throw new IllegalArgumentException(
          what + " has " + n + " samples, fewer than the " + replicas.count()
              + " workers: every worker needs at least one sample of each global batch");
    }
  }

  /** This replica's part of the global batch {@code order[from, to)}. */
  int[] share(int[] order, int from, int to) {
    if (!distributed()) return Arrays.copyOfRange(order, from, to);
    int len = to - from;
    int k = replicas.count();
    int r = replicas.rank();
    int base = len / k;
    int extra = len % k;
    int start = from + r * base + Math.min(r, extra);
    return Arrays.copyOfRange(order, start, start + base + (r < extra ? 1 : 0));
  }

  /** Sets every weight to the chief's (one all-reduce in which the others add zeros); call holding the model alone. */
  void broadcast() {
    if (broadcast == null) {
      Ops tf = model.tf().withSubScope("broadcast");
      List<Variable<TFloat32>> vars = new ArrayList<>();
      List<Operand<TFloat32>> contrib = new ArrayList<>();
      for (Weight w : model.weights()) {
        Variable<TFloat32> v = model.variable(w);
        vars.add(v);
        contrib.add(replicas.rank() == 0 ? tf.identity(v) : tf.zerosLike(v));
      }
      broadcast = assignAll(tf, vars, StepReduce.sums(tf, replicas, contrib), 1f);
    }
    model.run(model.session().runner().addTarget(broadcast)).close();
  }

  /** Averages the non-trainable weights over the replicas; call holding the model alone. */
  void syncNonTrainable() {
    if (sync == null) {
      Ops tf = model.tf().withSubScope("sync_non_trainable");
      Set<Weight> trainable = new HashSet<>(model.trainableWeights());
      List<Variable<TFloat32>> vars = new ArrayList<>();
      List<Operand<TFloat32>> values = new ArrayList<>();
      for (Weight w : model.weights()) {
        if (trainable.contains(w)) continue;
        Variable<TFloat32> v = model.variable(w);
        vars.add(v);
        values.add(tf.identity(v));
      }
      sync = vars.isEmpty()
          ? tf.noOp()
          : assignAll(tf, vars, StepReduce.sums(tf, replicas, values), 1f / replicas.count());
    }
    model.run(model.session().runner().addTarget(sync)).close();
  }

  private static Op assignAll(
      Ops tf, List<Variable<TFloat32>> vars, List<Operand<TFloat32>> values, float scale) {
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Operand<TFloat32> v =
          scale == 1f ? values.get(i) : tf.math.mul(values.get(i), tf.constant(scale));
      assigns.add(tf.assign(vars.get(i), v));
    }
    return tf.withControlDependencies(assigns).noOp();
  }
}
