package io.tfweave.internal;

import io.tfweave.graph.CallContext;
import io.tfweave.regularizers.Regularizer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.AssertThat;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Graph snippets shared by several layers. */
public final class Ops2 {
  private Ops2() {}

  /** {@code x · w} over the last axis of {@code x}, for inputs of any rank ≥ 2. */
  public static Operand<TFloat32> denseMatMul(Ops tf, Operand<TFloat32> x, Operand<TFloat32> w) {
    int rank = x.shape().numDimensions();
    if (rank == 2) return tf.linalg.matMul(x, w);
    long in = x.shape().get(rank - 1);
    Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, in}));
    Operand<TFloat32> y = tf.linalg.matMul(flat, w);
    long[] dims = x.shape().asArray().clone();
    boolean known = w.shape().get(1) >= 0;
    for (int i = 1; i < dims.length; i++) known &= dims[i] >= 0;
    if (known) {
      dims[0] = -1;
      dims[dims.length - 1] = w.shape().get(1);
      return tf.reshape(y, tf.constant(dims));
    }
    Operand<TInt32> lead =
        tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {rank - 1}));
    Operand<TInt32> outShape = tf.concat(
        java.util.List.of(
            lead, tf.slice(tf.shape(w), tf.constant(new int[] {1}), tf.constant(new int[] {1}))),
        tf.constant(0));
    return tf.reshape(y, outShape);
  }

  /** Adds {@code regularizer(activity)} / batch size to the training loss (Keras divides activity penalties by batch size). */
  public static void addActivityLoss(Ops tf, Regularizer regularizer, Operand<TFloat32> activity) {
    Operand<TFloat32> batch = tf.dtypes.cast(
        tf.slice(tf.shape(activity), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
        TFloat32.class);
    Operand<TFloat32> penalty =
        tf.math.div(regularizer.apply(tf, activity), tf.reshape(batch, tf.constant(new int[0])));
    CallContext.current().addLoss(penalty);
  }

  /** A float32 scalar constant. */
  public static Operand<TFloat32> scalar(Ops tf, double v) {
    return tf.constant((float) v);
  }

  /**
   * {@code x}, made to wait for an in-graph check: when {@code ok} is false at run time the step fails with "{@code
   * problem} [the shape of x] [{@code fix}]" (the op is named {@code opName} in the caller's scope, so that the error names
   * the layer). For shapes the graph cannot check when it is built.
   */
  public static Operand<TFloat32> checkedAtRunTime(
      Ops tf, String opName, Operand<TBool> ok, String problem, Operand<TFloat32> x, String fix) {
    AssertThat check = tf.withName(opName)
        .assertThat(
            ok,
            List.of(tf.constant(problem), tf.shape(x), tf.constant(fix)),
            AssertThat.summarize(8L));
    return tf.withControlDependencies(List.of(check)).identity(x);
  }
}
