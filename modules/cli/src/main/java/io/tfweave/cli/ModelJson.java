package io.tfweave.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a model description from {@code assets/model.json}. tfweave exports write
 * {@code {"format": "tfweave-savedmodel", "model": {"class_name", "config": {"name", "layers": [...]}}, "weights": [{"name",
 * "shape", "trainable"}], "signature": ..., "provenance": ...}}; other layouts are read generically: the first object
 * (searched breadth-first) with a {@code layers} list, directly or under {@code config}, as Keras's {@code to_json()} nests
 * it. Each layer gives {@code class_name}, a name ({@code name} or {@code config.name}), and when present an output shape,
 * a parameter count and its inbound nodes; nested models are expanded.
 */
final class ModelJson {
  private static final List<String> PARAM_KEYS =
      List.of("params", "param_count", "num_params", "count_params", "parameters");
  private static final int METADATA_JSON_MAX = 120;

  /** One row of the layer table; {@code params}, {@code outputShape} and {@code connectedTo} are null when not given. */
  record Row(
      String name,
      String type,
      String outputShape,
      Long params,
      String connectedTo,
      int depth,
      String path) {}

  /** One weight listed in the JSON: variable name, element count, trainable or not. */
  record WeightEntry(String name, long size, boolean trainable) {}

  /**
   * The model's name and class, its layers in order (nested ones after their model), the weights the JSON lists (empty
   * when it lists none), and scalar metadata as {@code key: value}.
   */
  record Description(
      String name,
      String className,
      List<Row> rows,
      List<WeightEntry> weights,
      Map<String, String> metadata) {}

  private ModelJson() {}

  static Description describe(JsonNode root, String source) {
    JsonNode model = findModel(root);
    if (model == null) {
      throw new CliException(
          "'" + source + "' has no \"layers\" list (looked for {\"class_name\": ..., \"config\": "
              + "{\"layers\": [...]}} and {\"layers\": [...]} at any depth)");
    }
    JsonNode config = model.path("config").isObject() ? model.get("config") : model;
    String name = text(config, "name", text(model, "name", text(root, "name", "model")));
    String className = text(model, "class_name", text(model, "type", "Model"));
    List<Row> rows = new ArrayList<>();
    layers(config.get("layers"), 0, "", rows);
    return new Description(
        name, className, rows, weights(root.path("weights")), metadata(root, model));
  }

  private static JsonNode findModel(JsonNode root) {
    Deque<JsonNode> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      JsonNode n = queue.poll();
      if (!n.isObject()) continue;
      if (n.path("layers").isArray() || n.path("config").path("layers").isArray()) return n;
      n.elements().forEachRemaining(c -> {
        if (c.isObject()) queue.add(c);
      });
    }
    return null;
  }

  private static void layers(JsonNode list, int depth, String prefix, List<Row> rows) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode layer = list.get(i);
      JsonNode config = layer.path("config").isObject() ? layer.get("config") : layer;
      String name = text(layer, "name", text(config, "name", "layer_" + i));
      String type = text(layer, "class_name", text(layer, "type", text(layer, "class", "?")));
      JsonNode shape = first(layer, config, "output_shape");
      if (shape == null && type.equals("InputLayer"))
        shape = first(layer, config, "batch_shape", "batch_input_shape");
      rows.add(new Row(
          name,
          type,
          shape == null ? null : shape(shape),
          params(layer, config),
          inbound(layer.get("inbound_nodes")),
          depth,
          prefix + name));
      if (config.path("layers").isArray())
        layers(config.get("layers"), depth + 1, prefix + name + "/", rows);
    }
  }

  private static JsonNode first(JsonNode layer, JsonNode config, String... keys) {
    for (String k : keys) {
      if (layer.hasNonNull(k)) return layer.get(k);
      if (config.hasNonNull(k)) return config.get(k);
    }
    return null;
  }

  private static Long params(JsonNode layer, JsonNode config) {
    for (String k : PARAM_KEYS) {
      if (layer.path(k).isIntegralNumber()) return layer.get(k).asLong();
      if (config.path(k).isIntegralNumber()) return config.get(k).asLong();
    }
    return null;
  }

  /** {@code [[["dense", 0, 0], ...], ...]} (tfweave and tf.keras 2 node refs) as {@code dense[0][0], ...}. */
  private static String inbound(JsonNode nodes) {
    if (nodes == null || !nodes.isArray()) return null;
    List<String> refs = new ArrayList<>();
    for (JsonNode call : nodes) {
      for (JsonNode ref : call.isArray() ? call : List.<JsonNode>of()) {
        if (ref.isArray() && ref.size() >= 3)
          refs.add(ref.get(0).asText() + "[" + ref.get(1).asText() + "]["
              + ref.get(2).asText() + "]");
      }
    }
    return String.join(", ", refs);
  }

  private static List<WeightEntry> weights(JsonNode list) {
    List<WeightEntry> out = new ArrayList<>();
    if (!list.isArray()) return out;
    for (JsonNode w : list) {
      if (!w.path("name").isTextual() || !w.path("shape").isArray()) return List.of();
      long size = 1;
      for (JsonNode d : w.get("shape")) size *= Math.max(0, d.asLong());
      out.add(new WeightEntry(w.get("name").asText(), size, w.path("trainable").asBoolean(true)));
    }
    return out;
  }

  /** {@code [null, 4]} as {@code (None, 4)}; lists of shapes as {@code [(None, 4), (None, 2)]}. */
  static String shape(JsonNode s) {
    if (!s.isArray()) return s.asText();
    if (s.size() > 0 && s.get(0).isArray()) {
      List<String> parts = new ArrayList<>();
      s.forEach(x -> parts.add(shape(x)));
      return "[" + String.join(", ", parts) + "]";
    }
    List<String> dims = new ArrayList<>();
    s.forEach(d -> dims.add(d.isNull() || (d.isNumber() && d.asLong() < 0) ? "None" : d.asText()));
    return "(" + String.join(", ", dims) + (dims.size() == 1 ? ",)" : ")");
  }

  /** Top-level scalars and the members of top-level objects (short JSON for nested values), skipping the model. */
  private static Map<String, String> metadata(JsonNode root, JsonNode model) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v == model
          || (root == model
              && List.of("class_name", "module", "registered_name").contains(e.getKey()))) continue;
      if (v.isValueNode()) {
        out.put(e.getKey(), v.asText());
      } else if (v.isObject() && !v.has("layers") && !v.path("config").has("layers")) {
        v.fields().forEachRemaining(f -> {
          JsonNode x = f.getValue();
          String text = x.isValueNode() ? x.asText() : x.toString();
          if (text.length() <= METADATA_JSON_MAX) out.put(e.getKey() + "." + f.getKey(), text);
        });
      }
    }
    return out;
  }

  private static String text(JsonNode n, String key, String fallback) {
    JsonNode v = n.get(key);
    return v != null && v.isValueNode() && !v.isNull() ? v.asText() : fallback;
  }
}
