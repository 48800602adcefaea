package io.tfweave.training;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The synchronous replicas a model trains on (one per worker process): how many, which one this process is, and an in-graph
 * all-reduce. The training step all-reduces its gradients and metric sums through it, so every replica applies the same
 * update and logs the same values. {@link #LOCAL} is the single-process case; {@code io.tfweave.distribute.Strategy}
 * provides the multi-worker one.
 */
public interface Replicas {
  /** One process, no all-reduce. */
  Replicas LOCAL = new Replicas() {
    @Override
    public int count() {
      return 1;
    }

    @Override
    public int rank() {
      return 0;
    }

    @Override
    public List<Operand<TFloat32>> allReduceSum(Ops tf, List<Operand<TFloat32>> values) {
      return values;
    }
  };

  /** The number of replicas. */
  int count();

  /** This process's replica, 0 for the chief. */
  int rank();

  /** True on the replica that writes files (checkpoints, logs, exports). */
  default boolean isChief() {
    return rank() == 0;
  }

  /**
   * Adds ops that sum each of {@code values} over all replicas (every replica must add the same all-reduces in the same
   * order: the graph is built by the same program on each).
   */
  List<Operand<TFloat32>> allReduceSum(Ops tf, List<Operand<TFloat32>> values);

  /** {@code e}, a failure of a step, as this setup explains it (a multi-worker one names the peer that failed). */
  default RuntimeException failure(RuntimeException e) {
    return e;
  }
}
