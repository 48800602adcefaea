package io.tfweave.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Updates weights from gradients using TensorFlow's fused training kernels ({@code ApplyAdam}, {@code ApplyRMSProp},
 * {@code ApplyMomentum}, ...), with an explicit variable list (only trainable weights), slot variables named
 * {@code optimizer/<layer>/<weight>_<slot>}, an in-graph step counter, an assignable learning rate or a schedule, and
 * Keras's gradient clipping options.
 */
public abstract class Optimizer {
  private final double learningRate;
  private final LearningRateSchedule schedule;
  private Double clipnorm;
  private Double clipvalue;
  private Double globalClipnorm;

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

  /** The initial (or constant) learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** The schedule, or null for a constant rate. */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** Keras-style config (learning rate, clipping and the subclass's hyper-parameters). */
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put(
        "learning_rate",
        schedule == null
            ? learningRate
            : Map.of("class_name", schedule.kerasName(), "config", schedule.config()));
    if (clipnorm != null) c.put("clipnorm", clipnorm);
    if (clipvalue != null) c.put("clipvalue", clipvalue);
    if (globalClipnorm != null) c.put("global_clipnorm", globalClipnorm);
    return c;
  }

  private static double positive(String name, double v) {
    if (!(v > 0))
      throw new IllegalArgumentException(name + " must be positive. Received: " + name + "=" + v);
    return v;
  }

  /** Creates slot variables next to a weight. */
  public interface Slots {
    /** A zero-initialised slot of the same shape as the weight, named {@code optimizer/<path>_<slot>}. */
    Variable<TFloat32> zeros(String slot);
  }

  /** Adds ops shared by all updates of one step (e.g. Adam's bias-correction powers); called once per build. */
  protected void prepare(Ops tf, Operand<TFloat32> lr, Operand<TFloat32> step) {}

  /**
   * Adds one update of {@code var} from {@code grad}. {@code lr} is the current learning rate and {@code step} the 1-based
   * step number (float32).
   */
  protected abstract Op applyOne(
      Ops tf,
      Variable<TFloat32> var,
      Operand<TFloat32> grad,
      Slots slots,
      Operand<TFloat32> lr,
      Operand<TFloat32> step);

  /** The graph pieces an optimizer adds. */
  public record Built(
      Op train,
      Variable<TFloat32> learningRateVariable,
      Operand<TFloat32> currentLearningRate,
      Variable<TInt64> iterations) {}

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
    Ops opt = tf.withSubScope("optimizer");
    Variable<TInt64> iterations = opt.withName("iterations").variable(opt.constant(0L));
    Variable<TFloat32> lrVar =
        opt.withName("learning_rate").variable(opt.constant((float) learningRate));
    Operand<TFloat32> step =
        opt.math.add(opt.dtypes.cast(iterations, TFloat32.class), opt.constant(1f));
    Operand<TFloat32> lr =
        schedule == null ? lrVar : schedule.value(opt, opt.dtypes.cast(iterations, TFloat32.class));
    List<Operand<TFloat32>> clipped = clip(opt, grads);
    prepare(opt, lr, step);
    // Control dependencies on the producing operations themselves (no extra Identity ops: each op
    // costs executor time).
    List<Op> ready = new ArrayList<>();
    for (Operand<TFloat32> g : clipped) ready.add(asOp(g));
    List<Op> updates = new ArrayList<>();
    // One scope object per weight prefix: TF makes every withSubScope call unique, and slots must
    // be named exactly
    // optimizer/<layer>/<weight>_<slot> (their checkpoint keys), whatever the order in which they
    // are created.
    Map<String, Ops> slotScopes = new java.util.HashMap<>();
    Ops slotRoot = opt.withControlDependencies(List.of());
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> v = vars.get(i);
      String path = paths.get(i);
      int cut = path.lastIndexOf('/');
      String leaf = path.substring(cut + 1);
      Slots slots = slot -> {
        Ops s = cut < 0 ? slotRoot : slotScope(slotRoot, slotScopes, path.substring(0, cut));
        return s.withName(leaf + "_" + slot).variable(s.zerosLike(v));
      };
      List<Op> wait = new ArrayList<>();
      if (readers == null) {
        wait.addAll(ready);
      } else {
        wait.add(ready.get(i));
        for (Operand<?> r : readers.get(i)) wait.add(asOp(r));
      }
      updates.add(applyOne(opt.withControlDependencies(wait), v, clipped.get(i), slots, lr, step));
    }
    Op inc = opt.withControlDependencies(updates).assignAdd(iterations, opt.constant(1L));
    return new Built(inc, lrVar, lr, iterations);
  }

  private static Ops slotScope(Ops root, Map<String, Ops> scopes, String prefix) {
    Ops s = scopes.get(prefix);
    if (s != null) return s;
    int cut = prefix.lastIndexOf('/');
    Ops parent = cut < 0 ? root : slotScope(root, scopes, prefix.substring(0, cut));
    s = parent.withSubScope(prefix.substring(cut + 1));
    scopes.put(prefix, s);
    return s;
  }

  private static Op asOp(Operand<?> o) {
    org.tensorflow.Operation operation = o.op();
    return () -> operation;
  }

  private List<Operand<TFloat32>> clip(Ops tf, List<Operand<TFloat32>> grads) {
    List<Operand<TFloat32>> out = new ArrayList<>(grads);
    if (clipvalue != null) {
      out.replaceAll(g ->
          tf.clipByValue(g, tf.constant((float) -clipvalue), tf.constant(clipvalue.floatValue())));
    }
    if (clipnorm != null) {
      out.replaceAll(g -> scaleToNorm(tf, g, norm(tf, g), clipnorm));
    }
    if (globalClipnorm != null && !out.isEmpty()) {
      Operand<TFloat32> sq = tf.constant(0f);
      for (Operand<TFloat32> g : out) sq = tf.math.add(sq, tf.math.square(norm(tf, g)));
      Operand<TFloat32> global = tf.math.sqrt(sq);
      out.replaceAll(g -> scaleToNorm(tf, g, global, globalClipnorm));
    }
    return out;
  }

  private static Operand<TFloat32> norm(Ops tf, Operand<TFloat32> g) {
    Operand<TFloat32> flat = tf.reshape(g, tf.constant(new int[] {-1}));
    return tf.math.sqrt(tf.sum(tf.math.square(flat), tf.constant(0)));
  }

  private static Operand<TFloat32> scaleToNorm(
      Ops tf, Operand<TFloat32> g, Operand<TFloat32> norm, double max) {
    Operand<TFloat32> m = tf.constant((float) max);
    return tf.math.mul(g, tf.math.div(m, tf.math.maximum(norm, m)));
  }
}
