package io.tfweave.saving;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Layer;
import io.tfweave.models.Model;
import io.tfweave.models.Network;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The legacy Keras 2 / tf_keras full-model HDF5 file, {@code model.save("m.h5")}: root attributes {@code model_config}
 * (Keras 2's JSON config), {@code training_config}, {@code keras_version} and {@code backend}, the weights under {@code
 * model_weights/<layer>/} (the group's {@code weight_names} attribute lists them in the layer's order, e.g. {@code
 * lstm/lstm_cell/kernel:0}), and the optimizer's under {@code optimizer_weights}. Read only: {@code
 * Model.load(Path.of("m.h5"))} rebuilds the Sequential or Functional model (the config is translated to Keras 3's keys by
 * {@link KerasLegacyConfig} and checked option by option as {@code .keras} files are) and loads the weights by layer name,
 * as Keras 2's {@code load_model} does. {@code training_config} and {@code optimizer_weights} are ignored and listed as
 * training state in the {@link ImportReport} of {@link #read}. {@link #loadWeights} reads the weights of such a file, or of
 * Keras 2's {@code save_weights("w.h5")}, into a model built in tfweave ({@code model.loadWeights(Path.of("w.h5"))}).
 */
public final class KerasLegacyH5 {
  /** The suffix of the legacy format ({@code model.save("m.h5")}); not {@code .weights.h5}, which is Keras 3's. */
  public static final String SUFFIX = ".h5";

  /**
   * A model read from a legacy {@code .h5} file and what the read did.
   *
   * @param model the rebuilt model, its weights loaded
   * @param report the weights loaded (variable paths) and the training state ignored
   */
  public record Loaded(Model model, ImportReport report) {}

  private KerasLegacyH5() {}

  /** Whether {@code file}'s name marks the legacy format: ends in {@code .h5} or {@code .hdf5}, not {@code .weights.h5}. */
  public static boolean isLegacyName(Path file) {
    String n = file.getFileName() == null ? "" : file.getFileName().toString();
    return (n.endsWith(SUFFIX) || n.endsWith(".hdf5")) && !n.endsWith(KerasWeightsH5.SUFFIX);
  }

  /** Rebuilds the model tf_keras's {@code model.save("m.h5")} wrote and loads its weights. */
  public static Model load(Path file) {
    return read(file).model();
  }

  /** As {@link #load}, also returning the report (weights loaded, training state ignored). */
  public static Loaded read(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Keras .h5 model file " + file + " does not exist (or is not a file).");
    }
    try (HdfFile h5 = new HdfFile(file)) {
      return read(h5, file);
    } catch (HdfException e) {
      throw new IllegalArgumentException(
          "Cannot read " + file + " as an HDF5 file: " + e.getMessage(), e);
    }
  }

  private static Loaded read(HdfFile h5, Path file) {
    Object raw = attribute(h5, "model_config");
    if (!(raw instanceof String json)) {
      throw new IllegalArgumentException(file + " has no model_config attribute, so it holds no"
          + " architecture"
          + (h5.getChildren().containsKey("model_weights")
              ? ""
              : " (a Keras 2" + " save_weights file holds weights only)")
          + ". Save the whole model in Keras 2 with"
          + " model.save(\"m.h5\"), or in Keras 3 as .keras, and load that.");
    }
    Map<String, Object> keras2;
    try {
      keras2 = new ObjectMapper().readValue(json, new TypeReference<>() {});
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + ": model_config is not valid JSON: " + e.getMessage(), e);
    }
    Map<String, Object> keras3 = KerasLegacyConfig.toKeras3(keras2, file);
    Model model = ModelConfig.toModel(KerasModelFile.toTfweave(keras3, file));
    try {
      KerasConfigCheck.check(file, keras3, model);
      Group weights = h5.getChildren().get("model_weights") instanceof Group g ? g : null;
      if (weights == null) {
        throw new IllegalArgumentException(file + " has a model_config but no model_weights group;"
            + " it was saved without weights. Save it again with model.save(\"m.h5\").");
      }
      List<String> loaded = loadWeights(model, weights, file, true);
      List<String> state = new ArrayList<>();
      if (attribute(h5, "training_config") != null) state.add("training_config");
      if (h5.getChildren().get("optimizer_weights") instanceof Group opt) {
        for (String n : strings(attribute(opt, "weight_names")))
          state.add("optimizer_weights/" + n);
      }
      return new Loaded(
          model, new ImportReport(file, loaded, List.of(), List.of(), state, List.of(), List.of()));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Loads the weights of a Keras 2 / tf_keras HDF5 file into a built model: a {@code save_weights("w.h5")} file (the
   * layer groups at the root) or a full-model {@code model.save("m.h5")} file (under {@code model_weights}). As Keras 2's
   * {@code load_weights} does, the layers with weights are matched in order (the n-th layer with weights in the file's
   * {@code layer_names} to the model's n-th), not by name; each layer's weights must agree in number, name and shape.
   * Everything is checked before any weight changes. Thread-safe as {@code setWeights}.
   */
  public static void loadWeights(Network model, Path file) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Keras .h5 weights file " + file + " does not exist (or is not a file).");
    }
    try (HdfFile h5 = new HdfFile(file)) {
      Group root = h5.getChildren().get("model_weights") instanceof Group g ? g : h5;
      if (attribute(root, "layer_names") == null) {
        throw new IllegalArgumentException(file + " is not a Keras 2 weights file: it has no"
            + " layer_names attribute (at the root or in model_weights). A Keras 3 weights file ends in"
            + " .weights.h5.");
      }
      loadWeights(model, root, file, false);
    } catch (HdfException e) {
      throw new IllegalArgumentException(
          "Cannot read " + file + " as an HDF5 file: " + e.getMessage(), e);
    }
  }

  /**
   * Loads {@code <root>/<layer>/...} into the model's top-level layers, by name or (Keras 2's {@code load_weights}) by
   * the order of the layers with weights; a nested model takes all of its weights from its own group, in its order.
   * Everything is checked before any weight is assigned. Returns the loaded variable paths.
   */
  private static List<String> loadWeights(Network model, Group root, Path file, boolean byName) {
    List<Weight> all = model.weights();
    List<FloatNdArray> values = new ArrayList<>(model.getWeights());
    Map<Weight, Integer> index = new IdentityHashMap<>();
    for (int i = 0; i < all.size(); i++) index.put(all.get(i), i);
    List<String> problems = new ArrayList<>();
    List<String> loaded = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    List<Layer> withWeights =
        model.layers().stream().filter(l -> !l.weights().isEmpty()).toList();
    List<String> fileLayers = new ArrayList<>();
    for (String n : strings(attribute(root, "layer_names"))) {
      if (root.getChildren().get(n) instanceof Group g
          && !strings(attribute(g, "weight_names")).isEmpty()) fileLayers.add(n);
    }
    if (!byName && fileLayers.size() != withWeights.size()) {
      throw new IllegalArgumentException("Cannot load the weights of " + file + " into model '"
          + model.name() + "': the file has " + fileLayers.size() + " layers with weights "
          + fileLayers
          + ", the model " + withWeights.size() + " "
          + withWeights.stream().map(Layer::name).toList()
          + ". Keras 2 matches them in order, so build the model with the same layers.");
    }
    String prefix = root.getName().equals("model_weights") ? "model_weights/" : "";
    for (int k = 0; k < withWeights.size(); k++) {
      Layer l = withWeights.get(k);
      List<Weight> ws = l.weights();
      String group = byName ? l.name() : fileLayers.get(k);
      used.add(group);
      String who = KerasModelFile.who(l);
      if (!(root.getChildren().get(group) instanceof Group g)) {
        problems.add("no group " + prefix + group + " for layer " + who);
        continue;
      }
      List<String> names = strings(attribute(g, "weight_names"));
      if (names.size() != ws.size()) {
        problems.add("layer " + who + " has " + ws.size() + " weights, but " + prefix + group
            + " lists " + names.size() + " " + names);
        continue;
      }
      for (int i = 0; i < ws.size(); i++) {
        Weight w = ws.get(i);
        String n = names.get(i);
        String local = n.substring(n.lastIndexOf('/') + 1).replaceAll(":\\d+$", "");
        Node d = find(g, n);
        if (!(d instanceof Dataset ds)) {
          problems.add(prefix + group + "/" + n + " is missing (" + w.path() + ")");
        } else if (!local.equals(w.name())) {
          problems.add(prefix + group + " lists " + n + " where " + w.path()
              + " is expected (weight " + i + " of " + who + ")");
        } else {
          long[] shape = ds.isScalar() ? new long[0] : ds.getDimensionsAsLong();
          if (!Arrays.equals(shape, w.shape().asArray())) {
            problems.add(w.path() + ": model " + Arrays.toString(w.shape().asArray()) + " vs " + n
                + " " + Arrays.toString(shape));
          } else {
            values.set(
                index.get(w), NdArrays.wrap(w.shape(), DataBuffers.of(floats(ds), true, false)));
            loaded.add(w.path());
          }
        }
      }
    }
    for (String n : strings(attribute(root, "layer_names"))) {
      if (!used.contains(n)
          && root.getChildren().get(n) instanceof Group g
          && !strings(attribute(g, "weight_names")).isEmpty()) {
        problems.add(
            "the file's weights of layer '" + n + "' match no layer with weights in the model");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Cannot load the weights of " + file + " into model '"
          + model.name() + "'; nothing was loaded. Problems: " + problems);
    }
    model.setWeights(values);
    return loaded;
  }

  private static Node find(Group g, String path) {
    Node n = g;
    for (String part : path.split("/")) {
      if (!(n instanceof Group p)) return null;
      n = p.getChildren().get(part);
      if (n == null) return null;
    }
    return n;
  }

  /** The value of attribute {@code name} of {@code node}, or null. */
  static Object attribute(Node node, String name) {
    Attribute a = node.getAttributes().get(name);
    return a == null ? null : a.getData();
  }

  /** A string or string-array attribute value as a list (Keras writes an empty list as an empty float64 array). */
  static List<String> strings(Object v) {
    if (v == null) return List.of();
    if (v instanceof String s) return List.of(s);
    if (v.getClass().isArray()) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < Array.getLength(v); i++) out.add(String.valueOf(Array.get(v, i)));
      return out;
    }
    return List.of(v.toString());
  }

  private static float[] floats(Dataset d) {
    Object data = d.isScalar() ? d.getData() : d.getDataFlat();
    if (data instanceof float[] f) return f;
    if (data instanceof double[] a) {
      float[] f = new float[a.length];
      for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
      return f;
    }
    if (data instanceof Number x) return new float[] {x.floatValue()};
    throw new IllegalArgumentException(
        "Dataset " + d.getPath() + " holds " + d.getJavaType() + "; Keras weights are float32");
  }
}
