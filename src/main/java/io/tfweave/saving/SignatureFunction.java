package io.tfweave.saving;

import io.tfweave.saving.internal.Shapes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * One signature of a TF1-style SavedModel turned into a pure graph function: the ops between the signature's inputs and
 * outputs are cut out of {@code saved_model.pb}, every variable they read ({@code VariableV2}, or a {@code VarHandleOp} read
 * by {@code ReadVariableOp}) becomes an extra function argument, and the variables' values are read from the checkpoint.
 * Calling the function ({@code PartitionedCall}) with those values reproduces the signature in any graph, and stays
 * differentiable with respect to the inputs.
 *
 * <p>TF2 SavedModels (tf.function / Keras) keep their computation in library functions that capture resource-variable
 * handles; those are rejected with an explanation (see {@link SavedModelLayer}).
 */
final class SignatureFunction {
  /** A variable read by the signature: its name (the checkpoint key), shape and value. */
  record Variable(String name, Shape shape, float[] values) {}

  final String key;
  final List<String> inputKeys;
  final List<Shape> inputShapes;
  final List<String> outputKeys;
  final List<Shape> outputShapes;
  final List<Variable> variables;
  final ConcreteFunction function;

  private SignatureFunction(String key, List<String> inputKeys, List<Shape> inputShapes, List<String> outputKeys,
      List<Shape> outputShapes, List<Variable> variables, ConcreteFunction function) {
    this.key = key;
    this.inputKeys = inputKeys;
    this.inputShapes = inputShapes;
    this.outputKeys = outputKeys;
    this.outputShapes = outputShapes;
    this.variables = variables;
    this.function = function;
  }

  /** Reads signature {@code key} of the SavedModel at {@code dir} (tag {@code serve}). */
  static SignatureFunction read(Path dir, String key) throws IOException {
    SavedModelInfo info = SavedModelInfo.read(dir);
    MetaGraphDef meta = info.metaGraph();
    SignatureDef sig = meta.getSignatureDefMap().get(key);
    if (sig == null) {
      throw new IllegalArgumentException("SavedModel " + dir + " has no signature '" + key + "'. Signatures: "
          + new TreeMap<>(meta.getSignatureDefMap()).keySet());
    }
    GraphDef graph = meta.getGraphDef();
    Map<String, NodeDef> nodes = new LinkedHashMap<>();
    for (NodeDef n : graph.getNodeList()) nodes.put(n.getName(), n);
    Map<String, TensorInfo> ins = new TreeMap<>(sig.getInputsMap());
    Map<String, TensorInfo> outs = new TreeMap<>(sig.getOutputsMap());
    Set<String> inputNodes = new HashSet<>();
    for (TensorInfo t : ins.values()) inputNodes.add(nodeName(t.getName()));
    Set<String> needed = upstream(outs.values(), inputNodes, nodes);
    checkTf1(dir, info, needed, nodes);

    CheckpointReader ckpt = CheckpointReader.open(dir);
    GraphDef.Builder g = GraphDef.newBuilder().setVersions(graph.getVersions()).setLibrary(graph.getLibrary());
    List<Variable> variables = new ArrayList<>();
    Set<String> handles = new HashSet<>();
    for (NodeDef n : graph.getNodeList()) {
      if (!needed.contains(n.getName())) continue;
      String op = n.getOp();
      if (op.equals("VariableV2") || op.equals("Variable") || op.equals("VarHandleOp")) {
        DataType dt = n.getAttrOrThrow("dtype").getType();
        if (dt != DataType.DT_FLOAT) {
          throw new UnsupportedOperationException("Signature '" + key + "' of " + dir + " reads variable '" + n.getName()
              + "' of type " + dt + "; only float32 variables can be carried as layer weights");
        }
        Shape shape = Shapes.of(n.getAttrOrThrow("shape").getShape());
        if (!ckpt.contains(n.getName())) {
          throw new IllegalArgumentException("Variable '" + n.getName() + "' of " + dir + " is not in its checkpoint");
        }
        variables.add(new Variable(n.getName(), shape, ckpt.readFloats(n.getName())));
        if (op.equals("VarHandleOp")) handles.add(n.getName());
        g.addNode(placeholder(n.getName(), dt, n.getAttrOrThrow("shape")));
      } else {
        g.addNode(clean(n, needed));
      }
    }
    if (!handles.isEmpty()) rewriteResourceReads(g, handles);

    try (Graph fg = new Graph()) {
      fg.importGraphDef(g.build());
      Signature.Builder fs = Signature.builder().key("tfweave_" + sanitize(dir.getFileName() + "_" + key));
      List<String> inKeys = new ArrayList<>();
      List<Shape> inShapes = new ArrayList<>();
      int i = 0;
      for (Map.Entry<String, TensorInfo> e : ins.entrySet()) {
        checkFloat(dir, key, e.getKey(), e.getValue());
        fs.input("x" + i++, fg.outputOrThrow(e.getValue().getName()));
        inKeys.add(e.getKey());
        inShapes.add(Shapes.of(e.getValue().getTensorShape()));
      }
      for (int v = 0; v < variables.size(); v++) fs.input("w" + v, fg.outputOrThrow(variables.get(v).name()));
      List<String> outKeys = new ArrayList<>();
      List<Shape> outShapes = new ArrayList<>();
      i = 0;
      for (Map.Entry<String, TensorInfo> e : outs.entrySet()) {
        checkFloat(dir, key, e.getKey(), e.getValue());
        fs.output("y" + i++, fg.outputOrThrow(e.getValue().getName()));
        outKeys.add(e.getKey());
        outShapes.add(Shapes.of(e.getValue().getTensorShape()));
      }
      ConcreteFunction fn = ConcreteFunction.create(fs.build(), fg);
      return new SignatureFunction(key, List.copyOf(inKeys), List.copyOf(inShapes), List.copyOf(outKeys),
          List.copyOf(outShapes), List.copyOf(variables), fn);
    }
  }

  private static void checkFloat(Path dir, String key, String name, TensorInfo t) {
    if (t.getDtype() != DataType.DT_FLOAT) {
      throw new UnsupportedOperationException("Signature '" + key + "' of " + dir + ": tensor '" + name + "' is "
          + t.getDtype() + "; SavedModelLayer supports float32 inputs and outputs");
    }
  }

  /** The nodes the outputs depend on (data and control inputs), stopping at the signature's inputs. */
  private static Set<String> upstream(Iterable<TensorInfo> outputs, Set<String> stop, Map<String, NodeDef> nodes) {
    Set<String> seen = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    for (TensorInfo t : outputs) queue.add(nodeName(t.getName()));
    while (!queue.isEmpty()) {
      String n = queue.poll();
      if (!seen.add(n) || stop.contains(n)) continue;
      NodeDef def = nodes.get(n);
      if (def == null) throw new IllegalArgumentException("Signature refers to unknown node '" + n + "'");
      for (String in : def.getInputList()) queue.add(nodeName(in));
    }
    return seen;
  }

  private static void checkTf1(Path dir, SavedModelInfo info, Set<String> needed, Map<String, NodeDef> nodes) {
    for (String n : needed) {
      String op = nodes.get(n).getOp();
      if (op.equals("StatefulPartitionedCall") || (op.equals("PartitionedCall") && info.hasObjectGraph())) {
        throw new UnsupportedOperationException("SavedModel " + dir + " is a TF2 SavedModel (tf.function/Keras: its signature "
            + "calls library functions through '" + n + "' (" + op + ") with resource-variable handles). TF Java 1.0.0 can "
            + "run it only in its own session (SavedModelBundle), not inside another graph. SavedModelLayer supports "
            + "TF1-style SavedModels such as tfweave exports. For Keras models rebuild the architecture with tfweave layers "
            + "and load the weights with WeightImport.from(dir).into(model) (e.g. MobileNetV2).");
      }
    }
  }

  private static NodeDef placeholder(String name, DataType dt, AttrValue shape) {
    return NodeDef.newBuilder().setName(name).setOp("Placeholder").putAttr("dtype", AttrValue.newBuilder().setType(dt).build())
        .putAttr("shape", shape).build();
  }

  /** Drops devices, colocation hints and control inputs from outside the cut. */
  private static NodeDef clean(NodeDef n, Set<String> needed) {
    NodeDef.Builder b = n.toBuilder().setDevice("").removeAttr("_class").clearInput();
    for (String in : n.getInputList()) if (!in.startsWith("^") || needed.contains(in.substring(1))) b.addInput(in);
    return b.build();
  }

  /** {@code ReadVariableOp(handle)} becomes {@code Identity(value placeholder)} once the handle is a placeholder. */
  private static void rewriteResourceReads(GraphDef.Builder g, Set<String> handles) {
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeDef n = g.getNode(i);
      boolean readsHandle = n.getInputList().stream().anyMatch(in -> handles.contains(nodeName(in)) && !in.startsWith("^"));
      if (!readsHandle) continue;
      if (!n.getOp().equals("ReadVariableOp")) {
        throw new UnsupportedOperationException("Op '" + n.getName() + "' (" + n.getOp() + ") uses a resource variable "
            + "directly; SavedModelLayer handles only ReadVariableOp reads");
      }
      g.setNode(i, n.toBuilder().setOp("Identity").putAttr("T", n.getAttrOrThrow("dtype")).removeAttr("dtype").build());
    }
  }

  static String nodeName(String tensorOrInput) {
    String s = tensorOrInput.startsWith("^") ? tensorOrInput.substring(1) : tensorOrInput;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  private static String sanitize(String s) { return s.replaceAll("[^A-Za-z0-9_]", "_"); }
}
