package io.tfweave.layers.pooling;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Takes the maximum of each feature over all steps (Keras's {@code GlobalMaxPooling1D}), as after a Conv1D text model.
 *
 * <p>Masks, as in Keras: a mask on the input is ignored (padding steps take part in the maximum); use
 * {@link GlobalAveragePooling1D} for a masked reduction. The output has no mask.
 *
 * <p>Input shape: {@code (batch, steps, features)}. Output shape: {@code (batch, features)}, or {@code (batch, 1, features)}
 * with {@code keepdims(true)}.
 */
public final class GlobalMaxPooling1D extends GlobalPooling1D<GlobalMaxPooling1D> {
  /** Global max pooling without kept dimensions. */
  public GlobalMaxPooling1D() {}

  @Override
  Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, Operand<TBool> mask, boolean keepDims) {
    return tf.max(x, tf.constant(1), Max.keepDims(keepDims));
  }

  /** Rebuilds from a Keras config. */
  public static GlobalMaxPooling1D fromConfig(Map<String, Object> c) {
    return new GlobalMaxPooling1D().readConfig(c);
  }
}
