package io.tfweave.models;

import io.tfweave.graph.Weight;
import java.nio.file.Files;
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

  /** Saves all weights as a TensorFlow checkpoint at {@code prefix} (files {@code prefix.index}, {@code prefix.data-*}). */
  void save(Path prefix) {
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
    try {
      if (prefix.toAbsolutePath().getParent() != null) Files.createDirectories(prefix.toAbsolutePath().getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot create the folder of " + prefix, e);
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

  /** Restores all weights from a checkpoint written by {@link #save}; fails naming missing weights. */
  void restore(Path prefix) {
    if (!Files.exists(Path.of(prefix.toAbsolutePath() + ".index"))) {
      throw new IllegalArgumentException("No checkpoint at " + prefix + " (expected " + prefix + ".index)");
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
