package io.tfweave.bench;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Helpers for the hand-written TensorFlow Java baselines: a graph and session with the same thread settings as tfweave,
 * variables initialised from given values, and the fused RMSprop/Adam updates with the same hyper-parameters.
 */
final class HandLoop implements AutoCloseable {
  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final Session session;
  final List<Variable<TFloat32>> vars = new ArrayList<>();

  HandLoop() {
    int cores = Runtime.getRuntime().availableProcessors();
    session = new Session(
        graph,
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(cores)
            .setInterOpParallelismThreads(2)
            .build());
  }

  Variable<TFloat32> variable(float[] init, long... shape) {
    Variable<TFloat32> v =
        tf.variable(tf.constant(Shape.of(shape), DataBuffers.of(init, true, false)));
    vars.add(v);
    return v;
  }

  /** RMSprop (rho 0.9, eps 1e-7) or Adam (0.9/0.999/1e-7) on all variables; returns the train op. */
  Op train(Operand<TFloat32> loss, boolean adam, float lr) {
    return tf.withControlDependencies(fusedUpdates(tf, loss, vars, adam, lr)).noOp();
  }

  /**
   * The fused update ops a hand-written loop adds for {@code vars}: {@code tf.gradients}, then ApplyAdam or ApplyRMSProp with
   * Keras's hyper-parameters, and a float step counter incremented after the updates (the last op of the returned list).
   */
  static List<Op> fusedUpdates(
      Ops tf, Operand<TFloat32> loss, List<Variable<TFloat32>> vars, boolean adam, float lr) {
    Gradients g = tf.gradients(loss, vars);
    List<Op> updates = new ArrayList<>();
    Variable<TFloat32> t = tf.variable(tf.constant(0f));
    Operand<TFloat32> step = tf.math.add(t, tf.constant(1f));
    Operand<TFloat32> b1 = tf.constant(0.9f);
    Operand<TFloat32> b2 = tf.constant(0.999f);
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> v = vars.get(i);
      Operand<TFloat32> grad = g.dy(i).expect(TFloat32.class);
      if (adam) {
        updates.add(tf.train.applyAdam(
            v,
            tf.variable(tf.zerosLike(v)),
            tf.variable(tf.zerosLike(v)),
            tf.math.pow(b1, step),
            tf.math.pow(b2, step),
            tf.constant(lr),
            b1,
            b2,
            tf.constant(1e-7f),
            grad));
      } else {
        updates.add(tf.train.applyRmsProp(
            v,
            tf.variable(tf.zerosLike(v)),
            tf.variable(tf.zerosLike(v)),
            tf.constant(lr),
            tf.constant(0.9f),
            tf.constant(0f),
            tf.constant(1e-7f),
            grad));
      }
    }
    updates.add(tf.withControlDependencies(new ArrayList<>(updates)).assignAdd(t, tf.constant(1f)));
    return updates;
  }

  /** Binary cross-entropy on logits, as tfweave computes it for a sigmoid output. */
  Operand<TFloat32> bce(Operand<TFloat32> z, Operand<TFloat32> y) {
    Operand<TFloat32> e = tf.math.add(
        tf.math.sub(tf.nn.relu(z), tf.math.mul(z, y)),
        tf.math.softplus(tf.math.neg(tf.math.abs(z))));
    return tf.math.mean(tf.reshape(e, tf.constant(new int[] {-1})), tf.constant(0));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
