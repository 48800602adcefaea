package io.tfweave.formats.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.tfweave.formats.CorruptFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;

/**
 * Reads tf.keras (Keras 2) layer metadata from a SavedModel: either the separate
 * {@code keras_metadata.pb} or the JSON in each {@code SavedUserObject.metadata}.
 *
 * <p>{@code keras_metadata.pb} is Keras's {@code SavedMetadata} proto, which TF Java does not ship,
 * so it is decoded by field number: {@code SavedMetadata{repeated SavedObject nodes = 1}},
 * {@code SavedObject{VersionDef version = 1; int32 node_id = 2; string node_path = 3;
 * string identifier = 4; string metadata = 5}}.
 */
public final class KerasMetadata {
  /** One Keras object: its object-graph node id, path, identifier and the name/class from its JSON. */
  public record KerasObject(
      int nodeId, String nodePath, String identifier, String name, String className) {
    /** Whether this is a layer or model that owns weights (not an input layer). */
    public boolean isLayer() {
      return identifier.startsWith("_tf_keras_") && !identifier.equals("_tf_keras_input_layer");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private KerasMetadata() {}

  /** Decodes {@code keras_metadata.pb}; {@code file} only names the source in errors. */
  public static Map<Integer, KerasObject> fromSavedMetadata(Path file, byte[] bytes)
      throws IOException {
    Map<Integer, KerasObject> out = new LinkedHashMap<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == 1
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          KerasObject o = readObject(file, in.readBytes().newCodedInput());
          out.put(o.nodeId(), o);
        } else {
          in.skipField(tag);
        }
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new CorruptFileException(file, "expected a Keras SavedMetadata proto", e);
    }
    return out;
  }

  /** Collects the Keras objects whose {@code SavedUserObject.metadata} holds JSON. */
  public static Map<Integer, KerasObject> fromObjectGraph(Path file, SavedObjectGraph graph)
      throws IOException {
    Map<Integer, KerasObject> out = new LinkedHashMap<>();
    for (int id = 0; id < graph.getNodesCount(); id++) {
      SavedObject n = graph.getNodes(id);
      if (n.getKindCase() != SavedObject.KindCase.USER_OBJECT) continue;
      // Deprecated in TensorFlow's proto, but older Keras SavedModels keep their layer JSON only
      // there.
      @SuppressWarnings("deprecation")
      String metadata = n.getUserObject().getMetadata();
      if (!metadata.isEmpty()) {
        out.put(id, fromJson(file, id, "", n.getUserObject().getIdentifier(), metadata));
      }
    }
    return out;
  }

  private static KerasObject readObject(Path file, CodedInputStream in) throws IOException {
    int nodeId = 0;
    String path = "";
    String identifier = "";
    String metadata = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 2:
          nodeId = in.readInt32();
          break;
        case 3:
          path = in.readString();
          break;
        case 4:
          identifier = in.readString();
          break;
        case 5:
          metadata = in.readString();
          break;
        default:
          in.skipField(tag);
      }
    }
    return fromJson(file, nodeId, path, identifier, metadata);
  }

  private static KerasObject fromJson(
      Path file, int id, String path, String identifier, String metadata) throws IOException {
    if (metadata.isEmpty()) {
      return new KerasObject(id, path, identifier, "", "");
    }
    JsonNode json;
    try {
      json = JSON.readTree(metadata);
    } catch (IOException e) {
      throw new CorruptFileException(
          file,
          "expected JSON metadata for Keras object " + id + " (" + identifier
              + "), but it does not parse",
          e);
    }
    return new KerasObject(
        id,
        path,
        identifier,
        json.path("name").asText(""),
        json.path("class_name").asText(""));
  }
}
