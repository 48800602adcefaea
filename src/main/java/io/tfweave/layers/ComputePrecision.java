package io.tfweave.layers;

import io.tfweave.activations.Activation;
import io.tfweave.graph.CallContext;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * How a layer's call runs under its dtype policy: floating inputs are cast to the layer's compute type (16-bit for a
 * mixed policy on a layer that supports it, float32 otherwise), integer and string inputs are left alone, and the call
 * context reads weights in the compute type (see {@link CallContext#read}).
 */
final class ComputePrecision {
  private ComputePrecision() {}

  static boolean isFloating(Class<?> t) {
    return t == TFloat32.class || t == TBfloat16.class || t == TFloat16.class;
  }

  /** {@code x} with every floating operand cast to {@code type}. */
  static List<Operand<?>> castInputs(Ops tf, List<Operand<?>> x, Class<? extends TType> type) {
    List<Operand<?>> out = new ArrayList<>(x.size());
    for (Operand<?> o : x) {
      out.add(isFloating(o.type()) && o.type() != type ? tf.dtypes.cast(o, type) : o);
    }
    return out;
  }

  /** {@code o} as the layer API's float32-typed operand: as it is when float32 or the current compute type, else cast. */
  @SuppressWarnings(
      "unchecked") // a 16-bit operand behind the float32-typed layer API (mixed precision)
  static Operand<TFloat32> toFloat(Ops tf, Operand<?> o) {
    if (o.type() == TFloat32.class) return (Operand<TFloat32>) o;
    CallContext c = CallContext.currentOrNull();
    if (c != null && c.computeType() == o.type()) return (Operand<TFloat32>) o;
    return tf.dtypes.cast(o, TFloat32.class);
  }

  /**
   * Sigmoid and softmax always run in float32 (Keras's advice for mixed precision, and the losses read their float32
   * logits): a 16-bit pre-activation is cast first. Other activations run in the pre-activation's type.
   */
  static Operand<TFloat32> activationInput(Ops tf, Activation a, Operand<TFloat32> pre) {
    boolean float32Only = a == Activation.SIGMOID || a == Activation.SOFTMAX;
    return float32Only && pre.type() != TFloat32.class ? tf.dtypes.cast(pre, TFloat32.class) : pre;
  }
}
