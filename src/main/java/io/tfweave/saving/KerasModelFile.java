package io.tfweave.saving;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.tfweave.layers.Layer;
import io.tfweave.models.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keras 3's native model file, {@code .keras}: a zip of {@code config.json} (the architecture), {@code metadata.json}
 * and {@code model.weights.h5} (the weights, as {@link KerasWeightsH5}). {@code Model.load(Path.of("m.keras"))} (Keras's
 * {@code keras.saving.load_model}) rebuilds a Sequential or Functional model from the config, by Keras class name and
 * config keys, and loads the weights.
 *
 * <p>Every option of every layer is checked: an option that tfweave reads must round-trip to the same value, and an
 * option tfweave does not have must hold Keras's default; otherwise the load fails listing each unsupported layer and
 * option (see {@link KerasConfigCheck}).
 *
 * <p>{@link #save} writes the same zip for Keras's {@code keras.saving.load_model}: tfweave's config (Keras's keys; each
 * layer entry gets {@code "module": "keras.layers"}, functional inbound nodes in Keras's legacy list form, which Keras 3
 * still reads) and the weights in Keras's layout. Layers that Keras does not have (quadratic layers, blocks) are refused
 * with an error naming them.
 */
public final class KerasModelFile {
  /** The suffix Keras 3 requires for {@code model.save}. */
  public static final String SUFFIX = ".keras";

  /** The {@code keras_version} written to {@code metadata.json}: the Keras the written files are checked with. */
  public static final String KERAS_VERSION = "3.15.1";

  private KerasModelFile() {}

  /** Rebuilds the model saved by Keras's {@code model.save("m.keras")} and loads its weights. */
  public static Model load(Path file) {
    Objects.requireNonNull(file, "file");
    if (!file.getFileName().toString().endsWith(SUFFIX) || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Expected a Keras model file ending in .keras (Keras 3's model.save). Received: " + file
              + (Files.exists(file) ? "" : " (it does not exist)"));
    }
    Map<String, Object> config;
    byte[] weights;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      config =
          new ObjectMapper().readValue(entry(zip, file, "config.json"), new TypeReference<>() {});
      weights = entry(zip, file, "model.weights.h5");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + " as a .keras zip", e);
    }
    Map<String, Object> tfweave = toTfweave(config, file);
    Model model = ModelConfig.toModel(tfweave);
    try {
      KerasConfigCheck.check(file, config, model);
      try (HdfFile h5 = HdfFile.fromByteBuffer(ByteBuffer.wrap(weights))) {
        KerasWeightsH5.load(model, h5, file + "!/model.weights.h5");
      }
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /** Keras-class layers that tfweave has under another name or not at all in Keras: refused by {@link #save}. */
  private static final java.util.Set<String> NOT_KERAS_PACKAGES =
      java.util.Set.of("quadratic", "blocks");

  /**
   * Writes {@code model} as a Keras 3 {@code .keras} file (crash-safe: a temporary beside it, then one rename). Returns
   * the file. Thread-safe: one completed step's weights are written.
   */
  public static Path save(Model model, Path file) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(file, "file");
    if (!file.getFileName().toString().endsWith(SUFFIX)) {
      throw new IllegalArgumentException(
          "A Keras model file name must end in .keras (as Keras 3 requires). Received: " + file);
    }
    List<String> foreign = new ArrayList<>();
    for (Layer l : model.allLayers()) {
      String pkg = l.getClass().getPackageName();
      if (NOT_KERAS_PACKAGES.stream().anyMatch(p -> pkg.contains("." + p))
          || l.className().equals("SavedModelLayer")) foreign.add(who(l));
    }
    if (!foreign.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot write model '" + model.name() + "' as .keras: Keras has no layer class for "
              + foreign + ". Export it as a SavedModel instead (model.export(dir)).");
    }
    Path target = file.toAbsolutePath().normalize();
    try {
      Path scratch = StagingDirectory.scratchBeside(target, "keras");
      try {
        Path weights = KerasWeightsH5.save(model, scratch.resolve("model.weights.h5"));
        Map<String, Object> config = toKeras(ModelConfig.of(model));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("keras_version", KERAS_VERSION);
        metadata.put(
            "date_saved", java.time.LocalDateTime.now().withNano(0).toString().replace('T', '@'));
        metadata.put("written_by", "tfweave");
        ObjectMapper json = new ObjectMapper();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
          put(zip, "metadata.json", json.writeValueAsBytes(metadata));
          put(zip, "config.json", json.writeValueAsBytes(config));
          put(zip, "model.weights.h5", Files.readAllBytes(weights));
        }
        io.tfweave.internal.AtomicFiles.write(target, bytes.toByteArray());
        StagingDirectory.shareReadOnly(target);
      } finally {
        StagingDirectory.deleteTree(scratch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write model '" + model.name() + "' to " + target, e);
    }
    return target;
  }

  private static void put(java.util.zip.ZipOutputStream zip, String name, byte[] b)
      throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(b);
    zip.closeEntry();
  }

  /** tfweave's model config in Keras 3's file layout: a module for each class, nested models recursively. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> toKeras(Map<String, Object> ours) {
    Map<String, Object> out = new LinkedHashMap<>();
    String cls = (String) ours.get("class_name");
    out.put("module", cls.equals("Sequential") ? "keras" : "keras.src.models.functional");
    out.put("class_name", cls);
    Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) ours.get("config"));
    List<Object> layers = new ArrayList<>();
    for (Object o : (List<Object>) c.get("layers")) {
      Map<String, Object> e = new LinkedHashMap<>((Map<String, Object>) o);
      String lcls = (String) e.get("class_name");
      if (lcls.equals("Sequential") || lcls.equals("Functional")) {
        Map<String, Object> nested = toKeras(Map.of("class_name", lcls, "config", e.get("config")));
        e.put("module", nested.get("module"));
        e.put("config", nested.get("config"));
      } else {
        e.put("module", "keras.layers");
        e.put("config", wrapperConfig(lcls, (Map<String, Object>) e.get("config")));
      }
      e.put("registered_name", null);
      layers.add(e);
    }
    c.put("layers", layers);
    out.put("config", c);
    out.put("registered_name", null);
    return out;
  }

  /**
   * A wrapper's config in Keras 3's form: the wrapped {@code layer} as a Keras object ({@code module}, {@code
   * class_name}, {@code config}, {@code registered_name}), and for {@code Bidirectional} the {@code backward_layer} Keras
   * writes: the wrapped layer's config with {@code go_backwards} flipped and the name {@code backward_<name>}. Other
   * layers' configs are returned as they are.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> wrapperConfig(String cls, Map<String, Object> config) {
    if (!(config.get("layer") instanceof Map<?, ?> inner)) return config;
    Map<String, Object> c = new LinkedHashMap<>(config);
    String icls = (String) inner.get("class_name");
    Map<String, Object> ic =
        new LinkedHashMap<>(wrapperConfig(icls, (Map<String, Object>) inner.get("config")));
    if (ic.get("name") == null)
      ic.put("name", KerasH5Layout.toSnakeCase(icls)); // as Keras names it
    c.put("layer", kerasObject(icls, ic));
    if (cls.equals("Bidirectional")) {
      Map<String, Object> back = new LinkedHashMap<>(ic);
      back.put("go_backwards", !Boolean.TRUE.equals(ic.get("go_backwards")));
      String name = (String) ic.get("name");
      back.put("name", "backward_" + (name.startsWith("forward_") ? name.substring(8) : name));
      c.put("backward_layer", kerasObject(icls, back));
    }
    return c;
  }

  private static Map<String, Object> kerasObject(String cls, Map<String, Object> config) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("module", "keras.layers");
    o.put("class_name", cls);
    o.put("config", config);
    o.put("registered_name", null);
    return o;
  }

  private static byte[] entry(ZipFile zip, Path file, String name) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new IllegalArgumentException(
          file + " has no " + name + "; a .keras file (Keras 3's model.save) holds"
              + " config.json, metadata.json and model.weights.h5");
    }
    try (var in = zip.getInputStream(e)) {
      return in.readAllBytes();
    }
  }

  /**
   * Keras 3's config in the layout {@link ModelConfig#toModel} reads: the outer {@code class_name}/{@code config},
   * Functional {@code inbound_nodes} ({@code {"args": [keras tensors], "kwargs": {}}}) turned into lists of {@code
   * [layer, node, index]} references, and a single input or output reference put in a list.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> toTfweave(Map<String, Object> keras, Path file) {
    String cls = String.valueOf(keras.get("class_name"));
    if (!cls.equals("Sequential") && !cls.equals("Functional")) {
      throw new IllegalArgumentException(
          file + " holds a Keras " + cls + "; tfweave rebuilds Sequential and"
              + " Functional models (a subclassed Keras model has no config to rebuild from)");
    }
    Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) keras.get("config"));
    List<Object> layers = new ArrayList<>();
    for (Object o : (List<Object>) c.get("layers")) {
      Map<String, Object> e = new LinkedHashMap<>((Map<String, Object>) o);
      Map<String, Object> lc = (Map<String, Object>) e.get("config");
      String lcls = String.valueOf(e.get("class_name"));
      if (lcls.equals("Sequential") || lcls.equals("Functional")) {
        Map<String, Object> nested = toTfweave(Map.of("class_name", lcls, "config", lc), file);
        e.put("config", nested.get("config"));
      }
      e.putIfAbsent("name", lc.get("name"));
      if (e.get("inbound_nodes") instanceof List<?> nodes) {
        List<Object> refs = new ArrayList<>();
        for (Object n : nodes) {
          refs.add(
              n instanceof Map<?, ?> m
                  ? nodeRefs(e.get("name"), (Map<String, Object>) m, file)
                  : legacyRefs((List<Object>)
                      n)); // Keras 2's [[layer, node, index, kwargs], ...] (tfweave writes it)
        }
        e.put("inbound_nodes", refs);
      }
      layers.add(e);
    }
    c.put("layers", layers);
    for (String k : List.of("input_layers", "output_layers")) {
      if (c.get(k) instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String)
        c.put(k, List.of(l));
    }
    Map<String, Object> out = new HashMap<>();
    out.put("class_name", cls);
    out.put("config", c);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> nodeRefs(Object layer, Map<String, Object> node, Path file) {
    Object kwargs = node.get("kwargs");
    if (kwargs instanceof Map<?, ?> kw) {
      for (Map.Entry<?, ?> k : kw.entrySet()) {
        if (k.getValue() != null
            && !(k.getKey().equals("training") || k.getKey().equals("mask"))) {
          throw new IllegalArgumentException(
              file + ": layer '" + layer + "' is called with the keyword argument " + k.getKey()
                  + "=" + k.getValue() + ", which tfweave's functional models do not pass");
        }
      }
    }
    List<Object> refs = new ArrayList<>();
    collect(node.get("args"), refs);
    return refs;
  }

  private static List<Object> legacyRefs(List<Object> node) {
    List<Object> refs = new ArrayList<>();
    for (Object r : node) refs.add(((List<?>) r).subList(0, 3));
    return refs;
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object arg, List<Object> refs) {
    if (arg instanceof List<?> l) {
      for (Object o : l) collect(o, refs);
    } else if (arg instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name"))) {
      refs.add(((Map<String, Object>) m.get("config")).get("keras_history"));
    }
  }

  /** The layer config keys that only Keras's serialization uses. */
  static boolean isBookkeeping(String key) {
    return key.equals("name")
        || key.equals("module")
        || key.equals("registered_name")
        || key.equals("build_config")
        || key.equals("shared_object_id");
  }

  /** For error messages: {@code 'dense_1' (Dense)}. */
  static String who(Layer l) {
    return "'" + l.name() + "' (" + l.className() + ")";
  }
}
