package io.tfweave.optimizers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's gradient clipping options ({@code clipvalue}, {@code clipnorm}, {@code global_clipnorm}) as graph ops. */
final class Clipping {
  private Clipping() {}

  static List<Operand<TFloat32>> clip(Ops tf, Optimizer o, List<Operand<TFloat32>> grads) {
    List<Operand<TFloat32>> out = new ArrayList<>(grads);
    Double clipvalue = o.clipvalueValue();
    Double clipnorm = o.clipnormValue();
    Double globalClipnorm = o.globalClipnormValue();
    if (clipvalue != null) {
      out.replaceAll(g ->
          tf.clipByValue(g, tf.constant((float) -clipvalue), tf.constant(clipvalue.floatValue())));
    }
    if (clipnorm != null) {
      out.replaceAll(g -> scaleToNorm(tf, g, norm(tf, g), clipnorm));
    }
    if (globalClipnorm != null && !out.isEmpty()) {
      Operand<TFloat32> sq = tf.constant(0f);
      for (Operand<TFloat32> g : out) sq = tf.math.add(sq, tf.math.square(norm(tf, g)));
      Operand<TFloat32> global = tf.math.sqrt(sq);
      out.replaceAll(g -> scaleToNorm(tf, g, global, globalClipnorm));
    }
    return out;
  }

  private static Operand<TFloat32> norm(Ops tf, Operand<TFloat32> g) {
    Operand<TFloat32> flat = tf.reshape(g, tf.constant(new int[] {-1}));
    return tf.math.sqrt(tf.sum(tf.math.square(flat), tf.constant(0)));
  }

  private static Operand<TFloat32> scaleToNorm(
      Ops tf, Operand<TFloat32> g, Operand<TFloat32> norm, double max) {
    Operand<TFloat32> m = tf.constant((float) max);
    return tf.math.mul(g, tf.math.div(m, tf.math.maximum(norm, m)));
  }
}
