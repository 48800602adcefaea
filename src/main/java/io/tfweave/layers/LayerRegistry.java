package io.tfweave.layers;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Maps Keras class names to factories that rebuild layers from their configs (used when loading a saved model). The
 * factories come from every {@link LayerProvider} that {@link ServiceLoader} finds, plus those registered by hand with
 * {@link #register}; a load may also pass its own ({@link #fromConfig(String, Map, Map)}, Keras's {@code custom_objects}).
 */
public final class LayerRegistry {
  private static final Map<String, Function<Map<String, Object>, Layer>> FACTORIES =
      new ConcurrentHashMap<>();

  static {
    for (LayerProvider p :
        ServiceLoader.load(LayerProvider.class, LayerRegistry.class.getClassLoader())) {
      FACTORIES.putAll(p.layers());
    }
  }

  private LayerRegistry() {}

  /** Registers a factory for a Keras class name (replacing any earlier one). */
  public static void register(String className, Function<Map<String, Object>, Layer> factory) {
    FACTORIES.put(className, factory);
  }

  /** The class names that can be rebuilt, sorted. */
  public static java.util.Set<String> known() {
    return new TreeMap<>(FACTORIES).keySet();
  }

  /** Rebuilds a layer from its class name and config. */
  public static Layer fromConfig(String className, Map<String, Object> config) {
    return fromConfig(className, config, Map.of());
  }

  /**
   * Rebuilds a layer from its class name and config, looking in {@code customObjects} first (Keras's {@code
   * custom_objects}: class name to factory).
   */
  public static Layer fromConfig(
      String className,
      Map<String, Object> config,
      Map<String, Function<Map<String, Object>, Layer>> customObjects) {
    Function<Map<String, Object>, Layer> f =
        customObjects.getOrDefault(className, FACTORIES.get(className));
    if (f == null) {
      throw new IllegalArgumentException(
          "Unknown layer class '" + className + "'. Known: " + known()
              + ". If it is your own layer, register it: implement io.tfweave.layers.LayerProvider and list it in "
              + "META-INF/services/io.tfweave.layers.LayerProvider, call LayerRegistry.register(\""
              + className
              + "\", factory), or pass it in customObjects.");
    }
    return f.apply(config);
  }
}
