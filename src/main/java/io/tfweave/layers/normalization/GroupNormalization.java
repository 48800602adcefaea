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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Splits the channels into {@code groups} groups and normalizes each group of each sample over the group's channels and all
 * other non-batch axes, then scales and shifts per channel (Keras's {@code GroupNormalization}, Wu and He 2018). One group
 * is layer normalization over all non-batch axes; {@code groups = -1} (one group per channel) is instance normalization.
 *
 * <p>Weights: {@code gamma} [channels] (ones, if {@code scale}) and {@code beta} [channels] (zeros, if {@code center}).
 * Defaults: groups 32, axis -1, epsilon 1e-3, center and scale true. A mask on the input is passed on.
 * Input shape: any of rank ≥ 2, with a known number of channels on {@code axis} that the groups divide. Output shape: same
 * as input.
 */
public final class GroupNormalization extends BaseLayer<GroupNormalization> {
  /** Keras's default number of groups. */
  public static final int GROUPS_DEFAULT = 32;
  /** Keras's default epsilon. */
  public static final double EPSILON_DEFAULT = 1e-3;

  private static final Option<Integer> GROUPS = Option.integer("groups", GROUPS_DEFAULT)
      .checked(g -> {
        if (g == 0 || g < -1) {
          throw new IllegalArgumentException(
              "groups must be a positive integer or -1 (one group per channel). Received: "
                  + "groups=" + g);
        }
        return g;
      });
  private static final Option<Integer> AXIS = Option.integer("axis", -1);
  private static final Option<Double> EPSILON =
      Option.number("epsilon", EPSILON_DEFAULT).checked(e -> Checks.positive("epsilon", e));
  private static final Option<Boolean> CENTER = Option.bool("center", true);
  private static final Option<Boolean> SCALE = Option.bool("scale", true);
  private static final Option<Initializer> BETA_INITIALIZER =
      Option.initializer("beta_initializer", Initializers.zeros());
  private static final Option<Initializer> GAMMA_INITIALIZER =
      Option.initializer("gamma_initializer", Initializers.ones());
  private static final Option<Regularizer> BETA_REGULARIZER =
      Option.regularizer("beta_regularizer");
  private static final Option<Regularizer> GAMMA_REGULARIZER =
      Option.regularizer("gamma_regularizer");
  private static final List<Option<?>> OPTIONS = Option.list(
      GROUPS,
      AXIS,
      EPSILON,
      CENTER,
      SCALE,
      BETA_INITIALIZER,
      GAMMA_INITIALIZER,
      BETA_REGULARIZER,
      GAMMA_REGULARIZER);
  private Weight gamma;
  private Weight beta;

  /** Group normalization with {@link #GROUPS_DEFAULT} groups over the last axis. */
  public GroupNormalization() {
    super(OPTIONS);
  }

  /** Number of groups, a divisor of the channels, or -1 for one group per channel (default 32). */
  public GroupNormalization groups(int g) {
    return set(GROUPS, g);
  }

  /** The channel axis (default -1). */
  public GroupNormalization axis(int a) {
    return set(AXIS, a);
  }

  /** Added to the variance before the square root (default 1e-3). */
  public GroupNormalization epsilon(double e) {
    return set(EPSILON, e);
  }

  /** Whether to add the learned offset {@code beta} (default true). */
  public GroupNormalization center(boolean c) {
    return set(CENTER, c);
  }

  /** Whether to multiply by the learned {@code gamma} (default true). */
  public GroupNormalization scale(boolean s) {
    return set(SCALE, s);
  }

  /** Initializer of beta (default zeros). */
  public GroupNormalization betaInitializer(Initializer i) {
    return set(BETA_INITIALIZER, i);
  }

  /** Initializer of gamma (default ones). */
  public GroupNormalization gammaInitializer(Initializer i) {
    return set(GAMMA_INITIALIZER, i);
  }

  /** Penalty on beta. */
  public GroupNormalization betaRegularizer(Regularizer r) {
    return set(BETA_REGULARIZER, r);
  }

  /** Penalty on gamma. */
  public GroupNormalization gammaRegularizer(Regularizer r) {
    return set(GAMMA_REGULARIZER, r);
  }

  private int axis(Shape in) {
    return Axes.resolve(this, in, new int[] {get(AXIS)}, true)[0];
  }

  private int groups(long channels) {
    return get(GROUPS) == -1 ? (int) channels : get(GROUPS);
  }

  @Override
  public Shape outputShape(Shape in) {
    long channels = in.get(axis(in));
    int g = groups(channels);
    if (channels < g) {
      throw shapeError(
          "at least as many channels as groups: Number of groups (" + g
              + ") cannot be more than the number " + "of channels (" + channels + ")",
          in,
          "use fewer groups, e.g. groups(" + channels + ").");
    }
    if (channels % g != 0) {
      throw shapeError(
          "a number of channels divisible by the groups: " + channels
              + " channels cannot be split into " + g + " groups",
          in,
          "use a divisor of " + channels + " as groups.");
    }
    if (gamma != null && gamma.shape().get(0) != channels) {
      throw shapeError(gamma.shape().get(0) + " channels on axis " + get(AXIS), in, null);
    }
    return in;
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    Shape c = Shape.of(in.get(axis(in)));
    if (get(SCALE))
      gamma = w.add("gamma", c, get(GAMMA_INITIALIZER)).regularizer(get(GAMMA_REGULARIZER));
    if (get(CENTER))
      beta = w.add("beta", c, get(BETA_INITIALIZER)).regularizer(get(BETA_REGULARIZER));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Shape in = x.shape();
    int rank = in.numDimensions();
    int a = axis(in);
    long channels = in.get(a);
    int g = groups(channels);
    // [batch, ..., channels, ...] -> [batch, ..., groups, channels / groups, ...]
    long[] broadcast = new long[rank + 1];
    java.util.Arrays.fill(broadcast, 1);
    broadcast[a] = g;
    broadcast[a + 1] = channels / g;
    boolean known = true;
    for (int d = 1; d < rank; d++) known &= in.get(d) >= 0;
    Operand<TInt32> dynamic = tf.shape(x);
    Operand<TInt32> outShape = known ? tf.constant(withBatch(in.asArray())) : dynamic;
    List<Operand<TInt32>> dims = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      if (d == a) dims.add(tf.constant(new int[] {g, (int) (channels / g)}));
      else if (d > 0 && known) dims.add(tf.constant(new int[] {(int) in.get(d)}));
      else if (d == 0 && known) dims.add(tf.constant(new int[] {-1}));
      else dims.add(tf.slice(dynamic, tf.constant(new int[] {d}), tf.constant(new int[] {1})));
    }
    Operand<TFloat32> grouped = tf.reshape(x, tf.concat(dims, tf.constant(0)));
    int[] reduce = new int[rank - 1];
    for (int d = 1, k = 0; d <= rank; d++) if (d != a) reduce[k++] = d;
    List<Operand<TFloat32>> m = Axes.moments(tf, grouped, reduce);
    Operand<TFloat32> inv =
        tf.math.rsqrt(tf.math.add(m.get(1), tf.constant((float) get(EPSILON).doubleValue())));
    if (gamma != null) inv = tf.math.mul(inv, tf.reshape(gamma.value(), tf.constant(broadcast)));
    Operand<TFloat32> res = tf.math.neg(tf.math.mul(m.get(0), inv));
    if (beta != null) res = tf.math.add(res, tf.reshape(beta.value(), tf.constant(broadcast)));
    return Masks.passOn(x, tf.reshape(tf.math.add(tf.math.mul(grouped, inv), res), outShape));
  }

  private static int[] withBatch(long[] dims) {
    int[] r = new int[dims.length];
    for (int i = 0; i < dims.length; i++) r[i] = i == 0 ? -1 : (int) dims[i];
    return r;
  }

  /** Rebuilds a GroupNormalization layer from its Keras config. */
  public static GroupNormalization fromConfig(Map<String, Object> c) {
    return new GroupNormalization().readConfig(c);
  }
}
