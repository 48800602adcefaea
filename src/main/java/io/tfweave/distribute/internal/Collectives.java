package io.tfweave.distribute.internal;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow's cross-process all-reduce, {@code CollectiveReduceV2}, added through the raw op builder (the Ops API's
 * {@code collectiveReduce} is CollectiveReduceV3, which crashes TF Java 1.0.0). Group and instance keys must be the same on
 * every worker: the same program builds the same graph, so the n-th all-reduce gets instance key n everywhere.
 */
public final class Collectives {
  private Collectives() {}

  /** The sum of {@code value} over {@code groupSize} workers. */
  public static Operand<TFloat32> sum(
      Ops tf,
      Operand<TFloat32> value,
      int groupSize,
      int groupKey,
      int instanceKey,
      float timeoutSeconds) {
    var b = tf.scope()
        .env()
        .opBuilder("CollectiveReduceV2", tf.scope().makeOpName("CollectiveReduceV2"), tf.scope());
    b.addInput(value.asOutput());
    b.addInput(tf.constant(groupSize).asOutput());
    b.addInput(tf.constant(groupKey).asOutput());
    b.addInput(tf.constant(instanceKey).asOutput());
    b.addInputList(new Output<?>[0]);
    b.setAttr("merge_op", "Add");
    b.setAttr("final_op", "Id");
    b.setAttr("communication_hint", "ring");
    b.setAttr("timeout_seconds", timeoutSeconds);
    return b.build().<TFloat32>output(0);
  }
}
