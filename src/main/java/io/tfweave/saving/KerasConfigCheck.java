package io.tfweave.saving;

import io.tfweave.layers.Layer;
import io.tfweave.models.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that a model rebuilt from a Keras 3 config honours every option of it. For each layer, each key of Keras's
 * config is compared with the rebuilt layer's own {@code config()}: a key both have must agree (numbers to 1e-6, a
 * number equals a list of that number, {@code DTypePolicy} objects by name, initializers not compared because the
 * weights are loaded); a key tfweave does not have must hold Keras's default (null, false, an empty list, or the
 * default in {@link #KERAS_DEFAULTS}). Every disagreement is collected and reported in one error.
 */
final class KerasConfigCheck {
  /** Keras 3 defaults of options that tfweave's layers do not have (they change nothing when at these values). */
  static final Map<String, Object> KERAS_DEFAULTS = Map.ofEntries(
      Map.entry("data_format", "channels_last"),
      Map.entry("groups", 1),
      Map.entry("dilation_rate", List.of(1, 1)),
      Map.entry("renorm_momentum", 0.99),
      Map.entry("use_cudnn", "auto"),
      Map.entry("implementation", 2),
      Map.entry("input_dim", -1));

  private KerasConfigCheck() {}

  @SuppressWarnings("unchecked")
  static void check(Path file, Map<String, Object> keras, Model model) {
    Map<String, Layer> byName = new HashMap<>();
    for (Layer l : model.allLayers()) byName.put(l.name(), l);
    List<String> problems = new ArrayList<>();
    walk((Map<String, Object>) keras.get("config"), byName, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot load " + file + ": tfweave does not support " + String.join("; ", problems)
              + ". Change these options in Keras (or drop them) and save again.");
    }
  }

  @SuppressWarnings("unchecked")
  private static void walk(
      Map<String, Object> modelConfig, Map<String, Layer> byName, List<String> problems) {
    for (Object o : (List<Object>) modelConfig.get("layers")) {
      Map<String, Object> e = (Map<String, Object>) o;
      String cls = String.valueOf(e.get("class_name"));
      Map<String, Object> kc = (Map<String, Object>) e.get("config");
      if (cls.equals("Sequential") || cls.equals("Functional")) {
        walk(kc, byName, problems);
        continue;
      }
      if (cls.equals("InputLayer")) {
        for (String k : List.of("sparse", "ragged", "optional")) {
          if (Boolean.TRUE.equals(kc.get(k)))
            problems.add("InputLayer '" + kc.get("name") + "' option " + k + "=true");
        }
        continue;
      }
      Layer l = byName.get(String.valueOf(kc.get("name")));
      if (l == null) {
        problems.add("layer '" + kc.get("name") + "' (" + cls + ") was not rebuilt");
        continue;
      }
      Map<String, Object> ours = new HashMap<>(l.config());
      ours.putIfAbsent("dtype", l.dtypePolicy().name());
      for (Map.Entry<String, Object> k : kc.entrySet()) {
        String key = k.getKey();
        Object v = k.getValue();
        // Bidirectional's backward_layer: tfweave builds it from "layer" with go_backwards flipped,
        // as Keras does
        if (key.equals("backward_layer") && mirrors(v, kc.get("layer"))) continue;
        if (KerasModelFile.isBookkeeping(key)
            || key.endsWith("_initializer")
            || key.equals("trainable")) continue;
        if (ours.containsKey(key)) {
          if (!same(v, ours.get(key))) {
            problems.add("layer " + KerasModelFile.who(l) + " option " + key + "=" + show(v)
                + " (tfweave read " + show(ours.get(key)) + ")");
          }
        } else if (!isDefault(key, v)) {
          problems.add("layer " + KerasModelFile.who(l) + " option " + key + "=" + show(v));
        }
      }
    }
  }

  /** Whether a Keras backward_layer config is the forward layer's with go_backwards flipped (names aside). */
  @SuppressWarnings("unchecked")
  private static boolean mirrors(Object backward, Object forward) {
    if (!(backward instanceof Map<?, ?> b) || !(forward instanceof Map<?, ?> f)) return false;
    if (!Objects.equals(b.get("class_name"), f.get("class_name"))) return false;
    Map<String, Object> bc = new HashMap<>((Map<String, Object>) b.get("config"));
    Map<String, Object> fc = new HashMap<>((Map<String, Object>) f.get("config"));
    if (Objects.equals(bc.get("go_backwards"), fc.get("go_backwards"))) return false;
    for (Map<String, Object> c : List.of(bc, fc)) {
      c.remove("name");
      c.remove("go_backwards");
      c.keySet()
          .removeIf(
              k -> k.endsWith("_initializer")); // Keras gives the copy fresh initializer objects
    }
    java.util.Set<String> keys = new java.util.HashSet<>(bc.keySet());
    keys.addAll(fc.keySet());
    for (String k : keys) if (!same(bc.get(k), fc.get(k))) return false;
    return true;
  }

  private static boolean isDefault(String key, Object v) {
    if (v == null || Boolean.FALSE.equals(v)) return true;
    if (v instanceof List<?> l && l.isEmpty()) return true;
    if (v instanceof Map<?, ?> m && m.isEmpty()) return true;
    return KERAS_DEFAULTS.containsKey(key) && same(v, KERAS_DEFAULTS.get(key));
  }

  @SuppressWarnings("unchecked")
  static boolean same(Object keras, Object ours) {
    keras = normal(keras);
    ours = normal(ours);
    if (keras instanceof Number a && ours instanceof Number b) {
      return Math.abs(a.doubleValue() - b.doubleValue())
          <= 1e-6 * Math.max(1, Math.abs(a.doubleValue()));
    }
    if (keras instanceof Number a && ours instanceof List<?> l)
      return l.stream().allMatch(x -> same(a, x));
    if (keras instanceof List<?> l && ours instanceof Number b)
      return l.stream().allMatch(x -> same(x, b));
    if (keras instanceof List<?> a && ours instanceof List<?> b) {
      if (a.size() != b.size()) return false;
      for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i))) return false;
      return true;
    }
    if (keras instanceof Map<?, ?> a && ours instanceof Map<?, ?> b) {
      if (!Objects.equals(a.get("class_name"), b.get("class_name"))) return false;
      Map<String, Object> ac = (Map<String, Object>) a.get("config");
      Map<String, Object> bc = (Map<String, Object>) b.get("config");
      if (ac == null || bc == null) return true;
      for (Map.Entry<String, Object> e : ac.entrySet()) {
        if (bc.containsKey(e.getKey()) && !same(e.getValue(), bc.get(e.getKey()))) return false;
      }
      return true;
    }
    if (keras instanceof String a && ours != null) return a.equalsIgnoreCase(ours.toString());
    return Objects.equals(keras, ours);
  }

  /** A {@code DTypePolicy} object as its name; a Java array as a list; enums and other objects as strings. */
  @SuppressWarnings("unchecked")
  private static Object normal(Object v) {
    if (v instanceof Map<?, ?> m && "DTypePolicy".equals(m.get("class_name"))) {
      return ((Map<String, Object>) m.get("config")).get("name");
    }
    if (v instanceof long[] a) return java.util.Arrays.stream(a).boxed().toList();
    if (v instanceof int[] a) return java.util.Arrays.stream(a).boxed().toList();
    if (v instanceof Enum<?> en) return en.name();
    return v;
  }

  private static String show(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(normal(v));
  }
}
