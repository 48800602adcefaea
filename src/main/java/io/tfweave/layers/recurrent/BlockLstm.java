package io.tfweave.layers.recurrent;

import io.tfweave.layers.recurrent.Recurrent.Sequence;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.nn.BlockLSTM;
import org.tensorflow.op.nn.BlockLSTMGrad;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The fused LSTM: TensorFlow's {@code BlockLSTMV2} op runs all time steps in one kernel (gate layout i, f, c, o, no forget
 * bias, no peepholes, no cell clipping), and {@code BlockLSTMGradV2} is registered once per process as its gradient, since the
 * C++ gradient registry has none.
 */
final class BlockLstm {
  private static Boolean available;

  private BlockLstm() {}

  /** Registers the gradient on first use; false where custom gradients are unsupported (Windows). */
  static synchronized boolean available() {
    if (available == null) {
      try {
        io.tfweave.internal.CustomGradients.register(
            BlockLSTM.OP_NAME, (tf, op, grads) -> gradient(tf, new BlockLSTM.Inputs<>(op), grads));
        available = true;
      } catch (UnsupportedOperationException e) {
        available = false;
      }
    }
    return available;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Operand<?>> gradient(
      Ops tf, BlockLSTM.Inputs in, List<org.tensorflow.Output<?>> grads) {
    BlockLSTM<TFloat32> fwd = (BlockLSTM<TFloat32>) in.getOutputs();
    Operand<TFloat32> csGrad = (Operand<TFloat32>) grads.get(1);
    Operand<TFloat32> hGrad = (Operand<TFloat32>) grads.get(6);
    BlockLSTMGrad<TFloat32> g = BlockLSTMGrad.create(
        tf.scope(),
        in.seqLenMax,
        (Operand<TFloat32>) in.x,
        (Operand<TFloat32>) in.csPrev,
        (Operand<TFloat32>) in.hPrev,
        (Operand<TFloat32>) in.w,
        (Operand<TFloat32>) in.wci,
        (Operand<TFloat32>) in.wcf,
        (Operand<TFloat32>) in.wco,
        (Operand<TFloat32>) in.b,
        fwd.i(),
        fwd.cs(),
        fwd.f(),
        fwd.o(),
        fwd.ci(),
        fwd.co(),
        fwd.h(),
        csGrad,
        hGrad,
        false);
    return List.of(
        tf.zerosLike(in.seqLenMax),
        g.xGrad(),
        g.csPrevGrad(),
        g.hPrevGrad(),
        g.wGrad(),
        g.wciGrad(),
        g.wcfGrad(),
        g.wcoGrad(),
        g.bGrad());
  }

  /**
   * Runs the LSTM over {@code x} [batch, time, features] (weights in Keras's layout). With a {@code mask} [batch, time], each
   * sequence's unmasked steps are first gathered to the front in order ({@code TopKV2} on the step keys, {@code GatherNd}):
   * since a masked step leaves the states unchanged, running the op over the compacted steps and reading the states after
   * {@code count(mask)} steps is exactly Keras's masking, for any mask. Outputs at masked steps repeat the previous output
   * (zeros before the first real step, or always zeros with {@code zeroOutputForMask}).
   */
  static Sequence run(
      Ops tf,
      Operand<TFloat32> x,
      Operand<TBool> mask,
      Operand<TFloat32> kernel,
      Operand<TFloat32> recurrentKernel,
      Operand<TFloat32> bias,
      int units,
      boolean goBackwards,
      boolean returnSequences,
      boolean zeroOutputForMask) {
    Operand<TInt32> shape = tf.shape(x);
    Operand<TInt32> batch = tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TInt32> steps = tf.reshape(
        tf.slice(shape, tf.constant(new int[] {1}), tf.constant(new int[] {1})),
        tf.constant(new int[0]));
    if (goBackwards) {
      x = tf.reverse(x, tf.constant(new int[] {1}));
      if (mask != null) mask = tf.reverse(mask, tf.constant(new int[] {1}));
    }
    Operand<TInt32> valid = null;
    Operand<TInt32> sampleIndex = null;
    if (mask != null) {
      valid = tf.dtypes.cast(mask, TInt32.class);
      Operand<TInt32> time = tf.range(tf.constant(0), steps, tf.constant(1));
      Operand<TInt32> key =
          tf.math.add(tf.math.mul(tf.math.sub(tf.constant(1), valid), steps), time);
      Operand<TInt32> order = tf.nn.topK(tf.math.neg(key), steps, TInt32.class).indices();
      sampleIndex = tf.math.add(
          tf.expandDims(
              tf.range(tf.constant(0), tf.reshape(batch, tf.constant(new int[0])), tf.constant(1)),
              tf.constant(1)),
          tf.zerosLike(key));
      x = tf.gatherNd(x, tf.stack(List.of(sampleIndex, order), Stack.axis(2L)));
    }
    Operand<TFloat32> timeMajor = tf.linalg.transpose(x, tf.constant(new int[] {1, 0, 2}));
    Operand<TFloat32> w = tf.concat(List.of(kernel, recurrentKernel), tf.constant(0));
    Operand<TFloat32> b =
        bias != null ? bias : tf.zeros(tf.constant(new int[] {4 * units}), TFloat32.class);
    Operand<TFloat32> state = tf.fill(
        tf.concat(List.of(batch, tf.constant(new int[] {units})), tf.constant(0)), tf.constant(0f));
    Operand<TFloat32> peephole = tf.zeros(tf.constant(new int[] {units}), TFloat32.class);
    Operand<TInt64> length = tf.dtypes.cast(steps, TInt64.class);
    BlockLSTM<TFloat32> op = BlockLSTM.create(
        tf.scope(),
        length,
        timeMajor,
        state,
        state,
        w,
        peephole,
        peephole,
        peephole,
        b,
        BlockLSTM.cellClip(-1f),
        BlockLSTM.usePeephole(false));
    if (mask == null) {
      Operand<TInt32> lastStep = tf.concat(
          List.of(
              tf.reshape(tf.math.sub(steps, tf.constant(1)), tf.constant(new int[] {1})),
              tf.constant(new int[] {0, 0})),
          tf.constant(0));
      Operand<TInt32> oneStep = tf.constant(new int[] {1, -1, units});
      Operand<TFloat32> lastH =
          tf.squeeze(tf.slice(op.h(), lastStep, oneStep), Squeeze.axis(List.of(0L)));
      Operand<TFloat32> lastC =
          tf.squeeze(tf.slice(op.cs(), lastStep, oneStep), Squeeze.axis(List.of(0L)));
      Operand<TFloat32> sequence =
          returnSequences ? tf.linalg.transpose(op.h(), tf.constant(new int[] {1, 0, 2})) : null;
      return new Sequence(sequence, lastH, List.of(lastH, lastC));
    }
    Operand<TInt32> count = tf.sum(valid, tf.constant(1));
    Operand<TInt32> lastIndex = tf.math.maximum(tf.math.sub(count, tf.constant(1)), tf.constant(0));
    Operand<TInt32> samples =
        tf.range(tf.constant(0), tf.reshape(batch, tf.constant(new int[0])), tf.constant(1));
    Operand<TInt32> at = tf.stack(List.of(lastIndex, samples), Stack.axis(1L));
    Operand<TBool> any = tf.expandDims(tf.math.greater(count, tf.constant(0)), tf.constant(1));
    Operand<TFloat32> zeros = tf.zerosLike(state);
    Operand<TFloat32> lastH = tf.select(any, tf.gatherNd(op.h(), at), zeros);
    Operand<TFloat32> lastC = tf.select(any, tf.gatherNd(op.cs(), at), zeros);
    Operand<TFloat32> sequence = null;
    if (returnSequences) {
      Operand<TInt32> seen = tf.math.cumsum(valid, tf.constant(1));
      Operand<TInt32> from = tf.math.maximum(tf.math.sub(seen, tf.constant(1)), tf.constant(0));
      Operand<TFloat32> gathered =
          tf.gatherNd(op.h(), tf.stack(List.of(from, sampleIndex), Stack.axis(2L)));
      Operand<TBool> keep = zeroOutputForMask ? mask : tf.math.greater(seen, tf.constant(0));
      sequence = tf.select(tf.expandDims(keep, tf.constant(-1)), gathered, tf.zerosLike(gathered));
    }
    return new Sequence(sequence, lastH, List.of(lastH, lastC));
  }
}
