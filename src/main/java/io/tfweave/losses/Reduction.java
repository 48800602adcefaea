package io.tfweave.losses;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How a loss turns per-sample values into the training objective, with Keras's names ({@code reduction=} of every
 * {@code keras.losses} class). The default is {@link #SUM_OVER_BATCH_SIZE}.
 */
public enum Reduction {
  /** No aggregation: the weighted per-sample values. In {@code fit} the gradient is the one of their sum (as Keras's
   * tape takes of a vector) and the logged {@code loss} is their mean. */
  NONE("none"),
  /** The sum of the weighted per-sample values. */
  SUM("sum"),
  /** The sum of the weighted per-sample values divided by their number (Keras's default). */
  SUM_OVER_BATCH_SIZE("sum_over_batch_size"),
  /** Keras's alias of {@link #SUM_OVER_BATCH_SIZE}. */
  MEAN("mean"),
  /** The sum of the weighted per-sample values divided by the sum of the weights (by their number when unweighted). */
  MEAN_WITH_SAMPLE_WEIGHT("mean_with_sample_weight");

  private final String kerasName;

  Reduction(String kerasName) {
    this.kerasName = kerasName;
  }

  /** Keras's spelling, e.g. {@code sum_over_batch_size}. */
  public String kerasName() {
    return kerasName;
  }

  /** The reduction of Keras's name ({@code null} means {@code none}, as in Keras). */
  public static Reduction of(String kerasName) {
    if (kerasName == null) return NONE;
    for (Reduction r : values()) if (r.kerasName.equals(kerasName)) return r;
    throw new IllegalArgumentException("Invalid value for argument reduction. Expected one of "
        + Arrays.stream(values()).map(Reduction::kerasName).toList() + ". Received: reduction="
        + kerasName);
  }

  /**
   * Keras's {@code reduce_weighted_values}: {@code values} (per-sample losses {@code [batch, ...]}, or a scalar for a
   * batch-level loss such as Dice) times {@code sampleWeight} ({@code [batch]}, spread over each sample's entries; null
   * for none), then reduced. An unweighted scalar is returned as it is, whatever the reduction, as Keras does.
   */
  public Operand<TFloat32> reduce(
      Ops tf, Operand<TFloat32> values, Operand<TFloat32> sampleWeight) {
    int rank = values.shape().numDimensions();
    Operand<TFloat32> w = null;
    if (sampleWeight != null) {
      w = tf.reshape(sampleWeight, tf.constant(new int[] {-1}));
      if (rank > 1) {
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        dims[0] = -1;
        w = tf.reshape(w, tf.constant(dims));
      }
      values = tf.math.mul(values, w);
    } else if (rank == 0) {
      return values;
    }
    switch (this) {
      case NONE:
        return values;
      case SUM:
        return sumAll(tf, values);
      case MEAN_WITH_SAMPLE_WEIGHT:
        if (w != null)
          return tf.math.divNoNan(
              sumAll(tf, values), sumAll(tf, tf.math.mul(tf.onesLike(values), w)));
        return tf.math.divNoNan(sumAll(tf, values), size(tf, values));
      default:
        return tf.math.divNoNan(sumAll(tf, values), size(tf, values));
    }
  }

  private static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> x) {
    return tf.sum(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
  }

  private static Operand<TFloat32> size(Ops tf, Operand<TFloat32> x) {
    return tf.dtypes.cast(tf.size(x), TFloat32.class);
  }
}
