package io.tfweave.layers.normalization;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Masks;
import io.tfweave.regularizers.Regularizer;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Normalizes each sample over its feature axis (or axes) to zero mean and unit variance, then scales and shifts it (Keras's
 * {@code LayerNormalization}): {@code y = gamma · (x − mean) / sqrt(var + epsilon) + beta}, with {@code mean} and the biased
 * {@code var} computed per sample over {@code axis}. Unlike {@link BatchNormalization} it keeps no statistics, so training
 * and inference compute the same thing.
 *
 * <p>With {@code rmsScaling(true)} (Keras's {@code rms_scaling}) {@code center} and {@code scale} are ignored and
 * {@code y = gamma · x / sqrt(var + epsilon)}, exactly as Keras computes it (with the variance, not the mean square).
 *
 * <p>Weights: {@code gamma} (ones, if {@code scale} or {@code rms_scaling}) and {@code beta} (zeros, if {@code center} and
 * not {@code rms_scaling}), both of the input's sizes on {@code axis} ({@code [features]} for the default {@code -1}).
 * Defaults: axis -1, epsilon 1e-3, center and scale true. A mask on the input is passed on.
 * Input shape: any, with known sizes on {@code axis}. Output shape: same as input.
 */
public final class LayerNormalization extends BaseLayer<LayerNormalization> {
  /** Keras's default epsilon. */
  public static final double EPSILON_DEFAULT = 1e-3;

  private static final Option<int[]> AXIS = Axes.option();
  private static final Option<Double> EPSILON =
      Option.number("epsilon", EPSILON_DEFAULT).checked(e -> Checks.positive("epsilon", e));
  private static final Option<Boolean> CENTER = Option.bool("center", true);
  private static final Option<Boolean> SCALE = Option.bool("scale", true);
  private static final Option<Boolean> RMS_SCALING = Option.bool("rms_scaling", false);
  private static final Option<Initializer> BETA_INITIALIZER =
      Option.initializer("beta_initializer", Initializers.zeros());
  private static final Option<Initializer> GAMMA_INITIALIZER =
      Option.initializer("gamma_initializer", Initializers.ones());
  private static final Option<Regularizer> BETA_REGULARIZER =
      Option.regularizer("beta_regularizer");
  private static final Option<Regularizer> GAMMA_REGULARIZER =
      Option.regularizer("gamma_regularizer");
  private static final List<Option<?>> OPTIONS = Option.list(
      AXIS,
      EPSILON,
      CENTER,
      SCALE,
      RMS_SCALING,
      BETA_INITIALIZER,
      GAMMA_INITIALIZER,
      BETA_REGULARIZER,
      GAMMA_REGULARIZER);
  private Weight gamma;
  private Weight beta;

  /** Layer normalization over the last axis with Keras's defaults. */
  public LayerNormalization() {
    super(OPTIONS);
  }

  /** The axis or axes to normalize over (default -1); negative values count from the end. */
  public LayerNormalization axis(int... axes) {
    return set(AXIS, axes);
  }

  /** Added to the variance before the square root (default 1e-3). */
  public LayerNormalization epsilon(double e) {
    return set(EPSILON, e);
  }

  /** Whether to add the learned offset {@code beta} (default true). */
  public LayerNormalization center(boolean c) {
    return set(CENTER, c);
  }

  /** Whether to multiply by the learned {@code gamma} (default true). */
  public LayerNormalization scale(boolean s) {
    return set(SCALE, s);
  }

  /** Scale by {@code gamma / sqrt(var + epsilon)} only, without centering (default false). */
  public LayerNormalization rmsScaling(boolean r) {
    return set(RMS_SCALING, r);
  }

  /** Initializer of beta (default zeros). */
  public LayerNormalization betaInitializer(Initializer i) {
    return set(BETA_INITIALIZER, i);
  }

  /** Initializer of gamma (default ones). */
  public LayerNormalization gammaInitializer(Initializer i) {
    return set(GAMMA_INITIALIZER, i);
  }

  /** Penalty on beta. */
  public LayerNormalization betaRegularizer(Regularizer r) {
    return set(BETA_REGULARIZER, r);
  }

  /** Penalty on gamma. */
  public LayerNormalization gammaRegularizer(Regularizer r) {
    return set(GAMMA_REGULARIZER, r);
  }

  /** The normalized axes as given. */
  public int[] axis() {
    return get(AXIS).clone();
  }

  /** The epsilon. */
  public double epsilon() {
    return get(EPSILON);
  }

  @Override
  public Shape outputShape(Shape in) {
    int[] axes = Axes.resolve(this, in, get(AXIS), true);
    Weight w = gamma != null ? gamma : beta;
    if (w != null && !w.shape().equals(Axes.sizes(in, axes))) {
      throw shapeError(
          "sizes " + w.shape() + " on axis " + java.util.Arrays.toString(get(AXIS)) + " (its "
              + w.name() + " is " + w.shape() + ")",
          in,
          null);
    }
    return in;
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    Shape s = Axes.sizes(in, Axes.resolve(this, in, get(AXIS), true));
    boolean rms = get(RMS_SCALING);
    if (get(SCALE) || rms)
      gamma = w.add("gamma", s, get(GAMMA_INITIALIZER)).regularizer(get(GAMMA_REGULARIZER));
    if (get(CENTER) && !rms)
      beta = w.add("beta", s, get(BETA_INITIALIZER)).regularizer(get(BETA_REGULARIZER));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Shape in = x.shape();
    int[] axes = Axes.resolve(this, in, get(AXIS), true);
    List<Operand<TFloat32>> m = Axes.moments(tf, x, axes);
    Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(m.get(1), tf.constant((float) epsilon())));
    if (gamma != null) inv = tf.math.mul(inv, Axes.broadcastable(tf, gamma.value(), in, axes));
    Operand<TFloat32> y;
    if (get(RMS_SCALING)) {
      y = tf.math.mul(x, inv);
    } else {
      // y = x · inv + (beta − mean · inv), Keras's order of operations
      Operand<TFloat32> res = tf.math.neg(tf.math.mul(m.get(0), inv));
      if (beta != null) res = tf.math.add(res, Axes.broadcastable(tf, beta.value(), in, axes));
      y = tf.math.add(tf.math.mul(x, inv), res);
    }
    return Masks.passOn(x, y);
  }

  /** Rebuilds a LayerNormalization layer from its Keras config ({@code axis} a number or a list). */
  public static LayerNormalization fromConfig(Map<String, Object> c) {
    return new LayerNormalization().readConfig(c);
  }
}
