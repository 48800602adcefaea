package io.tfweave.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Updates weights from gradients using TensorFlow's fused training kernels ({@code ApplyAdam}, {@code ApplyRMSProp},
 * {@code ApplyMomentum}, ...) or, where TensorFlow has none, ops and assignments, with an explicit variable list (only
 * trainable weights), slot variables named {@code optimizer/<layer>/<weight>_<slot>}, an in-graph step counter, an
 * assignable learning rate or a schedule, and Keras's base options: gradient clipping, decoupled weight decay
 * ({@code weight_decay}, {@code exclude_from_weight_decay}), an exponential moving average of the weights ({@code use_ema},
 * {@code ema_momentum}, {@code ema_overwrite_frequency}) and gradient accumulation ({@code gradient_accumulation_steps}).
 *
 * <p>Options return {@code Optimizer}: set an optimizer's own options (such as {@code beta1}) first.
 */
public abstract class Optimizer {
  /** Keras's {@code ema_momentum} default. */
  public static final double EMA_MOMENTUM_DEFAULT = 0.99;

  private final double learningRate;
  private final LearningRateSchedule schedule;
  private Double clipnorm;
  private Double clipvalue;
  private Double globalClipnorm;
  private Double weightDecay;
  private List<String> excludedNames = List.of();
  private Pattern excluded;
  private boolean useEma;
  private double emaMomentum = EMA_MOMENTUM_DEFAULT;
  private Integer emaOverwriteFrequency;
  private Integer gradientAccumulationSteps;

  /** A constant rate when {@code schedule} is null, else the schedule. */
  protected Optimizer(double learningRate, LearningRateSchedule schedule) {
    if (schedule == null && (!(learningRate > 0) || Double.isInfinite(learningRate))) {
      throw new IllegalArgumentException(
          "learningRate must be a positive number. Received: learningRate=" + learningRate);
    }
    this.learningRate = schedule == null ? learningRate : schedule.valueAt(0);
    this.schedule = schedule;
  }

  /** Keras's class name, e.g. {@code Adam}. */
  public abstract String name();

  /** Clips each gradient to this L2 norm. */
  public Optimizer clipnorm(double v) {
    this.clipnorm = positive("clipnorm", v);
    return this;
  }

  /** Clips each gradient element to [−v, v]. */
  public Optimizer clipvalue(double v) {
    this.clipvalue = positive("clipvalue", v);
    return this;
  }

  /** Scales all gradients together so that their global L2 norm is at most {@code v}. */
  public Optimizer globalClipnorm(double v) {
    this.globalClipnorm = positive("globalClipnorm", v);
    return this;
  }

  /**
   * Decoupled weight decay (Keras's {@code weight_decay}, default none; AdamW's 0.004): before each update,
   * {@code w ← w − w·lr·weightDecay} for every weight not excluded by {@link #excludeFromWeightDecay}.
   */
  public Optimizer weightDecay(double wd) {
    if (!(wd >= 0) || Double.isInfinite(wd))
      throw new IllegalArgumentException(
          "weightDecay must be a number >= 0. Received: weightDecay=" + wd);
    this.weightDecay = wd;
    return this;
  }

  /**
   * Keras's {@code exclude_from_weight_decay(var_names=...)}: a weight whose name ({@code kernel}, {@code bias},
   * {@code gamma}; Keras's {@code variable.name}, without the layer) contains a match of any of these patterns (regular
   * expressions, so a plain word matches as a substring) gets no weight decay, e.g. {@code List.of("bias", "gamma")}.
   */
  public Optimizer excludeFromWeightDecay(List<String> varNames) {
    if (varNames == null)
      throw new IllegalArgumentException("varNames must not be null (pass List.of() for none)");
    this.excludedNames = List.copyOf(varNames);
    this.excluded = varNames.isEmpty() ? null : Pattern.compile(String.join("|", varNames));
    return this;
  }

  /**
   * Keeps an exponential moving average of every trainable weight (Keras's {@code use_ema}, default false): after each step
   * {@code average ← m·average + (1 − m)·w} ({@code m} = {@link #emaMomentum}, 0 on the first step), and at the end of
   * {@code fit} the weights are overwritten by their averages (Keras's {@code finalize_variable_values}). See also {@code
   * io.tfweave.callbacks.SwapEmaWeights}.
   */
  public Optimizer useEma(boolean use) {
    this.useEma = use;
    return this;
  }

  /** The EMA momentum in [0, 1] (Keras's {@code ema_momentum}, default 0.99); applies with {@link #useEma}. */
  public Optimizer emaMomentum(double m) {
    if (!(m >= 0 && m <= 1))
      throw new IllegalArgumentException(
          "emaMomentum must be in [0, 1]. Received: emaMomentum=" + m);
    this.emaMomentum = m;
    return this;
  }

  /**
   * Overwrites the weights with their averages every {@code n} (applied) steps (Keras's {@code ema_overwrite_frequency},
   * default none: only at the end of {@code fit}); applies with {@link #useEma}.
   */
  public Optimizer emaOverwriteFrequency(int n) {
    if (n < 1)
      throw new IllegalArgumentException(
          "emaOverwriteFrequency must be an integer >= 1. Received: emaOverwriteFrequency=" + n);
    this.emaOverwriteFrequency = n;
    return this;
  }

  /**
   * Accumulates gradients over {@code n} steps and updates the weights every {@code n}-th step with their mean (Keras's
   * {@code gradient_accumulation_steps}, default none). As in Keras, {@code iterations} counts every step (and drives
   * learning-rate schedules), while step-dependent terms such as Adam's bias correction count applied updates.
   */
  public Optimizer gradientAccumulationSteps(int n) {
    if (n < 2)
      throw new IllegalArgumentException(
          "gradientAccumulationSteps must be an integer >= 2. Received: gradientAccumulationSteps="
              + n);
    this.gradientAccumulationSteps = n;
    return this;
  }

  /** The initial (or constant) learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** The schedule, or null for a constant rate. */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** Whether the optimizer keeps an EMA of the weights ({@link #useEma}). */
  public boolean usesEma() {
    return useEma;
  }

  /** The weight decay, or null for none. */
  Double weightDecayValue() {
    return weightDecay;
  }

  /** The gradient accumulation steps, or null for none. */
  Integer accumulationSteps() {
    return gradientAccumulationSteps;
  }

  /** Whether the weight named {@code leaf} (e.g. {@code bias}) gets weight decay. */
  boolean decays(String leaf) {
    return weightDecay != null
        && weightDecay > 0
        && (excluded == null || !excluded.matcher(leaf).find());
  }

  /**
   * Keras-style config: Keras's base keys ({@code name}, {@code learning_rate}, {@code weight_decay}, {@code clipnorm},
   * {@code global_clipnorm}, {@code clipvalue}, {@code use_ema}, {@code ema_momentum}, {@code ema_overwrite_frequency},
   * {@code gradient_accumulation_steps}; null where unset, as Keras's None), then the subclass's hyper-parameters, and
   * {@code exclude_from_weight_decay} when set. {@link Optimizers#fromConfig} rebuilds the optimizer from it.
   */
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put(
        "learning_rate",
        schedule == null
            ? learningRate
            : Map.of("class_name", schedule.kerasName(), "config", schedule.config()));
    c.put("weight_decay", weightDecay);
    c.put("clipnorm", clipnorm);
    c.put("global_clipnorm", globalClipnorm);
    c.put("clipvalue", clipvalue);
    c.put("use_ema", useEma);
    c.put("ema_momentum", emaMomentum);
    c.put("ema_overwrite_frequency", emaOverwriteFrequency);
    c.put("gradient_accumulation_steps", gradientAccumulationSteps);
    if (!excludedNames.isEmpty()) c.put("exclude_from_weight_decay", excludedNames);
    return c;
  }

  Integer emaOverwriteEvery() {
    return emaOverwriteFrequency;
  }

  double emaMomentumValue() {
    return emaMomentum;
  }

  Double clipnormValue() {
    return clipnorm;
  }

  Double clipvalueValue() {
    return clipvalue;
  }

  Double globalClipnormValue() {
    return globalClipnorm;
  }

  static double positive(String name, double v) {
    if (!(v > 0))
      throw new IllegalArgumentException(name + " must be positive. Received: " + name + "=" + v);
    return v;
  }

  /** Creates slot variables next to a weight. */
  public interface Slots {
    /** A zero-initialised slot of the same shape as the weight, named {@code optimizer/<path>_<slot>}. */
    Variable<TFloat32> zeros(String slot);

    /** A slot of the weight's shape filled with {@code value}, named as {@link #zeros}. */
    default Variable<TFloat32> filled(String slot, float value) {
      throw new UnsupportedOperationException("filled slots are not supported by " + getClass());
    }
  }

  /** Creates optimizer-wide (not per-weight) variables, named {@code optimizer/<name>}. */
  public interface Globals {
    /** A float32 scalar variable starting at {@code initial}. */
    Variable<TFloat32> scalar(String name, float initial);
  }

  /** Adds ops shared by all updates of one step (e.g. Adam's bias-correction powers); called once per build. */
  protected void prepare(Ops tf, Operand<TFloat32> lr, Operand<TFloat32> step) {}

  /**
   * As {@link #prepare(Ops, Operand, Operand)}, with {@code globals} for optimizer-wide state (Nadam's momentum product).
   * Ops added here run once per applied step; the updates may use their outputs.
   */
  protected void prepare(Ops tf, Operand<TFloat32> lr, Operand<TFloat32> step, Globals globals) {
    prepare(tf, lr, step);
  }

  /**
   * Adds one update of {@code var} from {@code grad}. {@code lr} is the current learning rate and {@code step} the 1-based
   * step number (float32; with gradient accumulation, the number of applied updates).
   */
  protected abstract Op applyOne(
      Ops tf,
      Variable<TFloat32> var,
      Operand<TFloat32> grad,
      Slots slots,
      Operand<TFloat32> lr,
      Operand<TFloat32> step);

  /**
   * The graph pieces an optimizer adds. {@code finalizeWeights} copies the EMA into the weights (run once at the end of
   * {@code fit}), {@code swapEma} exchanges weights and averages, and {@code weightsToEma} copies the weights into the
   * averages; the three are null without {@link #useEma}.
   */
  public record Built(
      Op train,
      Variable<TFloat32> learningRateVariable,
      Operand<TFloat32> currentLearningRate,
      Variable<TInt64> iterations,
      Op finalizeWeights,
      Op swapEma,
      Op weightsToEma) {
    /** The pieces of an optimizer without EMA. */
    public Built(
        Op train,
        Variable<TFloat32> learningRateVariable,
        Operand<TFloat32> currentLearningRate,
        Variable<TInt64> iterations) {
      this(train, learningRateVariable, currentLearningRate, iterations, null, null, null);
    }
  }

  /**
   * Adds the update ops for {@code vars} (paths like {@code dense/kernel}) and their gradients; the returned train op also
   * increments {@code iterations}. Every update waits for all gradients (see the five-argument variant for a finer barrier).
   */
  public final Built build(
      Ops tf, List<Variable<TFloat32>> vars, List<String> paths, List<Operand<TFloat32>> grads) {
    return build(tf, vars, paths, grads, null);
  }

  /**
   * Adds the update ops. {@code readers.get(i)} lists outputs of the step's ops that read {@code vars.get(i)}: ref variables
   * are read in place, so an update must not run before those reads or training becomes nondeterministic (and slightly
   * wrong). Each update waits for its own gradient and its variable's readers; with {@code readers} null, for every gradient.
   */
  public final Built build(
      Ops tf,
      List<Variable<TFloat32>> vars,
      List<String> paths,
      List<Operand<TFloat32>> grads,
      List<List<Operand<?>>> readers) {
    if (vars.size() != paths.size() || vars.size() != grads.size()) {
      throw new IllegalArgumentException("vars, paths and grads must have the same size. Received: "
          + vars.size() + ", " + paths.size() + ", " + grads.size());
    }
    return new UpdateGraph(this, tf, vars, paths).build(new ArrayList<>(grads), readers);
  }
}
