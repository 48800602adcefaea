package io.tfweave.bench;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.losses.Loss;
import io.tfweave.models.Model;
import io.tfweave.models.ModelGraphAccess;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * A hand-written TensorFlow Java training loop over the same forward graph as a tfweave model: placeholders for a batch, the
 * model's training-mode ops, the loss, {@code tf.gradients} and fused Adam updates (plus BatchNorm's moving-average updates),
 * run with one {@code Session.run} per step feeding freshly copied batch tensors — what a TF Java user writes by hand.
 */
final class ModelHandLoop {
  private final Session session;
  private final Placeholder<? extends TType> x;
  private final Placeholder<TFloat32> y;
  private final Op train;

  ModelHandLoop(Model model, Loss loss, float lr) {
    ModelGraphAccess g = model.graphAccess();
    Ops tf = g.tf().withSubScope("hand_loop");
    session = g.session();
    x = tf.placeholder(
        model.inputs().get(0).dtype().feedType(),
        Placeholder.shape(model.inputs().get(0).shape()));
    y = tf.placeholder(TFloat32.class);
    List<Op> updates = new ArrayList<>();
    try (CallContext ctx = g.context(tf, CallMode.TRAINING)) {
      Operand<TFloat32> out =
          g.forward(tf, List.of(x), CallMode.TRAINING).get(0).asOutput().expect(TFloat32.class);
      Operand<TFloat32> l = loss.compute(tf, y, out, ctx.logitsOf(out));
      List<Variable<TFloat32>> vars = new ArrayList<>();
      for (Weight w : model.trainableWeights()) vars.add(g.variable(w));
      updates.addAll(HandLoop.fusedUpdates(tf, l, vars, true, lr));
      updates.addAll(ctx.updates());
    }
    train = tf.withControlDependencies(updates).noOp();
  }

  /** One step on a batch of token ids (an int32 model input) and targets {@code [batch, 1]}, rows {@code idx}. */
  void step(int[] xs, int sampleSize, float[] ys, int[] idx) {
    int[] bx = new int[idx.length * sampleSize];
    float[] by = new float[idx.length];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(xs, idx[k] * sampleSize, bx, k * sampleSize, sampleSize);
      by[k] = ys[idx[k]];
    }
    try (Tensor tx = TInt32.tensorOf(
            Shape.of(idx.length, sampleSize),
            org.tensorflow.ndarray.buffer.DataBuffers.of(bx, true, false));
        Tensor ty = TFloat32.tensorOf(
            Shape.of(idx.length, 1),
            org.tensorflow.ndarray.buffer.DataBuffers.of(by, true, false))) {
      session.runner().feed(x, tx).feed(y, ty).addTarget(train).run().close();
    }
  }

  /** One step on a batch copied from {@code xs}/{@code ys} rows {@code idx}. */
  void step(float[] xs, int sampleSize, float[] ys, int[] idx, long[] sampleShape) {
    float[] bx = new float[idx.length * sampleSize];
    float[] by = new float[idx.length];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(xs, idx[k] * sampleSize, bx, k * sampleSize, sampleSize);
      by[k] = ys[idx[k]];
    }
    long[] shape = new long[sampleShape.length + 1];
    shape[0] = idx.length;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    try (Tensor tx = TFloat32.tensorOf(
            Shape.of(shape), org.tensorflow.ndarray.buffer.DataBuffers.of(bx, true, false));
        Tensor ty = TFloat32.tensorOf(
            Shape.of(idx.length), org.tensorflow.ndarray.buffer.DataBuffers.of(by, true, false))) {
      session.runner().feed(x, tx).feed(y, ty).addTarget(train).run().close();
    }
  }
}
