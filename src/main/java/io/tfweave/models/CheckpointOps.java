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
  private Op restoreOp;

  CheckpointOps(Ops tf, Map<Weight, Variable<TFloat32>> vars, Map<Weight, String> varNames,
      Function<Session.Runner, Result> run, Session session) {
    this.tf = tf;
    this.vars = vars;
    this.varNames = varNames;
    this.run = run;
    this.session = session;
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
      throw new java.io.UncheckedIOException("Cannot save weights to " + prefix + ": " + e.getMessage(), e);
    }
  }

  /** Writes a TensorFlow checkpoint at exactly {@code prefix} (files {@code prefix.index}, {@code prefix.data-*}). */
  private void writeAt(Path prefix) {
    if (saveOp == null) {
      Ops s = tf.withSubScope("tfweave_save");
      savePrefix = s.placeholder(TString.class);
      List<String> names = new ArrayList<>();
      List<Operand<?>> values = new ArrayList<>();
      for (Weight w : vars.keySet()) {
        names.add(varNames.get(w));
        values.add(vars.get(w));
      }
      saveOp = s.train.save(savePrefix, s.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(names.toArray(new String[0]))), emptySlices(s, names.size()), values);
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
   * {@code path.index}); fails naming missing weights.
   */
  void restore(Path path) {
    Path prefix;
    try {
      prefix = CheckpointFiles.resolve(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot read the checkpoint state of " + path + ": " + e.getMessage(), e);
    }
    if (restoreOp == null) {
      Ops s = tf.withSubScope("tfweave_restore");
      restorePrefix = s.placeholder(TString.class);
      List<String> names = new ArrayList<>();
      List<Class<? extends TType>> types = new ArrayList<>();
      for (Weight w : vars.keySet()) {
        names.add(varNames.get(w));
        types.add(TFloat32.class);
      }
      Restore r = s.train.restore(restorePrefix, s.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(names.toArray(new String[0]))), emptySlices(s, names.size()), types);
      List<Op> ops = new ArrayList<>();
      int i = 0;
      for (Weight w : vars.keySet()) {
        ops.add(s.assign(vars.get(w), r.tensors().get(i++).asOutput().expect(TFloat32.class)));
      }
      restoreOp = s.withControlDependencies(ops).noOp();
    }
    try (TString p = TString.scalarOf(prefix.toAbsolutePath().toString())) {
      run.apply(session.runner().feed(restorePrefix, p).addTarget(restoreOp)).close();
    }
  }

}
