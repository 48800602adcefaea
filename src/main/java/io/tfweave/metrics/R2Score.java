package io.tfweave.metrics;

import io.tfweave.losses.Loss;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code R2Score}, the coefficient of determination {@code 1 − SS_res / SS_tot} per output column of 2-D
 * {@code (batch, outputs)} targets, from accumulated sums (an infinite score, from a constant target, counts as 0).
 * {@code class_aggregation}: {@code uniform_average} (default), {@code variance_weighted_average}, or null for one
 * value per output (logged as {@code r2_score_0}, ...). With {@code num_regressors} p &gt; 0 and n entries seen, the
 * adjusted {@code 1 − (1 − R²)(n − 1)/(n − p − 1)} (plain R² when n − p − 1 ≤ 0, as Keras). Immutable.
 */
public final class R2Score extends Metric {
  private final String classAggregation;
  private final int numRegressors;

  R2Score(String classAggregation, int numRegressors) {
    if (classAggregation != null
        && !List.of("uniform_average", "variance_weighted_average").contains(classAggregation))
      throw new IllegalArgumentException(
          "Invalid value for argument `class_aggregation`. Expected one of [None, 'uniform_average', "
              + "'variance_weighted_average']. Received: class_aggregation=" + classAggregation);
    if (numRegressors < 0)
      throw new IllegalArgumentException(
          "Invalid value for argument `num_regressors`. Expected a value >= 0. Received: num_regressors="
              + numRegressors);
    this.classAggregation = classAggregation;
    this.numRegressors = numRegressors;
  }

  /** How outputs are combined ({@code class_aggregation}). */
  public R2Score classAggregation(String aggregation) {
    return new R2Score(aggregation, numRegressors);
  }

  /** The number of regressors for the adjusted R² ({@code num_regressors}, default 0: not adjusted). */
  public R2Score numRegressors(int p) {
    return new R2Score(classAggregation, p);
  }

  @Override
  public String name() {
    return "r2_score";
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("class_aggregation", classAggregation);
    c.put("num_regressors", numRegressors);
    return c;
  }

  @Override
  public Stats build(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Loss.Kind kind) {
    if (yPred.shape().numDimensions() != 2)
      throw new IllegalArgumentException(
          "R2Score expects 2D inputs with shape (batch_size, output_dim). Received y_pred.shape="
              + yPred.shape());
    Operand<TFloat32> t = tf.reshape(yTrue, tf.shape(yPred));
    Operand<TFloat32> w =
        spread(tf, sampleWeights(), t); // Keras's sample_weight[:, None], broadcast
    if (w == null) w = tf.onesLike(t);
    Operand<TFloat32> wt = tf.math.mul(t, w);
    Operand<TFloat32> sq = tf.math.mul(tf.math.square(tf.math.sub(t, yPred)), w);
    List<Operand<TFloat32>> sums = List.of(
        tf.sum(wt, tf.constant(0)),
        tf.sum(tf.math.mul(t, wt), tf.constant(0)),
        tf.sum(sq, tf.constant(0)),
        tf.sum(w, tf.constant(0)),
        tf.dtypes.cast(tf.size(t), TFloat32.class));
    return new Stats(sums, s -> result(tf, s));
  }

  private Operand<TFloat32> result(Ops tf, List<Operand<TFloat32>> s) {
    Operand<TFloat32> sum = s.get(0);
    Operand<TFloat32> mean = tf.math.div(sum, s.get(3));
    Operand<TFloat32> total = tf.math.sub(s.get(1), tf.math.mul(sum, mean));
    Operand<TFloat32> raw = tf.math.sub(tf.constant(1f), tf.math.div(s.get(2), total));
    raw = tf.select(tf.math.isInf(raw), tf.zerosLike(raw), raw);
    Operand<TFloat32> r2;
    if (classAggregation == null) r2 = raw;
    else if (classAggregation.equals("uniform_average")) r2 = tf.math.mean(raw, tf.constant(0));
    else r2 = tf.math.div(sumAll(tf, tf.math.mul(total, raw)), sumAll(tf, total));
    if (numRegressors == 0) return r2;
    Operand<TFloat32> n = s.get(4);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> den = tf.math.sub(tf.math.sub(n, tf.constant((float) numRegressors)), one);
    Operand<TFloat32> adjusted = tf.math.sub(
        one, tf.math.divNoNan(tf.math.mul(tf.math.sub(one, r2), tf.math.sub(n, one)), den));
    Operand<TFloat32> ok = tf.dtypes.cast(tf.math.greater(den, tf.constant(0f)), TFloat32.class);
    return tf.math.add(tf.math.mul(ok, adjusted), tf.math.mul(tf.math.sub(one, ok), r2));
  }
}
