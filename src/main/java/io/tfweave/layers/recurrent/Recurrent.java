package io.tfweave.layers.recurrent;

import io.tfweave.activations.Activation;
import io.tfweave.constraints.Constraint;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.RandomOps;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.internal.Checks;
import io.tfweave.internal.Ops2;
import io.tfweave.layers.Option;
import io.tfweave.layers.WeightedLayer;
import io.tfweave.layers.core.Masking;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The base of the recurrent layers ({@link LSTM}, {@link GRU}, {@link SimpleRNN}): Keras's options, weights
 * {@code kernel} [in, gates·units], {@code recurrent_kernel} [units, gates·units] and {@code bias}, masks, and the output
 * layout (last output or whole sequence, plus the final states).
 *
 * <p>TensorFlow Java cannot differentiate {@code while} loops (the C++ gradient of a loop whose body needs forward values
 * aborts the process), so the recurrence is either one fused op with a registered gradient (LSTM with default activations,
 * {@code BlockLSTMV2}) or unrolled over the static time dimension by {@link RecurrenceUnroller}: one matmul projects every
 * time step's input at once, and each step adds only the recurrent matmul and the gate arithmetic. At 500 steps the fused
 * LSTM(32) builds and takes its first step in 0.15 s and trains at ~2,500 samples/s; unrolled, the first step takes 16–19 s
 * (TensorFlow's Grappler optimizing ~40,000 ops; 4 s with {@link #withoutGrappler}) and it trains at ~950 samples/s.
 *
 * <p>Masks: when the input comes from {@code Embedding.maskZero(true)} or {@link Masking}, a masked step keeps the previous
 * output and states (Keras's semantics), and with {@code returnSequences} the mask is passed on to the next layer.
 *
 * <p>Input shape: {@code (batch, time, features)}. Output shape: {@code (batch, units)}, or {@code (batch, time, units)} with
 * {@code returnSequences}; with {@code returnState} the final states follow, each {@code (batch, units)}.
 *
 * @param <R> the concrete layer type, returned by the fluent options
 */
public abstract class Recurrent<R extends Recurrent<R>> extends WeightedLayer<R> {
  static final Option<Integer> UNITS =
      Option.integer("units").required().checked(u -> Checks.positive("units", u));
  private static final Option<Initializer> RECURRENT_INITIALIZER =
      Option.initializer("recurrent_initializer", Initializers.orthogonal());
  private static final Option<Regularizer> RECURRENT_REGULARIZER =
      Option.regularizer("recurrent_regularizer");
  private static final Option<Constraint> RECURRENT_CONSTRAINT =
      Option.constraint("recurrent_constraint");
  private static final Option<Double> DROPOUT =
      Option.number("dropout", 0).checked(r -> Checks.rate("dropout", r));
  private static final Option<Double> RECURRENT_DROPOUT =
      Option.number("recurrent_dropout", 0).checked(r -> Checks.rate("recurrentDropout", r));
  private static final Option<Long> SEED = Option.seed();
  private static final Option<Boolean> RETURN_SEQUENCES = Option.bool("return_sequences", false);
  private static final Option<Boolean> RETURN_STATE = Option.bool("return_state", false);
  private static final Option<Boolean> GO_BACKWARDS = Option.bool("go_backwards", false);
  private static final Option<Boolean> STATEFUL =
      Option.fixed("stateful", false, "stateful recurrent layers are not supported.");
  private static final Option<Boolean> UNROLL = Option.bool("unroll", false);
  /** Activation of the gates of LSTM and GRU (default sigmoid). */
  static final Option<Activation> RECURRENT_ACTIVATION =
      Option.activation("recurrent_activation", Activation.SIGMOID);

  /** Gate blocks in the kernels (LSTM 4, GRU 3, SimpleRNN 1). */
  final int gates;
  /** Number of state tensors (LSTM 2: h and c; otherwise 1). */
  final int stateCount;
  /** Zero outputs at masked steps instead of repeating the previous one (set by Bidirectional with sequences). */
  boolean zeroOutputForMask;

  Weight kernel;
  Weight recurrentKernel;
  Weight bias;

  /**
   * A recurrent layer with {@code units}, {@code gates} blocks in its kernels, {@code stateCount} states and the options of
   * its cell ({@code cellOptions}, written after the activation).
   */
  Recurrent(int units, int gates, int stateCount, Option<?>... cellOptions) {
    super(Option.list(
        UNITS,
        ACTIVATION,
        List.of(cellOptions),
        USE_BIAS,
        KERNEL_INITIALIZER,
        RECURRENT_INITIALIZER,
        BIAS_INITIALIZER,
        KERNEL_REGULARIZER,
        RECURRENT_REGULARIZER,
        BIAS_REGULARIZER,
        ACTIVITY_REGULARIZER,
        KERNEL_CONSTRAINT,
        RECURRENT_CONSTRAINT,
        BIAS_CONSTRAINT,
        DROPOUT,
        RECURRENT_DROPOUT,
        SEED,
        RETURN_SEQUENCES,
        RETURN_STATE,
        GO_BACKWARDS,
        STATEFUL,
        UNROLL));
    set(UNITS, units);
    set(ACTIVATION, Activation.TANH);
    this.gates = gates;
    this.stateCount = stateCount;
  }

  /** The output activation (default tanh). */
  @Override
  public R activation(Activation a) {
    return super.activation(a);
  }

  /** Initializer of {@code recurrent_kernel} (default orthogonal). */
  public R recurrentInitializer(Initializer i) {
    return set(RECURRENT_INITIALIZER, i);
  }

  /** Penalty on {@code recurrent_kernel}. */
  public R recurrentRegularizer(Regularizer r) {
    return set(RECURRENT_REGULARIZER, r);
  }

  /** Constraint on the recurrent kernel after each update (default none). */
  public R recurrentConstraint(Constraint c) {
    return set(RECURRENT_CONSTRAINT, c);
  }

  /** Fraction of the input features dropped in training, with one mask for all time steps (default 0). */
  public R dropout(double rate) {
    return set(DROPOUT, rate);
  }

  /** Fraction of the previous output dropped before the recurrent matmul in training, one mask per sequence (default 0). */
  public R recurrentDropout(double rate) {
    return set(RECURRENT_DROPOUT, rate);
  }

  /** Return the output of every time step instead of the last one (default false). */
  public R returnSequences(boolean b) {
    return set(RETURN_SEQUENCES, b);
  }

  /** Also return the final states as extra outputs (default false; use the functional API). */
  public R returnState(boolean b) {
    return set(RETURN_STATE, b);
  }

  /** Process the sequence in reverse; the returned sequence is then in reverse order too, as in Keras (default false). */
  public R goBackwards(boolean b) {
    return set(GO_BACKWARDS, b);
  }

  /**
   * Builds an unrolled graph even where a fused op exists (default false). GRU and SimpleRNN have no fused op in TensorFlow,
   * so they are always unrolled over the static time dimension; the option is kept for Keras configs.
   */
  public R unroll(boolean b) {
    return set(UNROLL, b);
  }

  /** Fixes the op-level seed of the dropout masks (default: derived from the model seed). */
  public R seed(long s) {
    return set(SEED, s);
  }

  /**
   * Session options for models with long unrolled recurrences: turns off TensorFlow's Grappler graph optimizer, whose first
   * pass over a 500-step unrolled graph (about 40,000 ops with gradients) took 19–31 s here; without it the first step takes
   * 2–5 s and later steps run up to ~1.5× slower. Use as {@code model.sessionConfig(Recurrent::withoutGrappler)}.
   */
  public static ConfigProto withoutGrappler(ConfigProto c) {
    return c.toBuilder()
        .setGraphOptions(c.getGraphOptions().toBuilder()
            .setRewriteOptions(
                c.getGraphOptions().getRewriteOptions().toBuilder().setDisableMetaOptimizer(true)))
        .build();
  }

  /** Dimensionality of the output and of each state. */
  public int units() {
    return get(UNITS);
  }

  /** Whether the whole sequence is returned. */
  public boolean returnSequences() {
    return get(RETURN_SEQUENCES);
  }

  /** Whether the final states are returned. */
  public boolean returnState() {
    return get(RETURN_STATE);
  }

  /** Whether the sequence is processed in reverse. */
  public boolean goBackwards() {
    return get(GO_BACKWARDS);
  }

  /** The input dropout rate. */
  public double dropout() {
    return get(DROPOUT);
  }

  /** The recurrent dropout rate. */
  public double recurrentDropout() {
    return get(RECURRENT_DROPOUT);
  }

  // ---------------------------------------------------------------- what the cells provide

  /** Shape of the bias weight. */
  Shape biasShape() {
    return Shape.of((long) gates * units());
  }

  /** Initializer of the bias weight (LSTM adds the unit forget bias). */
  Initializer effectiveBiasInitializer() {
    return biasInitializer();
  }

  /** The bias added to the projected inputs, or null. */
  Operand<TFloat32> inputBias(Ops tf) {
    return bias != null ? bias.value() : null;
  }

  /** Reads the weights once and returns the step function used for every time step of one call. */
  abstract Cell cell(Ops tf);

  /** One time step of a recurrence. */
  interface Cell {
    /**
     * {@code xz} is the projected input {@code [batch, gates·units]}, {@code states} the previous states (first: the previous
     * output), {@code recurrentMask} the recurrent dropout mask or null. Returns the new states (first: the output).
     */
    List<Operand<TFloat32>> step(
        Ops tf,
        Operand<TFloat32> xz,
        List<Operand<TFloat32>> states,
        Operand<TFloat32> recurrentMask);
  }

  /** The whole recurrence as a fused op, or null when none applies (then the graph is unrolled). */
  Sequence fused(Ops tf, Operand<TFloat32> x, Operand<TBool> mask, CallMode mode) {
    return null;
  }

  /** What a recurrence produced: the output sequence [batch, time, units] (or null), the last output, the final states. */
  record Sequence(
      Operand<TFloat32> outputs, Operand<TFloat32> last, List<Operand<TFloat32>> states) {}

  // ---------------------------------------------------------------- layer implementation

  @Override
  public List<Shape> outputShapes(List<Shape> in) {
    if (in.size() != 1) {
      throw new IllegalArgumentException("Layer '" + shownName() + "' (" + className()
          + ") takes one input, received " + in.size());
    }
    Shape s = in.get(0);
    if (s.numDimensions() != 3) {
      throw shapeError(
          "a 3D input (batch, time, features)",
          s,
          "add Reshape, or Embedding for token ids, before '" + shownName() + "'.");
    }
    if (s.get(2) < 0) throw shapeError("a known number of features", s, null);
    if (s.get(1) == 0) {
      throw shapeError(
          "at least 1 time step",
          s,
          "give the Input a sequence length of 1 or more; drop empty sequences, or pad them to 1 step and mask the "
              + "padding (Embedding.maskZero or Masking).");
    }
    if (kernel != null && s.get(2) != kernel.shape().get(0)) {
      throw shapeError(
          "input with " + kernel.shape().get(0) + " features (its kernel is "
              + Shapes.text(kernel.shape()) + ")",
          s,
          null);
    }
    List<Shape> out = new ArrayList<>();
    out.add(returnSequences() ? Shape.of(-1, s.get(1), units()) : Shape.of(-1, units()));
    if (returnState()) for (int i = 0; i < stateCount; i++) out.add(Shape.of(-1, units()));
    return out;
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    long g = (long) gates * units();
    kernel = kernel(w, "kernel", Shape.of(in.get(2), g));
    recurrentKernel = w.add("recurrent_kernel", Shape.of(units(), g), get(RECURRENT_INITIALIZER))
        .regularizer(get(RECURRENT_REGULARIZER))
        .constraint(get(RECURRENT_CONSTRAINT));
    bias = bias(w, biasShape(), effectiveBiasInitializer());
  }

  /** {@code x}, checked at run time to have at least one time step when its length is not static. */
  private Operand<TFloat32> atLeastOneStep(Ops tf, Operand<TFloat32> x) {
    if (!x.shape().isUnknown() && x.shape().get(1) >= 0) return x;
    Operand<TInt32> steps = tf.gather(tf.shape(x), tf.constant(1), tf.constant(0));
    return Ops2.checkedAtRunTime(
        tf,
        "time_steps_check",
        tf.math.greater(steps, tf.constant(0)),
        "Layer " + name() + " (" + className()
            + ") needs at least 1 time step; received an input of shape",
        x,
        "Drop empty sequences, or pad them to 1 step and mask the padding (Embedding.maskZero or Masking).");
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    CallContext ctx = CallContext.current();
    Operand<TBool> mask = ctx.maskOf(x.get(0));
    Sequence s = run(tf, atLeastOneStep(tf, toFloat(tf, x.get(0))), mask, mode);
    List<Operand<?>> out = new ArrayList<>();
    Operand<TFloat32> first = returnSequences() ? s.outputs() : s.last();
    out.add(first);
    if (returnState()) out.addAll(s.states());
    if (returnSequences() && mask != null) ctx.recordMask(first, mask);
    if (activityRegularizer() != null) Ops2.addActivityLoss(tf, activityRegularizer(), first);
    return out;
  }

  /** Runs the recurrence on {@code x} [batch, time, features] with an optional mask [batch, time]. */
  Sequence run(Ops tf, Operand<TFloat32> x, Operand<TBool> mask, CallMode mode) {
    CallContext ctx = CallContext.currentOrNull();
    boolean portable = ctx != null && ctx.portable();
    Sequence s = get(UNROLL) || portable ? null : fused(tf, x, mask, mode);
    return s != null ? s : new RecurrenceUnroller(this).run(tf, x, mask, mode);
  }

  /**
   * A dropout mask of {@code shape} (values 0 or 1 / (1 − rate)), or null outside training; {@code recurrent} picks a
   * different stream than the input mask when the seed is fixed.
   */
  Operand<TFloat32> dropoutMask(
      Ops tf, Operand<TInt32> shape, double rate, boolean recurrent, CallMode mode) {
    if (!mode.training() || rate <= 0) return null;
    Long seed = get(SEED);
    long s =
        (seed != null ? seed : CallContext.current().nextSeed()) + (recurrent ? 0x5DEECE66DL : 0);
    return RandomOps.keepMask(tf, shape, rate, s);
  }

  /** A fresh, unbuilt copy with the same options (used by Bidirectional). */
  abstract R copy();
}
