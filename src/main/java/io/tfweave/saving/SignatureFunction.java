package io.tfweave.saving;

import io.tfweave.formats.CheckpointReader;
import io.tfweave.formats.SavedModelInfo;
import io.tfweave.formats.internal.Shapes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;

/**
 * One signature of a SavedModel turned into a pure graph function: the ops between the signature's inputs and
 * outputs are cut out of {@code saved_model.pb}, every variable they read ({@code VariableV2}, or a {@code VarHandleOp} read
 * by {@code ReadVariableOp}) becomes an extra function argument, and the variables' values are read from the checkpoint.
 * Calling the function ({@code PartitionedCall}) with those values reproduces the signature in any graph, and stays
 * differentiable with respect to the inputs.
 *
 * <p>TF2 SavedModels (tf.function / Keras) keep their computation in library functions that capture resource-variable
 * handles: those functions are copied with the handle arguments turned into value arguments, and the handles' checkpoint
 * keys are read from the SaverDef's restore function (see {@link SavedModelLayer}).
 */
final class SignatureFunction {
  /** A variable read by the signature: its name (the checkpoint key), shape and value. */
  record Variable(String name, Shape shape, float[] values, String node, boolean trainable) {}

  final String key;
  final List<String> inputKeys;
  final List<Shape> inputShapes;
  final List<DataType> inputTypes;
  final List<String> outputKeys;
  final List<Shape> outputShapes;
  final List<Variable> variables;
  final ConcreteFunction function;
  /** The cut graph the function was made of (variables as placeholders), for {@link SignatureGradient}. */
  final GraphDef graph;
  /** The tensors of {@link #graph} that are the function's inputs and outputs, in argument order. */
  final List<String> inputTensors;

  final List<String> outputTensors;

  private SignatureFunction(
      String key,
      List<String> inputKeys,
      List<Shape> inputShapes,
      List<DataType> inputTypes,
      List<String> outputKeys,
      List<Shape> outputShapes,
      List<Variable> variables,
      ConcreteFunction function,
      GraphDef graph,
      List<String> inputTensors,
      List<String> outputTensors) {
    this.key = key;
    this.inputKeys = inputKeys;
    this.inputShapes = inputShapes;
    this.inputTypes = inputTypes;
    this.outputKeys = outputKeys;
    this.outputShapes = outputShapes;
    this.variables = variables;
    this.function = function;
    this.graph = graph;
    this.inputTensors = inputTensors;
    this.outputTensors = outputTensors;
  }

  /** Reads signature {@code key} of the SavedModel at {@code dir} (tag {@code serve}). */
  static SignatureFunction read(Path dir, String key) throws IOException {
    SavedModelInfo info = SavedModelInfo.read(dir);
    MetaGraphDef meta = info.metaGraph();
    SignatureDef sig = meta.getSignatureDefMap().get(key);
    if (sig == null) {
      throw new IllegalArgumentException("SavedModel " + dir + " has no signature '" + key
          + "'. Signatures: " + new TreeMap<>(meta.getSignatureDefMap()).keySet());
    }
    GraphDef graph = meta.getGraphDef();
    Map<String, NodeDef> nodes = new LinkedHashMap<>();
    for (NodeDef n : graph.getNodeList()) nodes.put(n.getName(), n);
    Map<String, TensorInfo> ins = new TreeMap<>(sig.getInputsMap());
    Map<String, TensorInfo> outs = new TreeMap<>(sig.getOutputsMap());
    Set<String> inputNodes = new HashSet<>();
    for (TensorInfo t : ins.values()) inputNodes.add(nodeName(t.getName()));
    Set<String> needed = upstream(outs.values(), inputNodes, nodes);

    CheckpointReader ckpt = CheckpointReader.open(dir);
    Map<String, String> restoreKeys = null;
    Map<String, String> kerasNames = null;
    GraphDef.Builder g =
        GraphDef.newBuilder().setVersions(graph.getVersions()).setLibrary(graph.getLibrary());
    List<Variable> variables = new ArrayList<>();
    Set<String> handles = new HashSet<>();
    Map<String, Boolean> trainable = TrainableFlags.read(dir, ckpt, meta);
    for (NodeDef n : graph.getNodeList()) {
      if (!needed.contains(n.getName())) continue;
      String op = n.getOp();
      if (op.equals("VariableV2") || op.equals("Variable") || op.equals("VarHandleOp")) {
        DataType dt = n.getAttrOrThrow("dtype").getType();
        if (dt != DataType.DT_FLOAT) {
          throw new UnsupportedOperationException(
              "Signature '" + key + "' of " + dir + " reads variable '" + n.getName() + "' of type "
                  + dt + "; only float32 variables can be carried as layer weights");
        }
        Shape shape = Shapes.of(n.getAttrOrThrow("shape").getShape());
        String ckptKey = n.getName();
        String name = n.getName();
        // tfweave's exports store each variable at its own name's object path
        if (!ckpt.contains(ckptKey) && ckpt.contains(Tf2ObjectGraph.checkpointKey(ckptKey)))
          ckptKey = Tf2ObjectGraph.checkpointKey(ckptKey);
        if (!ckpt.contains(ckptKey)) {
          // TF2 SavedModel: the checkpoint is object-based; the SaverDef's restore function says
          // which key feeds the handle.
          if (restoreKeys == null) {
            restoreKeys = restoreKeys(meta, nodes);
            kerasNames = variableNames(ckpt, meta);
            if (info.hasObjectGraph()) {
              KerasWeightMap.Resolution names = KerasWeightMap.resolveAll(dir);
              for (Map.Entry<String, String> e : names.weights().entrySet())
                kerasNames.put(e.getValue(), e.getKey());
              for (Map.Entry<String, String> e : names.trainingState().entrySet())
                kerasNames.putIfAbsent(e.getValue(), e.getKey());
            }
          }
          ckptKey = restoreKeys.get(n.getName());
          if (ckptKey == null || !ckpt.contains(ckptKey)) {
            throw new IllegalArgumentException(
                "Variable '" + n.getName() + "' of " + dir + " is not in its checkpoint"
                    + (ckptKey == null ? "" : " (expected key '" + ckptKey + "')"));
          }
          name = kerasNames.getOrDefault(ckptKey, n.getName());
        }
        variables.add(new Variable(
            name,
            shape,
            ckpt.readFloats(ckptKey),
            n.getName(),
            trainable.getOrDefault(ckptKey, true)));
        if (op.equals("VarHandleOp")) handles.add(n.getName());
        g.addNode(placeholder(n.getName(), dt, n.getAttrOrThrow("shape")));
      } else {
        g.addNode(clean(n, needed));
      }
    }
    if (!handles.isEmpty()) ResourceReads.freeze(g, handles, graph.getLibrary());

    GraphDef cut = g.build();
    List<String> tensors = new ArrayList<>();
    try (Graph fg = new Graph()) {
      fg.importGraphDef(cut);
      Signature.Builder fs =
          Signature.builder().key("tfweave_" + sanitize(dir.getFileName() + "_" + key));
      List<String> inKeys = new ArrayList<>();
      List<Shape> inShapes = new ArrayList<>();
      List<DataType> inTypes = new ArrayList<>();
      int i = 0;
      for (Map.Entry<String, TensorInfo> e : ins.entrySet()) {
        checkType(dir, key, "input", e.getKey(), e.getValue());
        fs.input("x" + i++, fg.outputOrThrow(e.getValue().getName()));
        tensors.add(e.getValue().getName());
        inKeys.add(e.getKey());
        inShapes.add(Shapes.of(e.getValue().getTensorShape()));
        inTypes.add(e.getValue().getDtype());
      }
      for (int v = 0; v < variables.size(); v++) {
        fs.input("w" + v, fg.outputOrThrow(variables.get(v).node()));
        tensors.add(variables.get(v).node());
      }
      List<String> outTensors = new ArrayList<>();
      List<String> outKeys = new ArrayList<>();
      List<Shape> outShapes = new ArrayList<>();
      i = 0;
      for (Map.Entry<String, TensorInfo> e : outs.entrySet()) {
        checkType(dir, key, "output", e.getKey(), e.getValue());
        fs.output("y" + i++, fg.outputOrThrow(e.getValue().getName()));
        outTensors.add(e.getValue().getName());
        outKeys.add(e.getKey());
        outShapes.add(Shapes.of(e.getValue().getTensorShape()));
      }
      ConcreteFunction fn = ConcreteFunction.create(fs.build(), fg);
      return new SignatureFunction(
          key,
          List.copyOf(inKeys),
          List.copyOf(inShapes),
          List.copyOf(inTypes),
          List.copyOf(outKeys),
          List.copyOf(outShapes),
          List.copyOf(variables),
          fn,
          cut,
          List.copyOf(tensors),
          List.copyOf(outTensors));
    }
  }

  /** The tensor types a signature may take or return (outputs are cast to float32). */
  static final Set<DataType> TYPES = Set.of(
      DataType.DT_FLOAT,
      DataType.DT_DOUBLE,
      DataType.DT_HALF,
      DataType.DT_INT32,
      DataType.DT_INT64);

  private static void checkType(Path dir, String key, String what, String name, TensorInfo t) {
    if (!TYPES.contains(t.getDtype())) {
      throw new UnsupportedOperationException(
          "Signature '" + key + "' of " + dir + ": " + what + " '"
              + name + "' is " + t.getDtype()
              + "; SavedModelLayer supports float32, float64, float16, int32 and "
              + "int64 inputs and outputs");
    }
  }

  /** The nodes the outputs depend on (data and control inputs), stopping at the signature's inputs. */
  private static Set<String> upstream(
      Iterable<TensorInfo> outputs, Set<String> stop, Map<String, NodeDef> nodes) {
    Set<String> seen = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    for (TensorInfo t : outputs) queue.add(nodeName(t.getName()));
    while (!queue.isEmpty()) {
      String n = queue.poll();
      if (!seen.add(n) || stop.contains(n)) continue;
      NodeDef def = nodes.get(n);
      if (def == null)
        throw new IllegalArgumentException("Signature refers to unknown node '" + n + "'");
      for (String in : def.getInputList()) queue.add(nodeName(in));
    }
    return seen;
  }

  private static NodeDef placeholder(String name, DataType dt, AttrValue shape) {
    return NodeDef.newBuilder()
        .setName(name)
        .setOp("Placeholder")
        .putAttr("dtype", AttrValue.newBuilder().setType(dt).build())
        .putAttr("shape", shape)
        .build();
  }

  /** Drops devices, colocation hints and control inputs from outside the cut. */
  private static NodeDef clean(NodeDef n, Set<String> needed) {
    NodeDef.Builder b = n.toBuilder().setDevice("").removeAttr("_class").clearInput();
    for (String in : n.getInputList())
      if (!in.startsWith("^") || needed.contains(in.substring(1))) b.addInput(in);
    return b.build();
  }

  /** Checkpoint key to the variable's own name ({@code SavedVariable.name}, else the checkpoint's {@code full_name}). */
  private static Map<String, String> variableNames(CheckpointReader ckpt, MetaGraphDef meta)
      throws IOException {
    Map<String, String> out = new HashMap<>();
    if (!ckpt.contains(CheckpointReader.OBJECT_GRAPH_KEY)) return out;
    TrackableObjectGraph tog =
        TrackableObjectGraph.parseFrom(ckpt.readString(CheckpointReader.OBJECT_GRAPH_KEY));
    var sog = meta.getObjectGraphDef();
    for (int id = 0; id < tog.getNodesCount(); id++) {
      for (var a : tog.getNodes(id).getAttributesList()) {
        if (!a.getName().equals("VARIABLE_VALUE")) continue;
        String name = id < sog.getNodesCount() && sog.getNodes(id).hasVariable()
            ? sog.getNodes(id).getVariable().getName()
            : "";
        if (name.isEmpty()) name = a.getFullName();
        if (!name.isEmpty()) out.put(a.getCheckpointKey(), name.replaceFirst(":\\d+$", ""));
      }
    }
    return out;
  }

  /**
   * Checkpoint keys of TF2 variable handles, from the SaverDef's restore op: a call of a function whose {@code RestoreV2}
   * outputs are assigned ({@code AssignVariableOp}) to the handle arguments.
   */
  private static Map<String, String> restoreKeys(MetaGraphDef meta, Map<String, NodeDef> nodes) {
    Map<String, String> out = new HashMap<>();
    NodeDef call = nodes.get(nodeName(meta.getSaverDef().getRestoreOpName()));
    if (call == null || !ResourceReads.isCall(call.getOp())) return out;
    FunctionDef f = null;
    for (FunctionDef c : meta.getGraphDef().getLibrary().getFunctionList()) {
      if (c.getSignature().getName().equals(call.getAttrOrThrow("f").getFunc().getName())) f = c;
    }
    if (f == null) return out;
    Map<String, String> argToHandle = new HashMap<>();
    int data = 0;
    for (String in : call.getInputList()) {
      if (in.startsWith("^")) continue;
      if (data < f.getSignature().getInputArgCount())
        argToHandle.put(f.getSignature().getInputArg(data).getName(), nodeName(in));
      data++;
    }
    Map<String, NodeDef> body = new HashMap<>();
    for (NodeDef n : f.getNodeDefList()) body.put(n.getName(), n);
    for (NodeDef n : f.getNodeDefList()) {
      if (!n.getOp().equals("AssignVariableOp") || n.getInputCount() < 2) continue;
      String handle = argToHandle.get(n.getInput(0));
      String src = n.getInput(1);
      while (body.containsKey(nodeName(src))
          && body.get(nodeName(src)).getOp().equals("Identity")) {
        src = body.get(nodeName(src)).getInput(0);
      }
      NodeDef restore = body.get(nodeName(src));
      String[] parts = src.split(":");
      if (handle == null
          || restore == null
          || !restore.getOp().startsWith("Restore")
          || parts.length != 3) continue;
      NodeDef names = body.get(nodeName(restore.getInput(1)));
      if (names == null || !names.getOp().equals("Const")) continue;
      var strings = names.getAttrOrThrow("value").getTensor().getStringValList();
      int k = Integer.parseInt(parts[2]);
      if (k < strings.size()) out.put(handle, strings.get(k).toStringUtf8());
    }
    return out;
  }

  static String nodeName(String tensorOrInput) {
    String s = tensorOrInput.startsWith("^") ? tensorOrInput.substring(1) : tensorOrInput;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  private static String sanitize(String s) {
    return s.replaceAll("[^A-Za-z0-9_]", "_");
  }
}
