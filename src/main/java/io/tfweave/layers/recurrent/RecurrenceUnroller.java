package io.tfweave.layers.recurrent;

import io.tfweave.graph.CallMode;
import io.tfweave.internal.Ops2;
import io.tfweave.layers.recurrent.Recurrent.Sequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds a recurrence as an unrolled graph over the static time dimension: one matmul projects all time steps
 * ({@code x · kernel + bias}, [batch, time, gates·units]), an {@code Unstack} splits it, and each step adds the cell's
 * recurrent ops. Masked steps keep the previous states ({@code SelectV2}); dropout masks are drawn once per sequence.
 */
final class RecurrenceUnroller {
  private final Recurrent<?> layer;

  RecurrenceUnroller(Recurrent<?> layer) {
    this.layer = layer;
  }

  Sequence run(Ops tf, Operand<TFloat32> x, Operand<TBool> mask, CallMode mode) {
    long steps = x.shape().get(1);
    if (steps < 0) {
      throw layer.shapeError(
          "a known number of time steps (the recurrence is unrolled over them)",
          x.shape(),
          "give the Input a fixed sequence length, e.g. Input.of(500, 8).");
    }
    long features = x.shape().get(2);
    Operand<TInt32> batch =
        tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TFloat32> in = x;
    Operand<TFloat32> inputMask =
        layer.dropoutMask(tf, shape(tf, batch, 1, (int) features), layer.dropout(), false, mode);
    if (inputMask != null) in = tf.math.mul(in, inputMask);
    Operand<TFloat32> xz = Ops2.denseMatMul(tf, in, layer.kernel.value());
    Operand<TFloat32> b = layer.inputBias(tf);
    if (b != null) xz = tf.nn.biasAdd(xz, b);
    List<Output<TFloat32>> xs = tf.unstack(xz, steps, Unstack.axis(1L)).output();
    List<Output<TBool>> ms = mask == null
        ? null
        : tf.unstack(tf.expandDims(mask, tf.constant(-1)), steps, Unstack.axis(1L))
            .output();
    Operand<TFloat32> zeros = tf.fill(shape(tf, batch, layer.units()), tf.constant(0f));
    List<Operand<TFloat32>> states = new ArrayList<>(Collections.nCopies(layer.stateCount, zeros));
    Operand<TFloat32> recurrentMask = layer.dropoutMask(
        tf, shape(tf, batch, layer.units()), layer.recurrentDropout(), true, mode);
    Recurrent.Cell cell = layer.cell(tf);
    List<Operand<TFloat32>> outputs = new ArrayList<>();
    Operand<TFloat32> last = zeros;
    for (int k = 0; k < steps; k++) {
      int t = layer.goBackwards() ? (int) steps - 1 - k : k;
      List<Operand<TFloat32>> next = cell.step(tf, xs.get(t), states, recurrentMask);
      Operand<TFloat32> out = next.get(0);
      if (ms != null) {
        Operand<TBool> m = ms.get(t);
        List<Operand<TFloat32>> kept = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) kept.add(tf.select(m, next.get(i), states.get(i)));
        next = kept;
        out = layer.zeroOutputForMask ? tf.select(m, next.get(0), zeros) : next.get(0);
      }
      if (layer.returnSequences()) outputs.add(out);
      last = out;
      states = next;
    }
    Operand<TFloat32> sequence = layer.returnSequences() ? tf.stack(outputs, Stack.axis(1L)) : null;
    return new Sequence(sequence, last, states);
  }

  private static Operand<TInt32> shape(Ops tf, Operand<TInt32> batch, int... rest) {
    return tf.concat(List.of(batch, tf.constant(rest)), tf.constant(0));
  }
}
