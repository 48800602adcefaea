package io.tfweave.layers.internal;

import io.tfweave.graph.CallContext;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras's masks between layers ({@code Embedding.maskZero}, {@code Masking}): a {@code [batch, time]} boolean tensor recorded
 * for an output in the {@link CallContext}; layers that keep the time axis pass it on, as Keras's
 * {@code supports_masking} layers do.
 */
public final class Masks {
  private Masks() {}

  /** The mask recorded for {@code x}, or null. */
  public static Operand<TBool> of(Operand<?> x) {
    return CallContext.current().maskOf(x);
  }

  /** Records the mask of {@code in} (if any) for {@code out} and returns {@code out}. */
  public static <T extends Operand<?>> T passOn(Operand<?> in, T out) {
    Operand<TBool> m = of(in);
    if (m != null) CallContext.current().recordMask(out, m);
    return out;
  }

  /** The mask as float32 0/1 values. */
  public static Operand<TFloat32> asFloat(Ops tf, Operand<TBool> mask) {
    return tf.dtypes.cast(mask, TFloat32.class);
  }
}
