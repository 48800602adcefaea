package io.tfweave.saving;

import io.tfweave.formats.CheckpointReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.proto.VariableDef;

/**
 * Which variables of a SavedModel are trainable, keyed by checkpoint key: a TF2 SavedModel's {@code SavedVariable.trainable}
 * (Keras marks BatchNormalization's moving statistics, seed states and the like as not trainable), a TF1 graph's
 * {@code trainable_variables} collection, or the {@code trainable} entries of a tfweave export's {@code model.json}. A
 * variable none of them mentions counts as trainable. Used when a {@link SavedModelLayer} is fine-tuned.
 */
final class TrainableFlags {
  private TrainableFlags() {}

  static Map<String, Boolean> read(Path dir, CheckpointReader ckpt, MetaGraphDef meta)
      throws IOException {
    Map<String, Boolean> out = new HashMap<>();
    if (ckpt.contains(CheckpointReader.OBJECT_GRAPH_KEY) && meta.hasObjectGraphDef()) {
      TrackableObjectGraph tog =
          TrackableObjectGraph.parseFrom(ckpt.readString(CheckpointReader.OBJECT_GRAPH_KEY));
      var sog = meta.getObjectGraphDef();
      for (int id = 0; id < tog.getNodesCount() && id < sog.getNodesCount(); id++) {
        if (!sog.getNodes(id).hasVariable()) continue;
        for (var a : tog.getNodes(id).getAttributesList()) {
          if (a.getName().equals("VARIABLE_VALUE"))
            out.put(a.getCheckpointKey(), sog.getNodes(id).getVariable().getTrainable());
        }
      }
    }
    CollectionDef trainable = meta.getCollectionDefMap().get("trainable_variables");
    CollectionDef all = meta.getCollectionDefMap().get("variables");
    if (all != null && all.hasBytesList()) {
      for (var b : all.getBytesList().getValueList())
        out.put(nodeOf(VariableDef.parseFrom(b)), false);
    }
    if (trainable != null && trainable.hasBytesList()) {
      for (var b : trainable.getBytesList().getValueList())
        out.put(nodeOf(VariableDef.parseFrom(b)), true);
    }
    if (Files.isRegularFile(dir.resolve(SavedModelExporter.MODEL_JSON))) {
      Object weights = SavedModelLoader.readModelJson(dir).get("weights");
      if (weights instanceof List<?> list) {
        for (Object o : list) {
          if (o instanceof Map<?, ?> w
              && w.get("name") instanceof String n
              && w.get("trainable") instanceof Boolean t) out.put(n, t);
        }
      }
    }
    return out;
  }

  private static String nodeOf(VariableDef v) {
    return SignatureFunction.nodeName(v.getVariableName());
  }
}
