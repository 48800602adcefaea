package io.tfweave.layers.pooling;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Averages each feature over all steps (Keras's {@code GlobalAveragePooling1D}); the usual bridge from a sequence model
 * (Conv1D, TransformerEncoder) to a classifier head.
 *
 * <p>Masks, as in Keras: when the input carries a mask ({@code Embedding.maskZero}, {@code TokenAndPositionEmbedding}), the
 * average covers the unmasked steps only, {@code Σ_t mask·x / Σ_t mask} (a sample with every step masked gives NaN, as in
 * Keras). The output has no mask.
 *
 * <p>Input shape: {@code (batch, steps, features)}. Output shape: {@code (batch, features)}, or {@code (batch, 1, features)}
 * with {@code keepdims(true)}.
 */
public final class GlobalAveragePooling1D extends GlobalPooling1D<GlobalAveragePooling1D> {
  /** Global average pooling without kept dimensions. */
  public GlobalAveragePooling1D() {}

  @Override
  Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, Operand<TBool> mask, boolean keepDims) {
    if (mask == null) return tf.math.mean(x, tf.constant(1), Mean.keepDims(keepDims));
    Operand<TBool> m = tf.expandDims(mask, tf.constant(2));
    Operand<TFloat32> kept = tf.select(m, x, tf.zerosLike(x));
    Operand<TFloat32> count =
        tf.sum(tf.dtypes.cast(m, TFloat32.class), tf.constant(1), Sum.keepDims(keepDims));
    return tf.math.div(tf.sum(kept, tf.constant(1), Sum.keepDims(keepDims)), count);
  }

  /** Rebuilds from a Keras config. */
  public static GlobalAveragePooling1D fromConfig(Map<String, Object> c) {
    return new GlobalAveragePooling1D().readConfig(c);
  }
}
