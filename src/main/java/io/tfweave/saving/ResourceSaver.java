package io.tfweave.saving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * The save and restore ops of an export's resource variables, in the graph the way TensorFlow's {@code tf.compat.v1.train.Saver}
 * builds them for resource variables: {@code save/Const} (the checkpoint prefix, a {@code PlaceholderWithDefault}),
 * {@code save/SaveV2} of a fresh {@code ReadVariableOp} per variable, {@code save/control_dependency} (the prefix, after the
 * save), and {@code save/restore_all} ({@code RestoreV2} then one {@code AssignVariableOp} per variable). The checkpoint keys
 * are the object-based keys of {@link Tf2ObjectGraph} ({@code dense/kernel/.ATTRIBUTES/VARIABLE_VALUE}), so one checkpoint
 * serves the TF1 and the TF2 loader; the save also writes {@code _CHECKPOINTABLE_OBJECT_GRAPH}, the object graph TF2's loader
 * matches variables by. TF Java's own exporter cannot be used: it saves only {@code VariableV2} variables.
 */
final class ResourceSaver {
  /** The checkpoint entry TF2's object-based restore reads first. */
  static final String OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH";

  private final PlaceholderWithDefault<TString> prefix;
  private final Operand<TString> saved;
  private final Op restoreAll;

  /**
   * Builds the ops.
   *
   * @param variables the handles by weight name
   * @param keys each weight's checkpoint key, in the same order
   * @param objectGraph the serialized {@code TrackableObjectGraph}
   */
  ResourceSaver(
      Ops root, Map<String, VarHandleOp> variables, List<String> keys, byte[] objectGraph) {
    Ops tf = root.withSubScope("save");
    prefix = tf.withName("Const")
        .placeholderWithDefault(tf.constant("model"), org.tensorflow.ndarray.Shape.scalar());
    List<String> names = new ArrayList<>(keys);
    List<Operand<?>> values = new ArrayList<>();
    for (VarHandleOp v : variables.values()) values.add(tf.readVariableOp(v, TFloat32.class));
    List<String> saveNames = new ArrayList<>(names);
    saveNames.add(OBJECT_GRAPH_KEY);
    try (TString graph = TString.tensorOfBytes(NdArrays.scalarOfObject(objectGraph))) {
      values.add(tf.constantOf(graph));
    }
    Op save = tf.train.save(
        prefix, strings(tf, saveNames), strings(tf, blanks(saveNames.size())), values);
    saved =
        tf.withName("control_dependency").withControlDependencies(List.of(save)).identity(prefix);
    restoreAll = tf.withName("restore_all")
        .withControlDependencies(restore(tf, variables, names, prefix))
        .noOp();
  }

  /** {@code RestoreV2} of {@code keys} from {@code prefix}, assigned to {@code variables} in order; returns the assigns. */
  static List<Op> restore(
      Ops tf, Map<String, VarHandleOp> variables, List<String> keys, Operand<TString> prefix) {
    List<Op> assigns = new ArrayList<>();
    if (keys.isEmpty()) return assigns;
    List<Class<? extends TType>> types = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) types.add(TFloat32.class);
    Restore restored =
        tf.train.restore(prefix, strings(tf, keys), strings(tf, blanks(keys.size())), types);
    int i = 0;
    for (VarHandleOp v : variables.values())
      assigns.add(tf.assignVariableOp(v, restored.tensors().get(i++)));
    return assigns;
  }

  private static Operand<TString> strings(Ops tf, List<String> values) {
    return tf.constant(NdArrays.vectorOfObjects(values.toArray(new String[0])));
  }

  private static List<String> blanks(int n) {
    String[] s = new String[n];
    Arrays.fill(s, "");
    return Arrays.asList(s);
  }

  /** The feed that names the checkpoint prefix. */
  Operand<TString> prefix() {
    return prefix;
  }

  /** The op that saves every variable (and the object graph) to the fed prefix. */
  Operand<TString> save() {
    return saved;
  }

  /** The op that restores every variable from the fed prefix. */
  Op restore() {
    return restoreAll;
  }

  /** The {@code SaverDef} TF1 loaders (TF Serving, {@code SavedModelBundle.load}) restore the variables with. */
  SaverDef saverDef() {
    return SaverDef.newBuilder()
        .setFilenameTensorName(prefix.op().name() + ":0")
        .setSaveTensorName(saved.op().name() + ":0")
        .setRestoreOpName(restoreAll.op().name())
        .setVersion(SaverDef.CheckpointFormatVersion.V2)
        .build();
  }
}
