package io.tfweave.layers.internal;

import io.tfweave.activations.Activation;
import io.tfweave.activations.Activations;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerRegistry;
import io.tfweave.mixedprecision.DTypePolicy;
import io.tfweave.regularizers.Regularizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and writing Keras-style layer configs (snake_case keys, {@code class_name}/{@code config} objects). */
public final class Configs {
  private Configs() {}

  /** {@code {"class_name": "GlorotUniform", "config": {...}}}. */
  public static Map<String, Object> initializer(Initializer i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("class_name", i.kerasName());
    m.put("config", new LinkedHashMap<>(i.config()));
    return m;
  }

  /** A regularizer's config, or null. */
  public static Map<String, Object> regularizer(Regularizer r) {
    return r == null ? null : r.config();
  }

  /** Reads an initializer config (class name only, plus RandomUniform/RandomNormal/Constant parameters). */
  @SuppressWarnings("unchecked")
  public static Initializer initializer(Map<String, Object> c, String key, Initializer fallback) {
    Object v = c.get(key);
    if (v == null) return fallback;
    if (v instanceof String s) return Initializers.byName(s);
    Map<String, Object> m = (Map<String, Object>) v;
    String cls = (String) m.get("class_name");
    Map<String, Object> cfg =
        m.get("config") == null ? Map.of() : (Map<String, Object>) m.get("config");
    return switch (cls) {
      case "RandomUniform" -> Initializers.randomUniform(
          num(cfg, "minval", -0.05), num(cfg, "maxval", 0.05));
      case "RandomNormal" -> Initializers.randomNormal(
          num(cfg, "mean", 0), num(cfg, "stddev", 0.05));
      case "TruncatedNormal" -> Initializers.truncatedNormal(
          num(cfg, "mean", 0), num(cfg, "stddev", 0.05));
      case "Constant" -> Initializers.constant(num(cfg, "value", 0));
      default -> Initializers.byName(cls);
    };
  }

  /** Reads a regularizer config or null. */
  @SuppressWarnings("unchecked")
  public static Regularizer regularizer(Map<String, Object> c, String key) {
    Object v = c.get(key);
    return v == null ? null : Regularizer.fromConfig((Map<String, Object>) v);
  }

  /** Reads an activation name (default linear). */
  public static Activation activation(Map<String, Object> c, String key) {
    Object v = c.get(key);
    return v == null ? Activation.LINEAR : Activations.byName(v.toString());
  }

  /** Reads a required integer. */
  public static int integer(Map<String, Object> c, String key) {
    Object v = c.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("Config is missing integer '" + key + "'. Received: " + c);
    }
    return n.intValue();
  }

  /** Reads a number with a default. */
  public static double num(Map<String, Object> c, String key, double fallback) {
    Object v = c.get(key);
    return v instanceof Number n ? n.doubleValue() : fallback;
  }

  /** Reads a boolean with a default. */
  public static boolean bool(Map<String, Object> c, String key, boolean fallback) {
    Object v = c.get(key);
    return v instanceof Boolean b ? b : fallback;
  }

  /** Reads a list of integers (e.g. a kernel size or target shape). */
  public static long[] longs(Map<String, Object> c, String key) {
    Object v = c.get(key);
    if (v instanceof Number n) return new long[] {n.longValue()};
    List<?> l = (List<?>) v;
    long[] r = new long[l.size()];
    for (int i = 0; i < r.length; i++)
      r[i] = l.get(i) == null ? -1 : ((Number) l.get(i)).longValue();
    return r;
  }

  /** Applies the common keys (name, trainable, and a layer's dtype policy). */
  public static <L extends Layer> L common(L layer, Map<String, Object> c) {
    if (c.get("name") != null) layer.named((String) c.get("name"));
    layer.setTrainable(bool(c, "trainable", true));
    DTypePolicy policy = DTypePolicy.fromConfigOrNull(c.get("dtype"));
    if (policy != null && !(layer instanceof Input)) layer.dtype(policy);
    return layer;
  }

  /** A wrapper's {@code layer} entry: {@code {"class_name": ..., "config": ...}} of the wrapped layer. */
  public static Map<String, Object> wrapped(Layer layer) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("class_name", layer.className());
    inner.put("config", layer.config());
    return inner;
  }

  /** Rebuilds the layer of a wrapper's {@code layer} entry ({@code {"class_name": ..., "config": ...}}). */
  @SuppressWarnings("unchecked")
  public static Layer unwrapped(Object inner) {
    Map<String, Object> m = (Map<String, Object>) inner;
    return LayerRegistry.fromConfig(
        (String) m.get("class_name"), (Map<String, Object>) m.get("config"));
  }
}
