package io.tfweave.layers.normalization;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Configs;
import io.tfweave.regularizers.Regularizer;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Normalizes each feature (channel) to zero mean and unit variance, then scales and shifts it (Keras's
 * {@code BatchNormalization}): {@code y = gamma · (x − mean) / sqrt(var + epsilon) + beta}.
 *
 * <p>In the training graph of a <em>trainable</em> layer, {@code mean} and {@code var} are the batch statistics (biased
 * variance) and each step updates {@code moving = moving · momentum + batch · (1 − momentum)} (as Keras 3 does, also for the
 * variance). Otherwise (inference, or a frozen layer in training) the moving statistics are used and nothing is updated.
 *
 * <p>Weights: {@code gamma} [c] (ones, if {@code scale}), {@code beta} [c] (zeros, if {@code center}), {@code moving_mean}
 * [c] (zeros) and {@code moving_variance} [c] (ones), the last two non-trainable. Input shape: any, with a known size on
 * {@code axis}. Output shape: same as input.
 */
public final class BatchNormalization extends BaseLayer<BatchNormalization> {
  /** Keras's default momentum of the moving statistics. */
  public static final double MOMENTUM_DEFAULT = 0.99;
  /** Keras's default epsilon. */
  public static final double EPSILON_DEFAULT = 1e-3;

  private static final Option<Integer> AXIS =
      Option.of("axis", -1, a -> a, BatchNormalization::readAxis);
  private static final Option<Double> MOMENTUM =
      Option.number("momentum", MOMENTUM_DEFAULT).checked(m -> Checks.rate("momentum", m));
  private static final Option<Double> EPSILON =
      Option.number("epsilon", EPSILON_DEFAULT).checked(e -> Checks.positive("epsilon", e));
  private static final Option<Boolean> CENTER = Option.bool("center", true);
  private static final Option<Boolean> SCALE = Option.bool("scale", true);
  private static final Option<Initializer> BETA_INITIALIZER =
      Option.initializer("beta_initializer", Initializers.zeros());
  private static final Option<Initializer> GAMMA_INITIALIZER =
      Option.initializer("gamma_initializer", Initializers.ones());
  private static final Option<Initializer> MOVING_MEAN_INITIALIZER =
      Option.initializer("moving_mean_initializer", Initializers.zeros());
  private static final Option<Initializer> MOVING_VARIANCE_INITIALIZER =
      Option.initializer("moving_variance_initializer", Initializers.ones());
  private static final Option<Regularizer> BETA_REGULARIZER =
      Option.regularizer("beta_regularizer");
  private static final Option<Regularizer> GAMMA_REGULARIZER =
      Option.regularizer("gamma_regularizer");
  private static final List<Option<?>> OPTIONS = Option.list(
      AXIS,
      MOMENTUM,
      EPSILON,
      CENTER,
      SCALE,
      BETA_INITIALIZER,
      GAMMA_INITIALIZER,
      MOVING_MEAN_INITIALIZER,
      MOVING_VARIANCE_INITIALIZER,
      BETA_REGULARIZER,
      GAMMA_REGULARIZER);
  private Weight gamma;
  private Weight beta;
  private Weight movingMean;
  private Weight movingVariance;

  /** Batch normalization over the last axis with Keras's defaults. */
  public BatchNormalization() {
    super(OPTIONS);
  }

  /** Keras writes {@code axis} as a number or a one-element list. */
  private static int readAxis(Object raw) {
    long[] axes = Configs.longs(Map.of("axis", raw), "axis");
    if (axes.length != 1) {
      throw new IllegalArgumentException(
          "BatchNormalization supports a single axis. Received: axis=" + raw);
    }
    return (int) axes[0];
  }

  /** The feature axis (default -1, the channels of NHWC images); negative values count from the end. */
  public BatchNormalization axis(int a) {
    return set(AXIS, a);
  }

  /** Momentum of the moving statistics in [0, 1) (default 0.99). */
  public BatchNormalization momentum(double m) {
    return set(MOMENTUM, m);
  }

  /** Added to the variance before the square root (default 1e-3). */
  public BatchNormalization epsilon(double e) {
    return set(EPSILON, e);
  }

  /** Whether to add the learned offset {@code beta} (default true). */
  public BatchNormalization center(boolean c) {
    return set(CENTER, c);
  }

  /** Whether to multiply by the learned {@code gamma} (default true). */
  public BatchNormalization scale(boolean s) {
    return set(SCALE, s);
  }

  /** Initializer of beta (default zeros). */
  public BatchNormalization betaInitializer(Initializer i) {
    return set(BETA_INITIALIZER, i);
  }

  /** Initializer of gamma (default ones). */
  public BatchNormalization gammaInitializer(Initializer i) {
    return set(GAMMA_INITIALIZER, i);
  }

  /** Initializer of the moving mean (default zeros). */
  public BatchNormalization movingMeanInitializer(Initializer i) {
    return set(MOVING_MEAN_INITIALIZER, i);
  }

  /** Initializer of the moving variance (default ones). */
  public BatchNormalization movingVarianceInitializer(Initializer i) {
    return set(MOVING_VARIANCE_INITIALIZER, i);
  }

  /** Penalty on beta. */
  public BatchNormalization betaRegularizer(Regularizer r) {
    return set(BETA_REGULARIZER, r);
  }

  /** Penalty on gamma. */
  public BatchNormalization gammaRegularizer(Regularizer r) {
    return set(GAMMA_REGULARIZER, r);
  }

  /** The momentum. */
  public double momentum() {
    return get(MOMENTUM);
  }

  /** The epsilon. */
  public double epsilon() {
    return get(EPSILON);
  }

  private int resolvedAxis(Shape in) {
    int axis = get(AXIS);
    int rank = in.numDimensions();
    int a = axis < 0 ? rank + axis : axis;
    if (a <= 0 || a >= rank) {
      throw shapeError(
          "an input with a feature axis " + axis + " after the batch axis",
          in,
          "axis must be in [1, " + (rank - 1) + "] or [-" + (rank - 1) + ", -1].");
    }
    if (in.get(a) < 0) throw shapeError("a known size on axis " + axis, in, null);
    return a;
  }

  @Override
  public Shape outputShape(Shape in) {
    int a = resolvedAxis(in);
    if (movingMean != null && in.get(a) != movingMean.shape().get(0)) {
      throw shapeError(movingMean.shape().get(0) + " features on axis " + get(AXIS), in, null);
    }
    return in;
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    Shape c = Shape.of(in.get(resolvedAxis(in)));
    if (get(SCALE))
      gamma = w.add("gamma", c, get(GAMMA_INITIALIZER)).regularizer(get(GAMMA_REGULARIZER));
    if (get(CENTER))
      beta = w.add("beta", c, get(BETA_INITIALIZER)).regularizer(get(BETA_REGULARIZER));
    movingMean = w.add("moving_mean", c, get(MOVING_MEAN_INITIALIZER)).nonTrainable();
    movingVariance =
        w.add("moving_variance", c, get(MOVING_VARIANCE_INITIALIZER)).nonTrainable();
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Shape in = x.shape();
    int rank = in.numDimensions();
    int a = resolvedAxis(in);
    long channels = in.get(a);
    double epsilon = epsilon();
    Operand<TFloat32> g = gamma != null ? gamma.value() : tf.constant(ones(channels));
    Operand<TFloat32> b = beta != null ? beta.value() : tf.constant(new float[(int) channels]);
    if (!(mode.training() && isTrainable())) {
      // y = x · s + t with s = gamma / sqrt(moving_variance + epsilon), t = beta − moving_mean · s
      Operand<TFloat32> s = tf.math.mul(
          g, tf.math.rsqrt(tf.math.add(movingVariance.value(), tf.constant((float) epsilon))));
      Operand<TFloat32> t = tf.math.sub(b, tf.math.mul(movingMean.value(), s));
      return tf.math.add(
          tf.math.mul(x, broadcastable(tf, s, rank, a)), broadcastable(tf, t, rank, a));
    }
    Operand<TFloat32> y;
    Operand<TFloat32> mean;
    Operand<TFloat32> variance;
    if (a == rank - 1) {
      Operand<TFloat32> x4 =
          rank == 4 ? x : tf.reshape(x, tf.constant(new long[] {-1, 1, 1, channels}));
      Operand<TFloat32> empty = tf.constant(new float[0]);
      FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(
          x4,
          g,
          b,
          empty,
          empty,
          FusedBatchNorm.epsilon((float) epsilon),
          FusedBatchNorm.isTraining(true));
      y = rank == 4 ? bn.y() : tf.reshape(bn.y(), tf.shape(x));
      mean = bn.batchMean();
      // FusedBatchNorm returns the Bessel-corrected variance n/(n-1)·var; Keras tracks the biased
      // one.
      Operand<TFloat32> n =
          tf.math.div(tf.dtypes.cast(tf.size(x), TFloat32.class), tf.constant((float) channels));
      Operand<TFloat32> unbias =
          tf.math.div(tf.math.maximum(tf.math.sub(n, tf.constant(1f)), tf.constant(1f)), n);
      variance = tf.math.mul(bn.batchVariance(), unbias);
    } else {
      int[] reduce = new int[rank - 1];
      for (int d = 0, k = 0; d < rank; d++) if (d != a) reduce[k++] = d;
      Operand<TFloat32> m =
          tf.math.mean(x, tf.constant(reduce), org.tensorflow.op.math.Mean.keepDims(true));
      Operand<TFloat32> centered = tf.math.sub(x, m);
      Operand<TFloat32> v = tf.math.mean(
          tf.math.square(centered),
          tf.constant(reduce),
          org.tensorflow.op.math.Mean.keepDims(true));
      Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(v, tf.constant((float) epsilon)));
      y = tf.math.add(
          tf.math.mul(tf.math.mul(centered, inv), broadcastable(tf, g, rank, a)),
          broadcastable(tf, b, rank, a));
      mean = tf.reshape(m, tf.constant(new long[] {channels}));
      variance = tf.reshape(v, tf.constant(new long[] {channels}));
    }
    CallContext ctx = CallContext.current();
    ctx.addUpdate(tf.assign(movingMean.value(), movingAverage(tf, movingMean.value(), mean)));
    ctx.addUpdate(
        tf.assign(movingVariance.value(), movingAverage(tf, movingVariance.value(), variance)));
    return y;
  }

  private Operand<TFloat32> movingAverage(
      Ops tf, Operand<TFloat32> moving, Operand<TFloat32> batch) {
    double momentum = momentum();
    return tf.math.add(
        tf.math.mul(moving, tf.constant((float) momentum)),
        tf.math.mul(batch, tf.constant((float) (1 - momentum))));
  }

  private static Operand<TFloat32> broadcastable(Ops tf, Operand<TFloat32> v, int rank, int axis) {
    if (axis == rank - 1) return v;
    long[] shape = new long[rank];
    java.util.Arrays.fill(shape, 1);
    shape[axis] = -1;
    return tf.reshape(v, tf.constant(shape));
  }

  private static float[] ones(long n) {
    float[] f = new float[(int) n];
    java.util.Arrays.fill(f, 1f);
    return f;
  }

  /** Rebuilds a BatchNormalization layer from its Keras config ({@code axis} may be a number or a one-element list). */
  public static BatchNormalization fromConfig(Map<String, Object> c) {
    return new BatchNormalization().readConfig(c);
  }
}
