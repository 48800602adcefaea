package io.tfweave.saving;

import com.google.protobuf.CodedOutputStream;
import io.tfweave.formats.CheckpointReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedUserObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.SerializedTensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Hand-builds a TF2 object-based SavedModel the way TensorFlow writes one: a checkpoint saved with
 * {@code SaveV2} under object-path keys plus {@code _CHECKPOINTABLE_OBJECT_GRAPH}, and a
 * {@code saved_model.pb} whose {@code SavedObjectGraph} has the same node ids.
 */
final class ObjectGraphFixture {
  private final List<TrackableObject.Builder> tog = new ArrayList<>();
  private final List<SavedObject.Builder> sog = new ArrayList<>();
  private final Map<String, float[]> values = new LinkedHashMap<>();
  private final Map<String, Shape> shapes = new LinkedHashMap<>();
  private final List<byte[]> kerasMetadataNodes = new ArrayList<>();

  /** Adds a user object (layer, model, list wrapper); returns its node id. */
  @SuppressWarnings(
      "deprecation") // SavedUserObject.metadata is deprecated, but it is where older Keras wrote
  // its JSON
  int object(String identifier, String metadataJson) {
    tog.add(TrackableObject.newBuilder());
    sog.add(SavedObject.newBuilder()
        .setUserObject(SavedUserObject.newBuilder()
            .setIdentifier(identifier)
            .setMetadata(metadataJson == null ? "" : metadataJson)));
    return tog.size() - 1;
  }

  /** Adds a variable node whose attribute names {@code key} (null: no attribute at all). */
  int variable(String name, String key, Shape shape) {
    TrackableObject.Builder t = TrackableObject.newBuilder();
    if (key != null) {
      t.addAttributes(SerializedTensor.newBuilder()
          .setName("VARIABLE_VALUE")
          .setFullName(name)
          .setCheckpointKey(key));
    }
    tog.add(t);
    TensorShapeProto.Builder sp = TensorShapeProto.newBuilder();
    for (long d : shape.asArray()) {
      sp.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    sog.add(SavedObject.newBuilder()
        .setVariable(SavedVariable.newBuilder()
            .setName(name)
            .setDtype(DataType.DT_FLOAT)
            .setShape(sp)
            .setTrainable(true)));
    return tog.size() - 1;
  }

  /** Stores a tensor under an explicit key (for variables whose attribute is omitted). */
  void tensor(String key, Shape shape, float... v) {
    values.put(key, v);
    shapes.put(key, shape);
  }

  void child(int parent, String localName, int child) {
    ObjectReference r =
        ObjectReference.newBuilder().setNodeId(child).setLocalName(localName).build();
    tog.get(parent).addChildren(r);
    sog.get(parent).addChildren(r);
  }

  /** Moves the user-object metadata of {@code id} into a keras_metadata.pb node. */
  @SuppressWarnings(
      "deprecation") // reads and clears the deprecated SavedUserObject.metadata, as older Keras
  // files have it
  void moveMetadataToKerasFile(int id, String nodePath) throws IOException {
    SavedUserObject.Builder u = sog.get(id).getUserObjectBuilder();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeInt32(2, id);
    out.writeString(3, nodePath);
    out.writeString(4, u.getIdentifier());
    out.writeString(5, u.getMetadata());
    out.flush();
    kerasMetadataNodes.add(bytes.toByteArray());
    u.setMetadata("");
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("variables"));
    TrackableObjectGraph.Builder g = TrackableObjectGraph.newBuilder();
    tog.forEach(g::addNodes);
    SavedObjectGraph.Builder og = SavedObjectGraph.newBuilder();
    sog.forEach(og::addNodes);
    SavedModel sm = SavedModel.newBuilder()
        .setSavedModelSchemaVersion(1)
        .addMetaGraphs(MetaGraphDef.newBuilder()
            .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
            .setObjectGraphDef(og))
        .build();
    Files.write(dir.resolve("saved_model.pb"), sm.toByteArray());
    if (!kerasMetadataNodes.isEmpty()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      for (byte[] n : kerasMetadataNodes) {
        out.writeByteArray(1, n);
      }
      out.flush();
      Files.write(dir.resolve("keras_metadata.pb"), bytes.toByteArray());
    }
    saveV2(dir.resolve("variables/variables"), g.build().toByteArray());
  }

  private void saveV2(Path prefix, byte[] objectGraph) {
    try (Graph graph = new Graph();
        Session s = new Session(graph)) {
      Ops tf = Ops.create(graph);
      List<String> names = new ArrayList<>();
      List<Operand<?>> tensors = new ArrayList<>();
      for (Map.Entry<String, float[]> e : values.entrySet()) {
        names.add(e.getKey());
        try (TFloat32 t = TFloat32.tensorOf(shapes.get(e.getKey()), DataBuffers.of(e.getValue()))) {
          tensors.add(tf.constantOf(t));
        }
      }
      names.add(CheckpointReader.OBJECT_GRAPH_KEY);
      try (TString t = TString.tensorOfBytes(NdArrays.scalarOfObject(objectGraph))) {
        tensors.add(tf.constantOf(t));
      }
      String[] slices = new String[names.size()];
      java.util.Arrays.fill(slices, "");
      s.run(tf.train.save(
          tf.constant(prefix.toString()),
          tf.constant(NdArrays.vectorOfObjects(names.toArray(new String[0]))),
          tf.constant(NdArrays.vectorOfObjects(slices)),
          tensors));
    }
  }

  /** Registers the tensor for a variable that has an attribute key. */
  int storedVariable(String name, String key, Shape shape, float... v) {
    tensor(key, shape, v);
    return variable(name, key, shape);
  }
}
