package io.tfweave.saving;

import io.tfweave.layers.LayerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a Keras 2 / tf_keras model config (the {@code model_config} of a legacy {@code .h5} file) into Keras 3's
 * keys, which {@link KerasModelFile#toTfweave} and {@link KerasConfigCheck} read. What differs: {@code InputLayer}'s
 * {@code batch_input_shape} is Keras 3's {@code batch_shape} (on any other layer it is dropped: the input layer carries the
 * shape; a Sequential model without an input layer gets one from its first layer's), a model class {@code Model} is
 * {@code Functional}, a mixed-precision {@code Policy} is a {@code DTypePolicy}, {@code Embedding}'s {@code
 * input_length} is dropped (a static shape hint) and an RNN's {@code time_major} must be false (Keras 3 has no time-major
 * RNNs). Inbound nodes keep Keras 2's {@code [[layer, node, index, kwargs], ...]} form; a non-empty {@code kwargs} is
 * refused; Keras 2's node numbers of a nested model (which count its own construction as node 0) are shifted to Keras
 * 3's. Every layer class must be one tfweave has: unknown ones are listed together, by layer name.
 */
final class KerasLegacyConfig {
  private KerasLegacyConfig() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> toKeras3(Map<String, Object> keras2, Path file) {
    String cls = String.valueOf(keras2.get("class_name"));
    if (cls.equals("Model")) cls = "Functional";
    if (!(keras2.get("config") instanceof Map<?, ?> raw)) {
      throw new IllegalArgumentException(
          file + ": model_config has no config object (class_name " + cls + ")");
    }
    List<String> unknown = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, Object> out = model(cls, (Map<String, Object>) raw, unknown, problems);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Cannot load " + file + ": tfweave has no layer class for "
          + unknown + ". Known layer classes: " + LayerRegistry.known()
          + ". Replace these layers in Keras, or register your own (LayerRegistry.register).");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot load " + file + ": tfweave does not support " + String.join("; ", problems)
              + ". Change these options in Keras (or drop them) and save again.");
    }
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("class_name", cls);
    top.put("config", out);
    return top;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> model(
      String cls, Map<String, Object> config, List<String> unknown, List<String> problems) {
    Map<String, Object> c = new LinkedHashMap<>(config);
    List<Object> layers = new ArrayList<>();
    Object rawLayers = c.get("layers");
    for (Object o : rawLayers instanceof List<?> l ? l : List.of()) {
      Map<String, Object> e = new LinkedHashMap<>((Map<String, Object>) o);
      String lcls = String.valueOf(e.get("class_name"));
      if (lcls.equals("Model")) lcls = "Functional";
      e.put("class_name", lcls);
      Map<String, Object> lc = new LinkedHashMap<>((Map<String, Object>) e.get("config"));
      String name = String.valueOf(lc.get("name"));
      e.putIfAbsent("name", name);
      if (cls.equals("Sequential") && layers.isEmpty() && !lcls.equals("InputLayer")) {
        if (!(lc.get("batch_input_shape") instanceof List<?> shape)) {
          problems.add("Sequential model '" + c.get("name") + "' without an input shape (its first"
              + " layer '" + name + "' has no batch_input_shape)");
        } else {
          Map<String, Object> in = new LinkedHashMap<>();
          in.put("batch_shape", shape);
          in.put("dtype", lc.getOrDefault("dtype", "float32"));
          in.put("name", name + "_input");
          layers.add(Map.of("class_name", "InputLayer", "config", in));
        }
      }
      if (lcls.equals("Sequential") || lcls.equals("Functional")) {
        lc = model(lcls, lc, unknown, problems);
      } else {
        layer(lcls, name, lc, unknown, problems);
      }
      e.put("config", lc);
      if (e.get("inbound_nodes") instanceof List<?> nodes) {
        for (Object n : nodes) kwargs(name, n, problems);
      }
      layers.add(e);
    }
    c.put("layers", layers);
    shiftNestedModelNodes(c);
    return c;
  }

  /**
   * Keras 2 counts a nested model's own construction (its input layer feeding it) as node 0, so the first call inside
   * the outer model is node 1 (tf_keras's {@code _should_skip_first_node}); Keras 3 and tfweave count calls from 0. The
   * references to such nested models are shifted down by one.
   */
  @SuppressWarnings("unchecked")
  private static void shiftNestedModelNodes(Map<String, Object> c) {
    java.util.Set<String> nested = new java.util.HashSet<>();
    for (Object o : (List<Object>) c.get("layers")) {
      Map<String, Object> e = (Map<String, Object>) o;
      Object cls = e.get("class_name");
      Map<String, Object> lc = (Map<String, Object>) e.get("config");
      boolean hasInput = "Functional".equals(cls)
          || ("Sequential".equals(cls)
              && lc.get("layers") instanceof List<?> l
              && !l.isEmpty()
              && l.get(0) instanceof Map<?, ?> first
              && "InputLayer".equals(first.get("class_name")));
      if (hasInput) nested.add(String.valueOf(e.get("name")));
    }
    if (nested.isEmpty()) return;
    for (Object o : (List<Object>) c.get("layers")) {
      Map<String, Object> e = (Map<String, Object>) o;
      if (e.get("inbound_nodes") instanceof List<?> nodes) {
        List<Object> out = new ArrayList<>();
        for (Object n : nodes) out.add(shifted((List<Object>) n, nested));
        e.put("inbound_nodes", out);
      }
    }
    for (String k : List.of("input_layers", "output_layers")) {
      if (c.get(k) instanceof List<?> refs && !refs.isEmpty() && refs.get(0) instanceof List<?>) {
        c.put(k, shifted((List<Object>) refs, nested));
      } else if (c.get(k) instanceof List<?> ref && !ref.isEmpty()) {
        c.put(k, shifted(List.<Object>of(ref), nested).get(0));
      }
    }
  }

  private static List<Object> shifted(List<Object> refs, java.util.Set<String> nested) {
    List<Object> out = new ArrayList<>();
    for (Object r : refs) {
      List<Object> ref = new ArrayList<>((List<?>) r);
      if (nested.contains(String.valueOf(ref.get(0))) && ref.get(1) instanceof Number n) {
        ref.set(1, n.intValue() - 1);
      }
      out.add(ref);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void layer(
      String cls,
      String name,
      Map<String, Object> lc,
      List<String> unknown,
      List<String> problems) {
    if (cls.equals("InputLayer")) {
      Object shape = lc.remove("batch_input_shape");
      if (shape != null) lc.putIfAbsent("batch_shape", shape);
    } else {
      if (!LayerRegistry.known().contains(cls)) unknown.add("'" + name + "' (" + cls + ")");
      lc.remove("batch_input_shape");
    }
    if (lc.get("dtype") instanceof Map<?, ?> policy && "Policy".equals(policy.get("class_name"))) {
      lc.put("dtype", Map.of("class_name", "DTypePolicy", "config", policy.get("config")));
    }
    if (cls.equals("Embedding")) lc.remove("input_length");
    if (lc.containsKey("time_major")) {
      if (Boolean.TRUE.equals(lc.get("time_major")))
        problems.add("layer '" + name + "' (" + cls + ") option time_major=true");
      lc.remove("time_major");
    }
    for (String k : List.of("layer", "backward_layer")) {
      if (lc.get(k) instanceof Map<?, ?> inner && inner.get("config") instanceof Map<?, ?> ic) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) ic);
        String icls = String.valueOf(inner.get("class_name"));
        layer(icls, String.valueOf(copy.get("name")), copy, unknown, problems);
        lc.put(k, Map.of("class_name", icls, "config", copy));
      }
    }
  }

  private static void kwargs(String layer, Object node, List<String> problems) {
    if (!(node instanceof List<?> refs)) return;
    for (Object r : refs) {
      if (r instanceof List<?> ref && ref.size() > 3 && ref.get(3) instanceof Map<?, ?> kw) {
        for (Map.Entry<?, ?> k : kw.entrySet()) {
          if (k.getValue() != null
              && !k.getKey().equals("training")
              && !k.getKey().equals("mask")) {
            problems.add("layer '" + layer + "' called with the keyword argument " + k.getKey()
                + "=" + k.getValue() + " (tfweave's functional models do not pass it)");
          }
        }
      }
    }
  }
}
