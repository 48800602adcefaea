package io.tfweave.formats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tfweave.formats.internal.Shapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Summarises a SavedModel's {@code saved_model.pb} without loading TensorFlow: tag-sets,
 * signatures (inputs and outputs with dtype and shape), variables and op counts.
 *
 * <p>{@link #describe()} prints the summary in the layout of {@code saved_model_cli show --all}.
 * Works for TF1-style exports (variables are {@code VariableV2} nodes) and TF2/Keras exports
 * (variables come from the object graph's {@code SavedVariable}s).
 */
public final class SavedModelInfo {
  /**
   * One input or output of a signature. Unknown dimensions are -1; note that TF Java's
   * {@code Shape.equals} is false for shapes with unknown dimensions, so compare
   * {@code shape().asArray()} instead.
   */
  public record TensorSpec(String key, String tensorName, DataType dtype, Shape shape) {}

  /** One signature: its key (e.g. {@code serving_default}), method name, inputs and outputs. */
  public record SignatureInfo(
      String key, String methodName, List<TensorSpec> inputs, List<TensorSpec> outputs) {}

  /**
   * One variable: its name, where it was found ({@code VariableV2}, {@code VarHandleOp} or
   * {@code SavedVariable}), its element type and shape.
   */
  public record VariableInfo(String name, String source, DataType dtype, Shape shape) {}

  private final SavedModel proto;
  private final MetaGraphDef meta;

  private SavedModelInfo(SavedModel proto, MetaGraphDef meta) {
    this.proto = proto;
    this.meta = meta;
  }

  /** Reads {@code saved_model.pb} from a SavedModel directory (or the file itself); picks the {@code serve} meta graph. */
  public static SavedModelInfo read(Path savedModelDirOrFile) throws IOException {
    return read(savedModelDirOrFile, "serve");
  }

  /** Reads {@code saved_model.pb} and picks the meta graph whose tag-set contains all {@code tags}. */
  public static SavedModelInfo read(Path savedModelDirOrFile, String... tags) throws IOException {
    Path file = Files.isDirectory(savedModelDirOrFile)
        ? savedModelDirOrFile.resolve("saved_model.pb")
        : savedModelDirOrFile;
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "expected a SavedModel directory containing saved_model.pb");
    }
    try {
      return of(SavedModel.parseFrom(Files.readAllBytes(file)), tags);
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFileException(file, "expected a serialized SavedModel proto", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Wraps a parsed proto, picking the meta graph whose tag-set contains all {@code tags}. */
  public static SavedModelInfo of(SavedModel proto, String... tags) {
    if (proto.getMetaGraphsCount() == 0) {
      throw new IllegalArgumentException(
          "expected at least one MetaGraphDef, but the SavedModel has none");
    }
    for (MetaGraphDef m : proto.getMetaGraphsList()) {
      if (m.getMetaInfoDef().getTagsList().containsAll(Arrays.asList(tags))) {
        return new SavedModelInfo(proto, m);
      }
    }
    throw new IllegalArgumentException("expected a meta graph tagged " + Arrays.toString(tags)
        + ", but the SavedModel has tag-sets " + tagSetsOf(proto));
  }

  /** The whole parsed proto. */
  public SavedModel proto() {
    return proto;
  }

  /** The selected meta graph. */
  public MetaGraphDef metaGraph() {
    return meta;
  }

  /** The tag-sets of every meta graph in the file. */
  public List<Set<String>> tagSets() {
    return tagSetsOf(proto);
  }

  /** The tags of the selected meta graph. */
  public Set<String> tags() {
    return new LinkedHashSet<>(meta.getMetaInfoDef().getTagsList());
  }

  /** The TensorFlow version that wrote the model, or {@code ""} when not recorded. */
  public String tensorflowVersion() {
    return meta.getMetaInfoDef().getTensorflowVersion();
  }

  /** Whether the meta graph has a TF2 object graph (tf.function / Keras SavedModels do). */
  public boolean hasObjectGraph() {
    return meta.getObjectGraphDef().getNodesCount() > 0;
  }

  /** Signatures sorted by key, with inputs and outputs sorted by key. */
  public Map<String, SignatureInfo> signatures() {
    Map<String, SignatureInfo> out = new LinkedHashMap<>();
    new TreeMap<>(meta.getSignatureDefMap())
        .forEach((key, sig) -> out.put(key, signature(key, sig)));
    return out;
  }

  /** Variables from the object graph when there is one, else {@code VariableV2}/{@code VarHandleOp} nodes. */
  public List<VariableInfo> variables() {
    List<VariableInfo> out = new ArrayList<>();
    if (hasObjectGraph()) {
      Set<String> seen = new LinkedHashSet<>();
      for (SavedObject o : meta.getObjectGraphDef().getNodesList()) {
        if (o.getKindCase() == SavedObject.KindCase.VARIABLE
            && seen.add(o.getVariable().getName())) {
          out.add(new VariableInfo(
              o.getVariable().getName(),
              "SavedVariable",
              o.getVariable().getDtype(),
              Shapes.of(o.getVariable().getShape())));
        }
      }
      return out;
    }
    for (NodeDef n : meta.getGraphDef().getNodeList()) {
      String op = n.getOp();
      if (op.equals("VariableV2") || op.equals("Variable") || op.equals("VarHandleOp")) {
        AttrValue shape = n.getAttrOrDefault("shape", AttrValue.getDefaultInstance());
        out.add(new VariableInfo(
            n.getName(),
            op,
            n.getAttrOrDefault("dtype", AttrValue.getDefaultInstance()).getType(),
            Shapes.of(shape.getShape())));
      }
    }
    return out;
  }

  /** The number of nodes in the meta graph's top-level graph. */
  public int opCount() {
    return meta.getGraphDef().getNodeCount();
  }

  /** The number of functions in the graph's function library. */
  public int functionCount() {
    return meta.getGraphDef().getLibrary().getFunctionCount();
  }

  /** The number of nodes inside all library functions. */
  public int functionOpCount() {
    return meta.getGraphDef().getLibrary().getFunctionList().stream()
        .mapToInt(FunctionDef::getNodeDefCount)
        .sum();
  }

  /** Op type to count over the top-level graph and all functions, sorted by op type. */
  public Map<String, Integer> opTypeCounts() {
    Map<String, Integer> out = new TreeMap<>();
    meta.getGraphDef().getNodeList().forEach(n -> out.merge(n.getOp(), 1, Integer::sum));
    for (FunctionDef f : meta.getGraphDef().getLibrary().getFunctionList()) {
      f.getNodeDefList().forEach(n -> out.merge(n.getOp(), 1, Integer::sum));
    }
    return out;
  }

  /** A multi-line summary in the layout of {@code saved_model_cli show --all}, plus variables. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("\nMetaGraphDef with tag-set: '")
        .append(String.join(", ", tags()))
        .append("' contains the following SignatureDefs:\n");
    for (SignatureInfo s : signatures().values()) {
      b.append("\nsignature_def['").append(s.key()).append("']:\n");
      b.append("  The given SavedModel SignatureDef contains the following input(s):\n");
      s.inputs().forEach(t -> appendTensor(b, "inputs", t));
      b.append("  The given SavedModel SignatureDef contains the following output(s):\n");
      s.outputs().forEach(t -> appendTensor(b, "outputs", t));
      b.append("  Method name is: ").append(s.methodName()).append('\n');
    }
    b.append("The MetaGraph with tag set ")
        .append(tags().stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ", "[", "]")))
        .append(" contains the following ops: ")
        .append(opTypeCounts().keySet().stream()
            .map(t -> "'" + t + "'")
            .collect(Collectors.joining(", ", "{", "}")))
        .append('\n');
    b.append("\nOps: ")
        .append(opCount())
        .append(" in the graph, ")
        .append(functionOpCount())
        .append(" in ")
        .append(functionCount())
        .append(" functions");
    if (!tensorflowVersion().isEmpty()) {
      b.append(" (written by TensorFlow ").append(tensorflowVersion()).append(')');
    }
    List<VariableInfo> vars = variables();
    b.append("\nVariables (")
        .append(vars.size())
        .append(hasObjectGraph() ? ", from the object graph" : "")
        .append("):\n");
    for (VariableInfo v : vars) {
      b.append("  ")
          .append(v.name())
          .append(": ")
          .append(v.dtype())
          .append(' ')
          .append(Shapes.cli(v.shape()))
          .append('\n');
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "SavedModelInfo" + tags() + " signatures=" + signatures().keySet() + " ops=" + opCount()
        + " variables=" + variables().size();
  }

  private static void appendTensor(StringBuilder b, String kind, TensorSpec t) {
    b.append("    ")
        .append(kind)
        .append("['")
        .append(t.key())
        .append("'] tensor_info:\n")
        .append("        dtype: ")
        .append(t.dtype())
        .append('\n')
        .append("        shape: ")
        .append(Shapes.cli(t.shape()))
        .append('\n')
        .append("        name: ")
        .append(t.tensorName())
        .append('\n');
  }

  private static SignatureInfo signature(String key, SignatureDef sig) {
    return new SignatureInfo(
        key, sig.getMethodName(), specs(sig.getInputsMap()), specs(sig.getOutputsMap()));
  }

  private static List<TensorSpec> specs(Map<String, TensorInfo> m) {
    List<TensorSpec> out = new ArrayList<>();
    new TreeMap<>(m)
        .forEach((k, t) ->
            out.add(new TensorSpec(k, t.getName(), t.getDtype(), Shapes.of(t.getTensorShape()))));
    return List.copyOf(out);
  }

  private static List<Set<String>> tagSetsOf(SavedModel proto) {
    return proto.getMetaGraphsList().stream()
        .map(m -> (Set<String>) new LinkedHashSet<>(m.getMetaInfoDef().getTagsList()))
        .collect(Collectors.toList());
  }
}
