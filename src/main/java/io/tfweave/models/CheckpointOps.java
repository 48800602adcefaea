package io.tfweave.models;

import io.tfweave.graph.Weight;
import io.tfweave.internal.CheckpointFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/** The save and restore ops of one engine over exactly its model's weights (TensorFlow checkpoints), made on first use. */
final class CheckpointOps {
  private final Ops tf;
  private final Map<Weight, Variable<TFloat32>> vars;
  private final Map<Weight, String> varNames;
  private final Function<Session.Runner, Result> run;
  private final Session session;
  private Placeholder<TString> savePrefix;
  private Op saveOp;
  private Placeholder<TString> restorePrefix;
  private Restore restored;
  private java.util.Set<String> savedExtra;
  final OptimizerState optimizer;

  CheckpointOps(
      Ops tf,
      Map<Weight, Variable<TFloat32>> vars,
      Map<Weight, String> varNames,
      Function<Session.Runner, Result> run,
      Session session) {
    this.tf = tf;
    this.vars = vars;
    this.varNames = varNames;
    this.run = run;
    this.session = session;
    this.optimizer = new OptimizerState((org.tensorflow.Graph) tf.scope().env(), tf, session, run);
  }

  /**
   * Saves all weights crash-safely under {@code prefix} (see {@link CheckpointFiles}: a fresh {@code prefix-<n>} checkpoint
   * made current by one atomic rename of {@code prefix.checkpoint}), keeping the newest {@code maxToKeep}; returns the
   * prefix of the files written.
   */
  Path save(Path prefix, int maxToKeep) {
    try {
      return CheckpointFiles.save(prefix, maxToKeep, this::writeAt);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "Cannot save weights to " + prefix + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a TensorFlow checkpoint at exactly {@code prefix} (files {@code prefix.index}, {@code prefix.data-*}): the
   * weights, and the current optimizer's state (see {@link OptimizerState}); the save op is rebuilt when the optimizer
   * changes.
   */
  private void writeAt(Path prefix) {
    Map<String, org.tensorflow.GraphOperation> extra = optimizer.variables();
    if (saveOp == null || !extra.keySet().equals(savedExtra)) {
      Ops s = tf.withSubScope("tfweave_save");
      savePrefix = s.placeholder(TString.class);
      List<String> names = new ArrayList<>();
      List<Operand<?>> values = new ArrayList<>();
      for (Weight w : vars.keySet()) {
        names.add(varNames.get(w));
        values.add(vars.get(w));
      }
      extra.forEach((k, op) -> {
        names.add(k);
        values.add(op.output(0));
      });
      savedExtra = extra.keySet();
      saveOp = s.train.save(
          savePrefix,
          s.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(names.toArray(new String[0]))),
          emptySlices(s, names.size()),
          values);
    }
    try (TString p = TString.scalarOf(prefix.toAbsolutePath().toString())) {
      run.apply(session.runner().feed(savePrefix, p).addTarget(saveOp)).close();
    }
  }

  private static Operand<TString> emptySlices(Ops s, int n) {
    String[] e = new String[n];
    java.util.Arrays.fill(e, "");
    return s.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(e));
  }

  /**
   * Restores all weights from the checkpoint {@code path} stands for ({@code path.checkpoint}'s current one, else
   * {@code path.index}), all or nothing: the values are read and every shape checked before any weight is assigned. Fails
   * naming the checkpoint's files and, for a missing or mis-shaped weight, the weight, both shapes and the fix.
   */
  void restore(Path path, Map<Weight, Placeholder<TFloat32>> feeds, Map<Weight, Op> assigns) {
    Path prefix;
    try {
      prefix = CheckpointFiles.resolve(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "Cannot read the checkpoint state of " + path + ": " + e.getMessage(), e);
    }
    if (restored == null) {
      Ops s = tf.withSubScope("tfweave_restore");
      restorePrefix = s.placeholder(TString.class);
      List<String> names = new ArrayList<>();
      List<Class<? extends TType>> types = new ArrayList<>();
      for (Weight w : vars.keySet()) {
        names.add(varNames.get(w));
        types.add(TFloat32.class);
      }
      restored = s.train.restore(
          restorePrefix,
          s.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(names.toArray(new String[0]))),
          emptySlices(s, names.size()),
          types);
    }
    List<Weight> weights = new ArrayList<>(vars.keySet());
    try (TString p = TString.scalarOf(prefix.toAbsolutePath().toString())) {
      Session.Runner r = session.runner().feed(restorePrefix, p);
      for (Operand<?> o : restored.tensors()) r.fetch(o);
      Result values;
      try {
        values = r.run();
      } catch (RuntimeException e) {
        throw RestoreErrors.unreadable(prefix, e);
      }
      try (values) {
        Session.Runner assign = session.runner();
        for (int i = 0; i < weights.size(); i++) {
          Weight w = weights.get(i);
          org.tensorflow.Tensor t = values.get(i);
          if (!t.shape().equals(w.shape()))
            throw RestoreErrors.shapeMismatch(prefix, varNames.get(w), w.shape(), t.shape());
          assign.feed(feeds.get(w), t).addTarget(assigns.get(w));
        }
        run.apply(assign).close();
      }
    }
    optimizer.restoreOrDefer(prefix);
  }
}
