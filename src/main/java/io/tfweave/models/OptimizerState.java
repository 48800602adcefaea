package io.tfweave.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * The current optimizer's state in checkpoints: its slot variables, iteration counter (which also drives learning-rate
 * schedules) and learning rate, saved next to the weights under the keys {@code optimizer/<name>} (for instance
 * {@code optimizer/dense/kernel_m}, {@code optimizer/iterations}), with the training step's random counter
 * ({@code optimizer/random_step}, when a layer draws random numbers: see {@code io.tfweave.graph.RandomOps}) and a float16
 * model's loss scale ({@code optimizer/loss_scale/scale}, {@code optimizer/loss_scale/good_steps}). {@code loadWeights} restores it into the optimizer of
 * the training graph, or, before the first {@code fit} built one, when it is built. A checkpoint without optimizer state
 * (or with another optimizer's) leaves the optimizer as it is. The caller holds the engine's exclusive lock.
 */
final class OptimizerState {
  private static final String KEY = "optimizer/";
  private static final String RANDOM_STEP = "random_step";
  private static final String LOSS_SCALE = "loss_scale/scale";
  private static final String LOSS_SCALE_STEPS = "loss_scale/good_steps";
  private final Graph graph;
  private final Ops tf;
  private final Session session;
  private final Function<Session.Runner, Result> run;
  private Supplier<String> scope = () -> null;
  private Path pending;
  private List<String> builtFor;
  private Placeholder<TString> restorePrefix;
  private Restore restored;
  private final List<Placeholder<? extends TType>> feeds = new ArrayList<>();
  private final List<Op> assigns = new ArrayList<>();

  OptimizerState(Graph graph, Ops tf, Session session, Function<Session.Runner, Result> run) {
    this.graph = graph;
    this.tf = tf;
    this.session = session;
    this.run = run;
  }

  /** Where the current optimizer's variables live ({@code train/optimizer/}), or null while there is none. */
  void scope(Supplier<String> scope) {
    this.scope = scope;
  }

  /** The current optimizer's variables by checkpoint key, sorted; empty when no training graph exists. */
  Map<String, GraphOperation> variables() {
    Map<String, GraphOperation> out = new TreeMap<>();
    String prefix = scope.get();
    if (prefix == null) return out;
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.type().equals("VariableV2") && op.name().startsWith(prefix))
        out.put(KEY + op.name().substring(prefix.length()), op);
    }
    // The training step's random counter (dropout masks, augmentation) sits beside the optimizer's
    // scope.
    String parent = prefix.substring(0, prefix.length() - "optimizer/".length());
    GraphOperation randomStep = graph.operation(parent + RANDOM_STEP);
    if (randomStep != null) out.put(KEY + RANDOM_STEP, randomStep);
    // So does a float16 model's loss scale (io.tfweave.mixedprecision.LossScale).
    for (String n : List.of(LOSS_SCALE, LOSS_SCALE_STEPS)) {
      GraphOperation v = graph.operation(parent + n);
      if (v != null) out.put(KEY + n, v);
    }
    return out;
  }

  /** Restores the optimizer state of checkpoint {@code prefix} now, or when the training graph is built. */
  void restoreOrDefer(Path prefix) {
    pending = prefix;
    applyPending();
  }

  /** Applies a deferred restore once the optimizer's variables exist (called when fit built its training graph). */
  void applyPending() {
    if (pending == null) return;
    Map<String, GraphOperation> vars = variables();
    if (vars.isEmpty()) return;
    Path prefix = pending;
    pending = null;
    List<String> keys = new ArrayList<>(vars.keySet());
    if (!keys.equals(builtFor)) build(keys, vars);
    try (TString p = TString.scalarOf(prefix.toAbsolutePath().toString())) {
      Session.Runner r = session.runner().feed(restorePrefix, p);
      for (Operand<?> o : restored.tensors()) r.fetch(o);
      Result values;
      try {
        values = r.run();
      } catch (RuntimeException e) {
        if (String.valueOf(e.getMessage()).contains("not found in checkpoint"))
          return; // no (or another optimizer's) state
        throw RestoreErrors.unreadable(prefix, e);
      }
      try (values) {
        Session.Runner assign = session.runner();
        for (int i = 0; i < keys.size(); i++) {
          Tensor t = values.get(i);
          org.tensorflow.ndarray.Shape want = vars.get(keys.get(i)).output(0).shape();
          if (!t.shape().equals(want))
            throw RestoreErrors.shapeMismatch(prefix, keys.get(i), want, t.shape());
          assign.feed(feeds.get(i), t).addTarget(assigns.get(i));
        }
        run.apply(assign).close();
      }
    }
  }

  private void build(List<String> keys, Map<String, GraphOperation> vars) {
    Ops s = tf.withSubScope("tfweave_restore_optimizer");
    restorePrefix = s.placeholder(TString.class);
    List<Class<? extends TType>> types = new ArrayList<>();
    feeds.clear();
    assigns.clear();
    for (String k : keys) {
      Class<? extends TType> type = k.equals(KEY + "iterations")
              || k.equals(KEY + RANDOM_STEP)
              || k.equals(KEY + LOSS_SCALE_STEPS)
          ? TInt64.class
          : TFloat32.class;
      types.add(type);
      addAssign(s, vars.get(k), type);
    }
    String[] noSlices = new String[keys.size()];
    java.util.Arrays.fill(noSlices, "");
    restored = s.train.restore(
        restorePrefix,
        s.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(keys.toArray(new String[0]))),
        s.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(noSlices)),
        types);
    builtFor = keys;
  }

  private <T extends TType> void addAssign(Ops s, GraphOperation var, Class<T> type) {
    Placeholder<T> p = s.placeholder(type);
    feeds.add(p);
    assigns.add(s.assign(var.output(0).expect(type), p));
  }
}
