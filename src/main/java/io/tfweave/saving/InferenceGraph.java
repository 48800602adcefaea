package io.tfweave.saving;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.models.Model;
import io.tfweave.models.ModelGraphAccess;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * A model's forward pass in inference mode, built in a fresh graph: one resource variable ({@code VarHandleOp}, shared
 * name and op name the {@code layer/weight} name the model's own graph and checkpoints use, no initializer) per weight, read
 * once by a {@code ReadVariableOp}; placeholders named after the input layers with an unknown batch dimension; and outputs
 * {@code output_i} keyed by the output layers' names. Nothing of training (no optimizer slots, no dropout, BatchNorm with
 * moving statistics) is in it. Resource variables are what TF2, Keras's {@code TFSMLayer} and the TFLite converter need
 * (ref {@code VariableV2} variables are invisible to the first two and rejected by the third).
 */
final class InferenceGraph {
  final Map<String, Placeholder<? extends TType>> inputs = new LinkedHashMap<>();
  final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
  /** The variable handles by weight name, in the model's weight order. */
  final Map<String, VarHandleOp> variables = new LinkedHashMap<>();
  /** Whether each weight is trainable, by weight name. */
  final Map<String, Boolean> trainable = new LinkedHashMap<>();
  /** Each weight's shape, by weight name. */
  final Map<String, org.tensorflow.ndarray.Shape> shapes = new LinkedHashMap<>();

  /** Builds the graph; {@code portable}: only ops the TFLite converter accepts ({@link ExportOptions#portable}). */
  InferenceGraph(Model model, Graph graph, boolean portable) {
    Ops tf = Ops.create(graph);
    ModelGraphAccess access = model.graphAccess();
    Map<Weight, Operand<TFloat32>> byWeight = new IdentityHashMap<>();
    Set<Weight> trainableWeights = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    trainableWeights.addAll(model.trainableWeights());
    // One scope object per prefix: TF Java makes every withSubScope call unique ("dense",
    // "dense_1"), so the variables of a
    // layer must share one scope to be named exactly "dense/kernel", "dense/bias" (the checkpoint
    // keys).
    Map<String, Ops> scopes = new LinkedHashMap<>();
    for (Weight w : model.weights()) {
      String name = access.variableName(w);
      int cut = name.lastIndexOf('/');
      Ops s = cut < 0 ? tf : scope(tf, scopes, name.substring(0, cut));
      VarHandleOp v = s.withName(name.substring(cut + 1))
          .varHandleOp(TFloat32.class, w.shape(), VarHandleOp.sharedName(name));
      if (!v.op().name().equals(name)) {
        throw new IllegalStateException(
            "The variable of weight '" + name + "' was named '" + v.op().name()
                + "' in the export graph; layer and model names must not clash with weight paths");
      }
      byWeight.put(w, s.readVariableOp(v, TFloat32.class));
      variables.put(name, v);
      trainable.put(name, trainableWeights.contains(w));
      shapes.put(name, w.shape());
    }
    List<Operand<?>> in = new ArrayList<>();
    for (SymbolicTensor t : model.inputs()) {
      String name = t.layer().name();
      Class<? extends TType> type = t.dtype().feedType();
      Placeholder<? extends TType> p =
          tf.withName(name).placeholder(type, Placeholder.shape(t.shape()));
      inputs.put(name, p);
      in.add(p);
    }
    List<String> keys = outputKeys(model);
    try (CallContext ctx =
        CallContext.open(tf, CallMode.INFERENCE, byWeight::get, model.seed()).portable(portable)) {
      List<Operand<?>> out = access.forward(ctx.tf(), in, ctx.mode());
      for (int i = 0; i < out.size(); i++) {
        Operand<?> o = out.get(i);
        Operand<TFloat32> f = o.type() == TFloat32.class
            ? o.asOutput().expect(TFloat32.class)
            : tf.dtypes.cast(o, TFloat32.class);
        outputs.put(keys.get(i), tf.withName("output_" + i).identity(f));
      }
    }
  }

  private static Ops scope(Ops root, Map<String, Ops> scopes, String prefix) {
    Ops s = scopes.get(prefix);
    if (s != null) return s;
    int cut = prefix.lastIndexOf('/');
    Ops parent = cut < 0 ? root : scope(root, scopes, prefix.substring(0, cut));
    s = parent.withSubScope(prefix.substring(cut + 1));
    scopes.put(prefix, s);
    return s;
  }

  /** Output keys: the output layers' names, with {@code _i} added where one layer gives several outputs. */
  static List<String> outputKeys(Model model) {
    List<String> keys = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    for (SymbolicTensor t : model.outputs()) {
      String base = t.layer().name();
      String key = base;
      for (int k = 1; !used.add(key); k++) key = base + "_" + k;
      keys.add(key);
    }
    return keys;
  }
}
