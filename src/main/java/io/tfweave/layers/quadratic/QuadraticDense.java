package io.tfweave.layers.quadratic;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.WeightFactory;
import io.tfweave.internal.Checks;
import io.tfweave.layers.Option;
import io.tfweave.layers.WeightedLayer;
import io.tfweave.shape.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A densely connected layer of second-order (quadratic) neurons (Fan, Cong and Wang):
 * {@code activation((x·w_r + b_r) ∘ (x·w_g + b_g) + (x∘x)·w_b + c)} over the last axis.
 *
 * <p>Weights: kernels {@code w_r}, {@code w_g}, {@code w_b} [in, units] and biases {@code b_r}, {@code b_g}, {@code c}
 * [units], 3·in·units + 3·units parameters (a 2-20-20-1 network has 1,503). By default ({@link QuadraticInitialization#RELINEAR})
 * every neuron starts as an ordinary one: {@code w_r} from the kernel initializer (glorot_uniform), {@code b_r} from the
 * bias initializer (zeros), {@code w_g = 0, b_g = 1, w_b = 0, c = 0}; {@link QuadraticInitialization#RANDOM} draws the
 * three kernels independently, as the paper does (and is the default with {@code useBias(false)}). The kernel and bias
 * regularizers apply to all three kernels and all three biases.
 *
 * <p>A recipe that trains reliably (see {@link QuadraticInitialization} for the measurements): a {@code Normalization} layer
 * adapted on the inputs first, tanh hidden layers, the default initialisation, Adam (lr 0.1 for the 2-3-2-1 rings net,
 * 0.03 for 2-20-20-1; clipnorm 1). With it a 2-3-2-1 network separated four concentric rings within 1,000 full-batch
 * iterations on 96.9 % of 800 generated (data set, seed) pairs, and a 2-20-20-1 network the two spirals and five
 * scaled/shifted copies on 120 of 120 (20 seeds each).
 *
 * <p>The neuron is one fused graph op whose gradient is the paper's closed form ({@link QuadraticOps}); {@code fused(false)}
 * builds it from primitive ops and lets TensorFlow differentiate it instead (same values, used to check the fused op).
 *
 * <p>Input shape: {@code (batch, ..., in)}. Output shape: {@code (batch, ..., units)}.
 */
public final class QuadraticDense extends WeightedLayer<QuadraticDense> {
  private static final Option<Integer> UNITS =
      Option.integer("units").required().checked(u -> Checks.positive("units", u));
  private static final List<Option<?>> OPTIONS = Option.list(
      UNITS, ACTIVATION, WEIGHT_OPTIONS, QuadraticWeights.INITIALIZATION, QuadraticWeights.FUSED);
  private final QuadraticWeights q = new QuadraticWeights();

  /** A layer of {@code units} quadratic neurons. */
  public QuadraticDense(int units) {
    super(OPTIONS);
    set(UNITS, units);
  }

  /**
   * {@link QuadraticInitialization#RELINEAR} (the default for a layer with biases) or
   * {@link QuadraticInitialization#RANDOM} (the paper's form, and the default with {@code useBias(false)}); see
   * {@link QuadraticInitialization} for the measurements behind the default.
   */
  public QuadraticDense initialization(QuadraticInitialization i) {
    return set(QuadraticWeights.INITIALIZATION, i);
  }

  /** The initialisation this layer uses (the one set, else the default for its {@code useBias}). */
  public QuadraticInitialization initialization() {
    return QuadraticWeights.resolve(get(QuadraticWeights.INITIALIZATION), useBias());
  }

  /** Whether to use the fused op with the closed-form gradient (default true) or autodiff of the composed ops. */
  public QuadraticDense fused(boolean f) {
    return set(QuadraticWeights.FUSED, f);
  }

  @Override
  protected void checkOptions() {
    QuadraticWeights.check(get(QuadraticWeights.INITIALIZATION), useBias());
  }

  /** Number of neurons. */
  public int units() {
    return get(UNITS);
  }

  @Override
  public Shape outputShape(Shape in) {
    return lastAxisOutput(in, q.wr, "its kernels are", units());
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    q.build(
        w, this, get(QuadraticWeights.INITIALIZATION), Shape.of(Shapes.last(in), units()), units());
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Shape s = x.shape();
    int rank = s.numDimensions();
    long in = Shapes.last(s);
    Operand<TFloat32> flat = rank == 2 ? x : tf.reshape(x, tf.constant(new long[] {-1, in}));
    Operand<TFloat32>[] v = q.values(tf, units());
    Operand<TFloat32> h = QuadraticOps.dense(
        tf, flat, v[0], v[1], v[2], v[3], v[4], v[5], get(QuadraticWeights.FUSED));
    if (rank > 2) h = unflatten(tf, x, h);
    return output(tf, h, null);
  }

  private Operand<TFloat32> unflatten(Ops tf, Operand<TFloat32> x, Operand<TFloat32> h) {
    Shape s = x.shape();
    int rank = s.numDimensions();
    if (Shapes.fullyDefinedSample(s)) {
      long[] dims = s.asArray().clone();
      dims[0] = -1;
      dims[rank - 1] = units();
      return tf.reshape(h, tf.constant(dims));
    }
    Operand<TInt32> lead =
        tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {rank - 1}));
    return tf.reshape(
        h, tf.concat(List.of(lead, tf.constant(new int[] {units()})), tf.constant(0)));
  }

  /** Rebuilds a QuadraticDense layer from its config. */
  public static QuadraticDense fromConfig(Map<String, Object> c) {
    return new QuadraticDense(UNITS.read(c)).readConfig(c);
  }
}
