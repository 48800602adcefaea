package io.tfweave.saving;

import io.tfweave.formats.CheckpointReader;
import io.tfweave.formats.CheckpointVariable;
import io.tfweave.formats.CorruptFileException;
import io.tfweave.formats.SavedModelInfo;
import io.tfweave.formats.internal.KerasMetadata;
import io.tfweave.formats.internal.KerasMetadata.KerasObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.SerializedTensor;

/**
 * Maps Keras-style weight names ({@code <layer name>/<weight name>}, e.g. {@code bn_Conv1/moving_mean})
 * to the checkpoint keys of a TF2 SavedModel or object-based checkpoint, so that
 * {@link CheckpointReader} can load pretrained weights by Keras name.
 *
 * <p>Three sources of names are used, in order:
 * <ol>
 *   <li><b>tf.keras (Keras 2) metadata</b> from {@code keras_metadata.pb} or
 *       {@code SavedUserObject.metadata}: each layer's JSON {@code name} plus the local name of each
 *       variable child (e.g. {@code block_1_depthwise/depthwise_kernel}).
 *   <li><b>Variable names</b> ({@code SavedVariable.name}, else the object graph's {@code full_name}),
 *       shortened to their last two segments: Keras 3 exports have no metadata and name variables by
 *       path, e.g. {@code tiny/head/kernel} becomes {@code head/kernel}; an RNN cell's segment is skipped
 *       ({@code r/rnn/lstm_cell/kernel} becomes {@code rnn/kernel}, the name of tfweave's LSTM, GRU and SimpleRNN
 *       weights; tf_keras's {@code LSTMCell} metadata is not used for the same reason). A variable saved twice
 *       (Keras 3 {@code model.export} keeps both {@code variables/N} and {@code _all_variables/N}) is
 *       mapped once, to the key found first breadth-first from the root.
 *   <li><b>TF1 name-based checkpoints</b> (no {@code _CHECKPOINTABLE_OBJECT_GRAPH}): every key maps
 *       to itself.
 * </ol>
 * When a short name is already taken by a different variable, the full variable name is used, and
 * failing that the checkpoint key itself. Keys come from the checkpoint's own object graph
 * ({@code checkpoint_key}); only a node without that attribute falls back to its escaped
 * breadth-first path ({@link #objectPathKey}). Values are then read with
 * {@code CheckpointReader.readFloats(map.get("bn_Conv1/gamma"))}. Optimizer and metric state (files saved after
 * {@code fit}) is kept apart from the weights ({@link #resolveAll}).
 */
public final class KerasWeightMap {
  /** Suffix of every variable's key in an object-based checkpoint. */
  public static final String VARIABLE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE";

  private static final String KERAS_METADATA_FILE = "keras_metadata.pb";

  private KerasWeightMap() {}

  /**
   * The names of a file's variables, split into model weights and training state.
   *
   * @param weights Keras-style weight names to checkpoint keys, in breadth-first order from the root object
   * @param trainingState optimizer and metric state ({@code Adam} slots, {@code iteration}, {@code learning_rate}, metric
   *     {@code total}/{@code count}, tfweave's {@code optimizer/*} and {@code loss_scale/*}) by name, which an import of
   *     weights ignores
   */
  public record Resolution(Map<String, String> weights, Map<String, String> trainingState) {}

  /**
   * Resolves Keras-style names to checkpoint keys for a SavedModel directory (or a checkpoint
   * that {@link CheckpointReader#open} accepts), in breadth-first order from the root object:
   * the model's weights, without optimizer and metric state ({@link #resolveAll} has both).
   */
  public static Map<String, String> resolve(Path savedModelDir) throws IOException {
    return resolveAll(savedModelDir).weights();
  }

  /** As {@link #resolve}, also returning the optimizer and metric state that the file holds. */
  public static Resolution resolveAll(Path savedModelDir) throws IOException {
    CheckpointReader ckpt = CheckpointReader.open(savedModelDir);
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> state = new LinkedHashMap<>();
    if (!ckpt.contains(CheckpointReader.OBJECT_GRAPH_KEY)) {
      for (CheckpointVariable v : ckpt.variables()) {
        boolean isState = TrainingState.byName(v.name(), v.shape().numDimensions() == 0);
        (isState ? state : out).put(v.name(), v.name());
      }
      return new Resolution(Collections.unmodifiableMap(out), Collections.unmodifiableMap(state));
    }
    TrackableObjectGraph tog;
    try {
      tog = TrackableObjectGraph.parseFrom(ckpt.readString(CheckpointReader.OBJECT_GRAPH_KEY));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new CorruptFileException(
          ckpt.prefix(),
          "expected a TrackableObjectGraph in " + CheckpointReader.OBJECT_GRAPH_KEY,
          e);
    }
    SavedObjectGraph sog = SavedObjectGraph.getDefaultInstance();
    Map<Integer, KerasObject> keras = Map.of();
    if (Files.isDirectory(savedModelDir) && Files.exists(savedModelDir.resolve("saved_model.pb"))) {
      sog = SavedModelInfo.read(savedModelDir).metaGraph().getObjectGraphDef();
      Path metaFile = savedModelDir.resolve(KERAS_METADATA_FILE);
      keras = Files.exists(metaFile)
          ? KerasMetadata.fromSavedMetadata(metaFile, Files.readAllBytes(metaFile))
          : KerasMetadata.fromObjectGraph(savedModelDir.resolve("saved_model.pb"), sog);
    }
    if (sog.getNodesCount() > 0 && sog.getNodesCount() != tog.getNodesCount()) {
      throw new CorruptFileException(
          savedModelDir,
          "expected the SavedModel object graph and the"
              + " checkpoint's object graph to have the same nodes, but they have "
              + sog.getNodesCount() + " and " + tog.getNodesCount());
    }
    new Resolver(ckpt, tog, sog, keras, out, state).run();
    return new Resolution(Collections.unmodifiableMap(out), Collections.unmodifiableMap(state));
  }

  /**
   * The checkpoint key of the object reached by {@code localNames} from the root, escaping each
   * name as TensorFlow does ({@code .} becomes {@code ..}, {@code /} becomes {@code .S}), e.g.
   * {@code ["layer_with_weights-0", "kernel"]} gives
   * {@code layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE}.
   */
  public static String objectPathKey(List<String> localNames) {
    List<String> escaped = new ArrayList<>();
    for (String n : localNames) {
      escaped.add(n.replace(".", "..").replace("/", ".S"));
    }
    return String.join("/", escaped) + VARIABLE_SUFFIX;
  }

  /**
   * The last two segments of a variable name ({@code tiny/head/kernel} becomes {@code head/kernel}), skipping an RNN
   * cell's segment: Keras names an LSTM's weights {@code rnn/lstm_cell/kernel}, tfweave {@code rnn/kernel}.
   */
  static String shortName(String full) {
    String[] parts = full.split("/");
    if (parts.length < 2) return full;
    int layer = parts.length - 2;
    if (parts.length >= 3 && TrainingState.isRnnCellName(parts[layer])) layer--;
    return parts[layer] + "/" + parts[parts.length - 1];
  }

  /** Walks the object graph breadth-first and fills the name-to-key map. */
  private static final class Resolver {
    private final CheckpointReader ckpt;
    private final TrackableObjectGraph tog;
    private final SavedObjectGraph sog;
    private final Map<Integer, KerasObject> keras;
    private final Map<String, String> out;
    private final Map<String, String> state;
    private final Set<Integer> modelReachable = new HashSet<>();
    private final Map<Integer, List<String>> paths = new HashMap<>();
    private final List<Integer> order = new ArrayList<>();
    private final Set<String> mappedKeys = new HashSet<>();
    private final Set<String> mappedVariables = new HashSet<>();

    Resolver(
        CheckpointReader ckpt,
        TrackableObjectGraph tog,
        SavedObjectGraph sog,
        Map<Integer, KerasObject> keras,
        Map<String, String> out,
        Map<String, String> state) {
      this.state = state;
      this.ckpt = ckpt;
      this.tog = tog;
      this.sog = sog;
      this.keras = keras;
      this.out = out;
    }

    void run() {
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      paths.put(0, List.of());
      queue.add(0);
      while (!queue.isEmpty()) {
        int id = queue.poll();
        order.add(id);
        for (ObjectReference c : children(id)) {
          if (!paths.containsKey(c.getNodeId())) {
            List<String> p = new ArrayList<>(paths.get(id));
            p.add(c.getLocalName());
            paths.put(c.getNodeId(), p);
            queue.add(c.getNodeId());
          }
        }
      }
      markModelReachable();
      for (int id : order) {
        KerasObject layer = keras.get(id);
        // an RNN's cell (tf_keras LSTMCell "lstm_cell") holds the RNN layer's weights: they are
        // named by the variable
        // names below ("rnn/lstm_cell/kernel" -> "rnn/kernel")
        if (layer != null
            && layer.isLayer()
            && !layer.name().isEmpty()
            && !TrainingState.isRnnCellClass(layer.className())) {
          for (ObjectReference c : children(id)) {
            add(c.getNodeId(), layer.name() + "/" + c.getLocalName());
          }
        }
      }
      for (int id : order) {
        String full = variableName(id);
        if (full != null) {
          // a variable stored at its own name's path (tfweave's exports: dense/kernel at
          // dense/kernel/.ATTRIBUTES/VARIABLE_VALUE) keeps that name whole
          boolean ownPath = objectPathKey(List.of(full.split("/"))).equals(key(id));
          add(id, ownPath ? full : shortName(full));
        }
      }
    }

    /** Nodes reachable from the root without passing through the optimizer or the compiled metrics. */
    private void markModelReachable() {
      ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(0));
      modelReachable.add(0);
      while (!queue.isEmpty()) {
        for (ObjectReference c : children(queue.poll())) {
          if (!TrainingState.isStateChild(c.getLocalName()) && modelReachable.add(c.getNodeId()))
            queue.add(c.getNodeId());
        }
      }
    }

    private void add(int id, String preferred) {
      String key = key(id);
      String full = variableName(id);
      if (key == null || full == null || mappedKeys.contains(key)) return;
      CheckpointVariable v = ckpt.variable(key);
      if (!modelReachable.contains(id)
          || TrainingState.byName(full, v.shape().numDimensions() == 0)) {
        // "Adam/m/dense/kernel" by its full name; two metrics' "total"s by their object paths
        List<String> p = paths.get(id);
        String path = p == null ? key : String.join("/", p);
        state.put(!state.containsKey(full) ? full : !state.containsKey(path) ? path : key, key);
        mappedKeys.add(key);
        return;
      }
      if (mappedVariables.contains(identity(id, full))) return;
      String name = !out.containsKey(preferred) ? preferred : !out.containsKey(full) ? full : key;
      out.put(name, key);
      mappedKeys.add(key);
      mappedVariables.add(identity(id, full));
    }

    private String identity(int id, String full) {
      CheckpointVariable v = ckpt.variable(key(id));
      return full + "|" + v.dtype() + "|" + v.shape();
    }

    private List<ObjectReference> children(int id) {
      return sog.getNodesCount() > 0
          ? sog.getNodes(id).getChildrenList()
          : tog.getNodes(id).getChildrenList();
    }

    /** The variable's own name without a {@code :0} suffix, or null when the node is no variable. */
    private String variableName(int id) {
      String name = null;
      if (sog.getNodesCount() > 0) {
        SavedObject o = sog.getNodes(id);
        if (o.getKindCase() != SavedObject.KindCase.VARIABLE) {
          return null;
        }
        name = o.getVariable().getName();
      }
      SerializedTensor a = attribute(id);
      if ((name == null || name.isEmpty()) && a != null) {
        name = a.getFullName();
      }
      if (name == null || (a == null && sog.getNodesCount() == 0)) {
        return null;
      }
      if (name.isEmpty()) {
        List<String> p = paths.get(id);
        name = p == null || p.isEmpty() ? "" : String.join("/", p);
      }
      return name.replaceFirst(":\\d+$", "");
    }

    private String key(int id) {
      SerializedTensor a = attribute(id);
      if (a != null && ckpt.contains(a.getCheckpointKey())) {
        return a.getCheckpointKey();
      }
      List<String> p = paths.get(id);
      String guess = p == null ? null : objectPathKey(p);
      return guess != null && ckpt.contains(guess) ? guess : null;
    }

    private SerializedTensor attribute(int id) {
      if (id >= tog.getNodesCount()) {
        return null;
      }
      TrackableObject n = tog.getNodes(id);
      for (SerializedTensor a : n.getAttributesList()) {
        if (a.getName().equals("VARIABLE_VALUE")) {
          return a;
        }
      }
      return null;
    }
  }
}
