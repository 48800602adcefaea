package io.tfweave.saving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SavedObjectGraphOuterClass.FunctionSpec;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedBareConcreteFunction;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedConcreteFunction;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedUserObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.Struct.DictValue;
import org.tensorflow.proto.Struct.ListValue;
import org.tensorflow.proto.Struct.NamedTupleValue;
import org.tensorflow.proto.Struct.NoneValue;
import org.tensorflow.proto.Struct.PairValue;
import org.tensorflow.proto.Struct.StructuredValue;
import org.tensorflow.proto.Struct.TensorSpecProto;
import org.tensorflow.proto.Struct.TupleValue;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.SerializedTensor;
import org.tensorflow.proto.VersionDef;

/**
 * The TF2 side of an export: the {@code SavedObjectGraph} of {@code saved_model.pb} and the {@code TrackableObjectGraph}
 * its checkpoint carries, with the same node ids, laid out as Keras 3's {@code model.export} lays them out. The root has
 * one child object per layer (weights {@code dense/kernel} become root → {@code dense} → {@code kernel}), then the lists
 * {@code variables}, {@code trainable_variables} and {@code non_trainable_variables} (so {@code tf.saved_model.load(d)}
 * has those attributes, and Keras's {@code TFSMLayer} tracks the weights) and the {@code signatures} map whose
 * {@code serving_default} is the concrete function of the forward pass, bound to the variables. A variable's checkpoint key
 * is its path ({@code dense/kernel/.ATTRIBUTES/VARIABLE_VALUE}), the key the export's TF1 {@code SaverDef} restores too, so
 * one checkpoint serves both loaders.
 */
final class Tf2ObjectGraph {
  /** One input or output of the serving signature. */
  record Spec(String name, DataType dtype, Shape shape) {}

  private static final VersionDef VERSION =
      VersionDef.newBuilder().setProducer(1).setMinConsumer(1).build();

  private final List<SavedObject.Builder> saved = new ArrayList<>();
  private final List<TrackableObject.Builder> tracked = new ArrayList<>();
  private final SavedConcreteFunction concrete;
  private final String function;

  /**
   * Builds the graphs.
   *
   * @param variables weight name → (shape, trainable), in the order the function's captured inputs follow the signature's
   * @param function the name of the forward pass's {@code FunctionDef}
   * @param inputs the signature's inputs, sorted by name (the order of the function's first arguments)
   * @param outputs the signature's outputs, sorted by name (the order of the function's results)
   */
  Tf2ObjectGraph(
      Map<String, Map.Entry<Shape, Boolean>> variables,
      String function,
      List<Spec> inputs,
      List<Spec> outputs) {
    int root = userObject("_generic_user_object");
    Map<String, Integer> objects = new LinkedHashMap<>();
    Map<String, Integer> varIds = new LinkedHashMap<>();
    variables.forEach((name, v) -> {
      int parent = root;
      String[] parts = name.split("/");
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < parts.length - 1; i++) {
        path.append(parts[i]).append('/');
        Integer id = objects.get(path.toString());
        if (id == null) {
          id = userObject("_generic_user_object");
          objects.put(path.toString(), id);
          child(parent, parts[i], id);
        }
        parent = id;
      }
      int id = variable(name, v.getKey(), v.getValue());
      child(parent, parts[parts.length - 1], id);
      varIds.put(name, id);
    });
    list(root, "variables", new ArrayList<>(varIds.values()));
    List<Integer> trainable = new ArrayList<>();
    List<Integer> frozen = new ArrayList<>();
    varIds.forEach((name, id) -> (variables.get(name).getValue() ? trainable : frozen).add(id));
    list(root, "trainable_variables", trainable);
    list(root, "non_trainable_variables", frozen);
    int signatures = userObject("signature_map");
    child(root, "signatures", signatures);
    List<String> keywords = inputs.stream().map(Spec::name).toList();
    int serving = add(
        SavedObject.newBuilder()
            .setBareConcreteFunction(SavedBareConcreteFunction.newBuilder()
                .setConcreteFunctionName(function)
                .addAllArgumentKeywords(keywords)
                .setAllowedPositionalArguments(keywords.size())
                .setFunctionSpec(FunctionSpec.newBuilder()
                    .setFullargspec(fullArgSpec(keywords))
                    .setInputSignature(none()))),
        TrackableObject.newBuilder());
    child(signatures, ExportOptions.SIGNATURE_KEY_DEFAULT, serving);
    DictValue.Builder kwargs = DictValue.newBuilder();
    for (Spec s : inputs) kwargs.putFields(s.name(), spec(s));
    DictValue.Builder outs = DictValue.newBuilder();
    for (Spec s : outputs) outs.putFields(s.name(), spec(s));
    concrete = SavedConcreteFunction.newBuilder()
        .addAllBoundInputs(varIds.values())
        .setCanonicalizedInputSignature(tuple(
            StructuredValue.newBuilder().setTupleValue(TupleValue.newBuilder()).build(),
            StructuredValue.newBuilder().setDictValue(kwargs).build()))
        .setOutputSignature(StructuredValue.newBuilder().setDictValue(outs))
        .build();
    this.function = function;
  }

  /** The object graph of {@code saved_model.pb}. */
  SavedObjectGraph savedObjectGraph() {
    SavedObjectGraph.Builder g = SavedObjectGraph.newBuilder();
    saved.forEach(g::addNodes);
    return g.putConcreteFunctions(function, concrete).build();
  }

  /** The object graph of the checkpoint, serialized as {@code _CHECKPOINTABLE_OBJECT_GRAPH} holds it. */
  byte[] checkpointGraph() {
    TrackableObjectGraph.Builder g = TrackableObjectGraph.newBuilder();
    tracked.forEach(g::addNodes);
    return g.build().toByteArray();
  }

  private int add(SavedObject.Builder s, TrackableObject.Builder t) {
    saved.add(s);
    tracked.add(t);
    return saved.size() - 1;
  }

  private int userObject(String identifier) {
    return add(
        SavedObject.newBuilder()
            .setUserObject(
                SavedUserObject.newBuilder().setIdentifier(identifier).setVersion(VERSION)),
        TrackableObject.newBuilder());
  }

  private int variable(String name, Shape shape, boolean trainable) {
    TensorShapeProto.Builder sp = TensorShapeProto.newBuilder();
    for (long d : shape.asArray()) sp.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    return add(
        SavedObject.newBuilder()
            .setVariable(SavedVariable.newBuilder()
                .setName(name)
                .setDtype(DataType.DT_FLOAT)
                .setShape(sp)
                .setTrainable(trainable)),
        TrackableObject.newBuilder()
            .addAttributes(SerializedTensor.newBuilder()
                .setName("VARIABLE_VALUE")
                .setFullName(name)
                .setCheckpointKey(checkpointKey(name))));
  }

  /** The object-based checkpoint key of weight {@code name}: its path from the root, as TF2's saver writes keys. */
  static String checkpointKey(String name) {
    return KerasWeightMap.objectPathKey(List.of(name.split("/")));
  }

  private void list(int parent, String name, List<Integer> items) {
    int id = userObject("trackable_list_wrapper");
    for (int i = 0; i < items.size(); i++) child(id, Integer.toString(i), items.get(i));
    child(parent, name, id);
  }

  private void child(int parent, String localName, int child) {
    ObjectReference r =
        ObjectReference.newBuilder().setNodeId(child).setLocalName(localName).build();
    saved.get(parent).addChildren(r);
    tracked.get(parent).addChildren(r);
  }

  private static StructuredValue spec(Spec s) {
    TensorShapeProto.Builder sp = TensorShapeProto.newBuilder();
    for (long d : s.shape().asArray())
      sp.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    return StructuredValue.newBuilder()
        .setTensorSpecValue(
            TensorSpecProto.newBuilder().setName(s.name()).setShape(sp).setDtype(s.dtype()))
        .build();
  }

  private static StructuredValue none() {
    return StructuredValue.newBuilder()
        .setNoneValue(NoneValue.getDefaultInstance())
        .build();
  }

  private static StructuredValue tuple(StructuredValue... values) {
    TupleValue.Builder t = TupleValue.newBuilder();
    for (StructuredValue v : values) t.addValues(v);
    return StructuredValue.newBuilder().setTupleValue(t).build();
  }

  /** Python's {@code FullArgSpec} of a signature function: keyword-only arguments, one per input. */
  private static StructuredValue fullArgSpec(List<String> keywords) {
    ListValue.Builder kw = ListValue.newBuilder();
    for (String k : keywords) kw.addValues(StructuredValue.newBuilder().setStringValue(k));
    NamedTupleValue.Builder t = NamedTupleValue.newBuilder().setName("FullArgSpec");
    t.addValues(pair(
        "args",
        StructuredValue.newBuilder().setListValue(ListValue.newBuilder()).build()));
    t.addValues(pair("varargs", none()));
    t.addValues(pair("varkw", none()));
    t.addValues(pair("defaults", none()));
    t.addValues(pair("kwonlyargs", StructuredValue.newBuilder().setListValue(kw).build()));
    t.addValues(pair("kwonlydefaults", none()));
    t.addValues(pair(
        "annotations",
        StructuredValue.newBuilder().setDictValue(DictValue.newBuilder()).build()));
    return StructuredValue.newBuilder().setNamedTupleValue(t).build();
  }

  private static PairValue pair(String key, StructuredValue value) {
    return PairValue.newBuilder().setKey(key).setValue(value).build();
  }
}
