package io.tfweave.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * What a layer may use while it adds its ops to a graph: the variables of its weights, the mode, a seed source for random
 * ops, and places to put state updates (BatchNorm moving averages) and extra losses (activity regularizers).
 */
public final class CallContext implements AutoCloseable {
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  private final Ops tf;
  private final CallMode mode;
  private final Function<Weight, Operand<TFloat32>> variables;
  private final long seed;
  private final CallContext previous;
  private final List<Op> updates = new ArrayList<>();
  private final List<Operand<TFloat32>> losses = new ArrayList<>();
  private final Map<Output<?>, Operand<TFloat32>> logits = new HashMap<>();
  private final Map<Output<?>, Operand<TBool>> masks = new HashMap<>();
  private final List<Op> randomDraws = new ArrayList<>();
  private final Map<Weight, Operand<TFloat32>> castReads = new HashMap<>();
  private Class<? extends TType> computeType = TFloat32.class;
  private boolean usedFloat16;
  private boolean portable;
  private long seedCounter;
  private Supplier<Operand<TInt64>> randomStepSource;
  private Operand<TInt64> randomStep;

  private CallContext(
      Ops tf, CallMode mode, Function<Weight, Operand<TFloat32>> variables, long seed) {
    this.tf = tf;
    this.mode = mode;
    this.variables = variables;
    this.seed = seed;
    this.previous = CURRENT.get();
  }

  /** Opens a context for building one sub-graph; close it when done (try-with-resources). */
  public static CallContext open(
      Ops tf, CallMode mode, Function<Weight, Operand<TFloat32>> variables, long seed) {
    CallContext c = new CallContext(tf, mode, variables, seed);
    CURRENT.set(c);
    return c;
  }

  /**
   * Asks the layers to build only ops that portable runtimes accept (the TFLite converter's builtin set): recurrent
   * layers are unrolled instead of using the fused {@code BlockLSTMV2} kernel. Same outputs, slower for long sequences.
   */
  public CallContext portable(boolean b) {
    this.portable = b;
    return this;
  }

  /** Whether only portable ops are to be built (see {@link #portable(boolean)}). */
  public boolean portable() {
    return portable;
  }

  /** The context of the graph being built on this thread. */
  public static CallContext current() {
    CallContext c = CURRENT.get();
    if (c == null) {
      throw new IllegalStateException(
          "Weights can be read only while a model builds its graph (inside Layer.call)");
    }
    return c;
  }

  /** The context of the graph being built on this thread, or null outside one. */
  public static CallContext currentOrNull() {
    return CURRENT.get();
  }

  /**
   * Gives this context a random counter: {@code source} is asked once, when the first layer draws random numbers, for a
   * scalar that differs at every training step and is saved with the training state (see {@link RandomOps}).
   */
  public void randomStepSource(Supplier<Operand<TInt64>> source) {
    this.randomStepSource = source;
  }

  /** The random counter of this training step, or null when this context has none (inference, data pipelines). */
  public Operand<TInt64> randomStep() {
    if (randomStep == null && randomStepSource != null) randomStep = randomStepSource.get();
    return randomStep;
  }

  /** Records a random draw that read {@link #randomStep()} (the counter's increment waits for it). */
  public void addRandomDraw(Operand<?> draw) {
    org.tensorflow.Operation op = draw.op();
    randomDraws.add(() -> op);
  }

  /** The random draws that read the counter, for the control dependencies of its increment. */
  public List<Op> randomDraws() {
    return randomDraws;
  }

  /** The op factory of the graph being built. */
  public Ops tf() {
    return tf;
  }

  /** Training or inference. */
  public CallMode mode() {
    return mode;
  }

  /**
   * The variable that holds {@code w}, or, while a layer computes in 16 bits ({@link #computeType}), its value cast to
   * that type (one cast per weight and sub-graph; the variable stays float32 and the cast's gradient is float32). The
   * operand's static type says float32; its runtime type is the compute type.
   */
  @SuppressWarnings(
      "unchecked") // a 16-bit operand behind the float32-typed layer API (mixed precision)
  public Operand<TFloat32> read(Weight w) {
    Operand<TFloat32> v = variables.apply(w);
    if (computeType == TFloat32.class) return v;
    Class<? extends TType> t = computeType;
    return castReads.computeIfAbsent(w, k ->
        (Operand<TFloat32>) (Operand<?>) tf.withName(k.name() + "_cast").dtypes.cast(v, t));
  }

  /** The variable that holds {@code w}, in float32 whatever the compute type (for layers that cast after a gather). */
  public Operand<TFloat32> readVariable(Weight w) {
    return variables.apply(w);
  }

  /** The dtype the layer being called computes in: TFloat32 (default), TBfloat16 or TFloat16. */
  public Class<? extends TType> computeType() {
    return computeType;
  }

  /** Sets the compute type for the layer about to be called and returns the previous one (to restore after the call). */
  public Class<? extends TType> computeType(Class<? extends TType> type) {
    Class<? extends TType> before = computeType;
    computeType = type;
    if (type == TFloat16.class) usedFloat16 = true;
    return before;
  }

  /** Whether a layer of this sub-graph computed in float16 (its training then scales the loss). */
  public boolean usedFloat16() {
    return usedFloat16;
  }

  /** A fresh op-level seed, deterministic for a given model seed and graph construction order. */
  public long nextSeed() {
    return (seed * 1_000_003L) + (++seedCounter);
  }

  /** Registers a state update that must run with every training step. */
  public void addUpdate(Op update) {
    updates.add(update);
  }

  /** Adds a scalar to the training loss (activity regularization and similar). */
  public void addLoss(Operand<TFloat32> loss) {
    losses.add(loss);
  }

  /** Remembers that {@code probabilities} was computed by sigmoid/softmax from {@code logitValues}, for stable losses. */
  public void recordLogits(Operand<?> probabilities, Operand<TFloat32> logitValues) {
    logits.put(probabilities.asOutput(), logitValues);
  }

  /** The logits behind {@code probabilities}, or null. */
  public Operand<TFloat32> logitsOf(Operand<?> probabilities) {
    return logits.get(probabilities.asOutput());
  }

  /**
   * Remembers which time steps of {@code output} ({@code [batch, time, ...]}) are real data: {@code mask} is {@code [batch, time]},
   * false at padding (Keras's masking; set by {@code Embedding.maskZero} and {@code Masking}, read by recurrent layers).
   */
  public void recordMask(Operand<?> output, Operand<TBool> mask) {
    masks.put(output.asOutput(), mask);
  }

  /** The padding mask recorded for {@code output}, or null. */
  public Operand<TBool> maskOf(Operand<?> output) {
    return masks.get(output.asOutput());
  }

  /** State updates registered so far. */
  public List<Op> updates() {
    return updates;
  }

  /** Extra losses registered so far. */
  public List<Operand<TFloat32>> losses() {
    return losses;
  }

  @Override
  public void close() {
    if (previous == null) CURRENT.remove();
    else CURRENT.set(previous);
  }
}
