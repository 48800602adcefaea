package io.tfweave.training;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.Weight;
import io.tfweave.losses.Loss;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The loss part of a step graph: the compiled loss plus the weights' regularization and the layers' added losses. */
final class StepLoss {
  private StepLoss() {}

  /** Targets shaped like the prediction: a {@code (batch,)} target of a {@code (batch, 1)} output gains its last axis. */
  static Operand<TFloat32> alignTargets(
      Ops tf, Loss loss, Operand<TFloat32> yTrue, Operand<TFloat32> yPred) {
    if (loss.kind() != Loss.Kind.SPARSE_CATEGORICAL
        && yTrue.shape().numDimensions() == yPred.shape().numDimensions() - 1) {
      return tf.expandDims(yTrue, tf.constant(-1));
    }
    return yTrue;
  }

  /** The total loss of one batch. */
  static Operand<TFloat32> build(
      Ops tf,
      ModelGraph model,
      Loss loss,
      CallContext ctx,
      Operand<TFloat32> yTrue,
      Operand<TFloat32> yPred) {
    return build(tf, model, loss, ctx, yTrue, yPred, null);
  }

  /**
   * The total loss of one batch with per-sample {@code weights} ({@code [batch]}, or null for none), reduced as Keras's
   * {@code sum_over_batch_size}: the sum of weighted per-sample losses divided by the batch size (not by the weights' sum).
   */
  static Operand<TFloat32> build(
      Ops tf,
      ModelGraph model,
      Loss loss,
      CallContext ctx,
      Operand<TFloat32> yTrue,
      Operand<TFloat32> yPred,
      Operand<TFloat32> weights) {
    return withExtras(tf, model, ctx, head(tf, loss, ctx, yTrue, yPred, weights));
  }

  /** One output's loss of a batch, weighted by {@code weights} ({@code [batch]} or null) as {@link #build} describes. */
  static Operand<TFloat32> head(
      Ops tf,
      Loss loss,
      CallContext ctx,
      Operand<TFloat32> yTrue,
      Operand<TFloat32> yPred,
      Operand<TFloat32> weights) {
    Operand<TFloat32> total;
    if (weights == null) {
      total = loss.compute(tf, yTrue, yPred, ctx.logitsOf(yPred));
    } else {
      Operand<TFloat32> per = loss.perSample(tf, yTrue, yPred, ctx.logitsOf(yPred));
      int rank = per.shape().numDimensions();
      if (rank > 1) {
        int[] axes = new int[rank - 1];
        for (int i = 0; i < axes.length; i++) axes[i] = i + 1;
        per = tf.math.mean(per, tf.constant(axes));
      }
      Operand<TFloat32> flat = tf.reshape(per, tf.constant(new int[] {-1}));
      total = tf.math.divNoNan(
          tf.sum(tf.math.mul(flat, weights), tf.constant(0)),
          tf.dtypes.cast(tf.size(flat), TFloat32.class));
    }
    return total;
  }

  /** {@code total} plus the weights' regularization and the losses the layers added in {@code ctx}. */
  static Operand<TFloat32> withExtras(
      Ops tf, ModelGraph model, CallContext ctx, Operand<TFloat32> total) {
    for (Weight w : model.weights()) {
      if (w.regularizer() != null)
        total = tf.math.add(total, w.regularizer().apply(tf, model.variable(w)));
    }
    for (Operand<TFloat32> extra : ctx.losses()) total = tf.math.add(total, extra);
    return total;
  }
}
