package io.tfweave.optimizers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Builds one optimizer's step: clipping, weight decay, the subclass's updates, gradient accumulation, the EMA of the
 * weights and the iteration counter, following Keras's {@code BaseOptimizer._backend_apply_gradients}.
 *
 * <p>Gradient accumulation and the EMA overwrite are conditional; they use TensorFlow's dataflow conditional ({@code
 * Switch}/{@code Merge}): the update branch's ops take their gradients, learning rate and step through a {@code Switch},
 * so on other steps they receive dead tensors and do not run, and a {@code Merge} of both branches' markers ends the step.
 */
final class UpdateGraph {
  private final Optimizer o;
  private final Ops opt;
  /** For variables: no control dependencies. */
  private final Ops root;

  private final List<Variable<TFloat32>> vars;
  private final List<String> paths;
  private final Map<String, Ops> slotScopes = new HashMap<>();

  UpdateGraph(Optimizer o, Ops tf, List<Variable<TFloat32>> vars, List<String> paths) {
    this.o = o;
    this.opt = tf.withSubScope("optimizer");
    this.root = opt.withControlDependencies(List.of());
    this.vars = vars;
    this.paths = paths;
  }

  Optimizer.Built build(List<Operand<TFloat32>> grads, List<List<Operand<?>>> readers) {
    Variable<TInt64> iterations = opt.withName("iterations").variable(opt.constant(0L));
    Variable<TFloat32> lrVar =
        opt.withName("learning_rate").variable(opt.constant((float) o.learningRate()));
    Integer n = o.accumulationSteps();
    // Keras: schedules see every step (_iterations); the update counts applied steps (iterations).
    Operand<TInt64> applied =
        n == null ? iterations : opt.math.floorDiv(iterations, opt.constant((long) n));
    Operand<TFloat32> step =
        opt.math.add(opt.dtypes.cast(applied, TFloat32.class), opt.constant(1f));
    Operand<TFloat32> lr = o.schedule() == null
        ? lrVar
        : o.schedule().value(opt, opt.dtypes.cast(iterations, TFloat32.class));
    List<Op> ready = new ArrayList<>();
    for (Operand<TFloat32> g : grads) ready.add(asOp(g));
    Operand<TBool> isUpdate = null;
    List<Op> accumulate = new ArrayList<>();
    List<Variable<TFloat32>> accumulators = new ArrayList<>();
    List<Operand<TFloat32>> effective = grads;
    Operand<TFloat32> lrU = lr;
    Operand<TFloat32> stepU = step;
    if (n != null) {
      isUpdate = opt.math.equal(
          opt.math.floorMod(opt.math.add(iterations, opt.constant(1L)), opt.constant((long) n)),
          opt.constant(0L));
      effective = new ArrayList<>();
      Operand<TFloat32> count = opt.constant((float) n);
      for (int i = 0; i < grads.size(); i++) {
        Variable<TFloat32> acc = slot(i, "gradient_accumulator", 0f);
        accumulators.add(acc);
        var sw = opt.switchCond(grads.get(i), isUpdate);
        accumulate.add(opt.assignAdd(acc, sw.outputFalse()));
        effective.add(opt.math.div(opt.math.add(acc, sw.outputTrue()), count));
      }
      lrU = opt.switchCond(lr, isUpdate).outputTrue();
      stepU = opt.switchCond(step, isUpdate).outputTrue();
    }
    List<Operand<TFloat32>> clipped = Clipping.clip(opt, o, effective);
    o.prepare(opt, lrU, stepU, (name, init) -> root.withName(name).variable(root.constant(init)));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      final int index = i;
      Variable<TFloat32> v = vars.get(i);
      List<Op> wait = new ArrayList<>();
      if (readers == null) {
        wait.addAll(ready);
      } else {
        wait.add(ready.get(i));
        for (Operand<?> r : readers.get(i)) wait.add(asOp(r));
      }
      Ops u = opt.withControlDependencies(wait);
      if (o.decays(leaf(paths.get(i)))) {
        Operand<TFloat32> rate = u.math.mul(lrU, u.constant(o.weightDecayValue().floatValue()));
        List<Op> after = new ArrayList<>(wait);
        after.add(u.assignSub(v, u.math.mul(v, rate)));
        u = opt.withControlDependencies(after);
      }
      Optimizer.Slots slots = new Optimizer.Slots() {
        @Override
        public Variable<TFloat32> zeros(String slot) {
          return slot(index, slot, 0f);
        }

        @Override
        public Variable<TFloat32> filled(String slot, float value) {
          return slot(index, slot, value);
        }
      };
      Op update = o.applyOne(u, v, clipped.get(i), slots, lrU, stepU);
      updates.add(update);
      if (n != null) {
        Ops r = opt.withControlDependencies(List.of(update));
        updates.add(r.assign(accumulators.get(i), r.zerosLike(clipped.get(i))));
      }
    }
    List<Op> done = n == null ? updates : List.of(join(isUpdate, updates, accumulate));
    Op finalizeWeights = null;
    Op swap = null;
    Op toEma = null;
    if (o.usesEma()) {
      List<Variable<TFloat32>> averages = new ArrayList<>();
      for (int i = 0; i < vars.size(); i++) averages.add(slot(i, "average", 0f));
      done = ema(applied, averages, done);
      finalizeWeights = copy(root.withName("ema_finalize"), averages, vars);
      toEma = copy(root.withName("ema_from_weights"), vars, averages);
      swap = swap(averages);
    }
    Op inc = opt.withControlDependencies(done).assignAdd(iterations, opt.constant(1L));
    return new Optimizer.Built(inc, lrVar, lr, iterations, finalizeWeights, swap, toEma);
  }

  /** The EMA update after the step's updates, and the conditional overwrite; returns what the step waits for. */
  private List<Op> ema(Operand<TInt64> applied, List<Variable<TFloat32>> averages, List<Op> after) {
    Ops e = opt.withControlDependencies(after);
    Operand<TFloat32> first =
        e.dtypes.cast(e.math.notEqual(applied, e.constant(0L)), TFloat32.class);
    Operand<TFloat32> m = e.math.mul(first, e.constant((float) o.emaMomentumValue()));
    Operand<TFloat32> oneMinus = e.math.sub(e.constant(1f), m);
    List<Op> updated = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> a = averages.get(i);
      updated.add(e.assign(a, e.math.add(e.math.mul(m, a), e.math.mul(oneMinus, vars.get(i)))));
    }
    Integer every = o.emaOverwriteEvery();
    if (every == null) return updated;
    Ops w = opt.withControlDependencies(updated);
    Operand<TBool> now = w.math.equal(
        w.math.floorMod(w.math.add(applied, w.constant(1L)), w.constant((long) every)),
        w.constant(0L));
    List<Op> overwrite = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++)
      overwrite.add(w.assign(vars.get(i), w.switchCond(averages.get(i), now).outputTrue()));
    return List.of(join(now, overwrite, updated));
  }

  /** A marker that exists on every step: the true branch's after {@code whenTrue}, else the false one's. */
  private Op join(Operand<TBool> pred, List<Op> whenTrue, List<Op> whenFalse) {
    var sw = opt.switchCond(pred, pred);
    Operand<TBool> t = opt.withControlDependencies(whenTrue).identity(sw.outputTrue());
    Operand<TBool> f = opt.withControlDependencies(whenFalse).identity(sw.outputFalse());
    return asOp(opt.merge(List.of(t, f)).output());
  }

  private Op copy(Ops named, List<Variable<TFloat32>> from, List<Variable<TFloat32>> to) {
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < from.size(); i++) ops.add(root.assign(to.get(i), from.get(i)));
    return named.withControlDependencies(ops).noOp();
  }

  /** Exact swap of weights and averages: copy, assign, assign back. */
  private Op swap(List<Variable<TFloat32>> averages) {
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Operand<TFloat32> saved = root.deepCopy(vars.get(i));
      Op toWeights =
          root.withControlDependencies(List.of(asOp(saved))).assign(vars.get(i), averages.get(i));
      ops.add(root.withControlDependencies(List.of(toWeights)).assign(averages.get(i), saved));
    }
    return root.withName("ema_swap").withControlDependencies(ops).noOp();
  }

  /** The slot {@code optimizer/<layer>/<weight>_<name>} of weight {@code i}, initialised to {@code value}. */
  private Variable<TFloat32> slot(int i, String name, float value) {
    Variable<TFloat32> v = vars.get(i);
    String path = paths.get(i);
    int cut = path.lastIndexOf('/');
    Ops s = cut < 0 ? root : slotScope(path.substring(0, cut));
    Ops named = s.withName(leaf(path) + "_" + name);
    Shape shape = v.shape();
    if (value == 0f) return named.variable(s.zerosLike(v));
    if (!shape.isUnknown() && !shape.hasUnknownDimension()) {
      return named.variable(s.fill(s.constant(shape.asArray()), s.constant(value)));
    }
    return named.variable(s.math.add(s.zerosLike(v), s.constant(value)));
  }

  // One scope object per weight prefix: TF makes every withSubScope call unique, and slots must be
  // named exactly optimizer/<layer>/<weight>_<slot> (their checkpoint keys), whatever the order in
  // which they are created.
  private Ops slotScope(String prefix) {
    Ops s = slotScopes.get(prefix);
    if (s != null) return s;
    int cut = prefix.lastIndexOf('/');
    Ops parent = cut < 0 ? root : slotScope(prefix.substring(0, cut));
    s = parent.withSubScope(prefix.substring(cut + 1));
    slotScopes.put(prefix, s);
    return s;
  }

  static String leaf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  // Control dependencies on the producing operations themselves (no extra Identity ops: each op
  // costs executor time).
  static Op asOp(Operand<?> o) {
    org.tensorflow.Operation operation = o.op();
    return () -> operation;
  }
}
