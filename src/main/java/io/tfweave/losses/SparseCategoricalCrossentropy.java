package io.tfweave.losses;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** Keras's {@code SparseCategoricalCrossentropy}: integer class targets; no label smoothing (Keras has none). */
final class SparseCategoricalCrossentropy extends Loss {
  private final boolean fromLogits;

  SparseCategoricalCrossentropy(boolean fromLogits) {
    this.fromLogits = fromLogits;
  }

  @Override
  public String name() {
    return "sparse_categorical_crossentropy";
  }

  @Override
  public Kind kind() {
    return Kind.SPARSE_CATEGORICAL;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("from_logits", fromLogits);
    c.put("ignore_class", null);
    return c;
  }

  @Override
  public Operand<TFloat32> perSample(
      Ops tf, Operand<TFloat32> y, Operand<TFloat32> p, Operand<TFloat32> logits) {
    Operand<TFloat32> logProbs = CategoricalCrossentropy.logProbs(tf, p, fromLogits ? p : logits);
    int rank = p.shape().numDimensions();
    int classes = (int) p.shape().get(rank - 1);
    Operand<TInt32> leading =
        tf.slice(tf.shape(p), tf.constant(new int[] {0}), tf.constant(new int[] {rank - 1}));
    Operand<TInt64> labels = tf.reshape(tf.dtypes.cast(y, TInt64.class), leading);
    Operand<TFloat32> target =
        tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
    return tf.math.neg(tf.sum(tf.math.mul(target, logProbs), tf.constant(-1)));
  }
}
