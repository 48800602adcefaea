package io.tfweave.models;

import io.tfweave.layers.Layer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Hands out Keras-style default layer names unique within one model: {@code dense}, {@code dense_1}, ... */
final class LayerNames {
  private final Set<String> taken = new HashSet<>();
  private final Map<String, Integer> counters = new HashMap<>();

  /** Reserves an explicit name; false if it is already taken. */
  boolean reserve(String name) {
    return taken.add(name);
  }

  /** Names {@code layer} after its class unless it already has a name. */
  void nameIfUnnamed(Layer layer) {
    if (layer.name() != null) return;
    String base = layer.defaultBaseName();
    String candidate = base;
    int k = counters.getOrDefault(base, 0);
    while (taken.contains(candidate)) candidate = base + "_" + (++k);
    counters.put(base, k);
    taken.add(candidate);
    layer.nameIfUnnamed(candidate);
  }
}
