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
 * Reads a model description from {@code assets/model.json} generically: the first object (searched breadth-first) with a
 * {@code layers} list, directly or under {@code config}, as Keras's {@code model.to_json()} and tfweave's configs nest it.
 * Each layer gives {@code class_name}, a name ({@code config.name} or {@code name}), and when present an output shape and
 * a parameter count; nested models are expanded.
 */
final class ModelJson {
  private static final List<String> PARAM_KEYS = List.of("params", "param_count", "num_params", "count_params", "parameters");

  /** One row of the layer table; {@code params} is null when the JSON does not say. */
  record Row(String name, String type, String outputShape, Long params, int depth, String path) {}

  /** The model's name and class, its layers in order (nested ones after their model), and top-level scalar metadata. */
  record Description(String name, String className, List<Row> rows, Map<String, String> metadata) {}

  private ModelJson() {}

  static Description describe(JsonNode root, String source) {
    JsonNode model = findModel(root);
    if (model == null) {
      throw new CliException("'" + source + "' has no \"layers\" list (looked for {\"class_name\": ..., \"config\": "
          + "{\"layers\": [...]}} and {\"layers\": [...]} at any depth)");
    }
    JsonNode config = model.path("config").isObject() ? model.get("config") : model;
    String name = text(config, "name", text(model, "name", text(root, "name", "model")));
    String className = text(model, "class_name", text(model, "type", "Model"));
    List<Row> rows = new ArrayList<>();
    layers(config.get("layers"), 0, "", rows);
    return new Description(name, className, rows, metadata(root, model));
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
      String name = text(config, "name", text(layer, "name", "layer_" + i));
      String type = text(layer, "class_name", text(layer, "type", text(layer, "class", "?")));
      JsonNode shape = first(layer, config, "output_shape");
      if (shape == null && type.equals("InputLayer")) shape = first(layer, config, "batch_shape", "batch_input_shape");
      rows.add(new Row(name, type, shape == null ? null : shape(shape), params(layer, config), depth, prefix + name));
      if (config.path("layers").isArray()) layers(config.get("layers"), depth + 1, prefix + name + "/", rows);
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

  private static Map<String, String> metadata(JsonNode root, JsonNode model) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v == model || (root == model && List.of("class_name", "module", "registered_name").contains(e.getKey()))) continue;
      if (v.isValueNode()) {
        out.put(e.getKey(), v.asText());
      } else if (v.isObject() && !v.has("layers") && !v.path("config").has("layers")) {
        v.fields().forEachRemaining(f -> {
          if (f.getValue().isValueNode()) out.put(e.getKey() + "." + f.getKey(), f.getValue().asText());
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
