package io.tfweave.layers;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Maps Keras class names to factories that rebuild layers from their configs (used when loading a saved model). */
public final class LayerRegistry {
  private static final Map<String, Function<Map<String, Object>, Layer>> FACTORIES = new ConcurrentHashMap<>();
  private static final String[] FAMILIES = {
    "io.tfweave.layers.ConvolutionLayers", "io.tfweave.layers.QuadraticLayers", "io.tfweave.layers.RecurrentLayers",
    "io.tfweave.layers.PreprocessingLayers", "io.tfweave.blocks.Blocks", "io.tfweave.saving.SavedModelLayers"
  };

  static {
    register("Dense", Dense::fromConfig);
    register("Activation", ActivationLayer::fromConfig);
    register("Flatten", Flatten::fromConfig);
    register("Reshape", Reshape::fromConfig);
    register("Dropout", Dropout::fromConfig);
    register("Embedding", Embedding::fromConfig);
    register("Add", Add::fromConfig);
    register("Multiply", Multiply::fromConfig);
    register("Subtract", Subtract::fromConfig);
    register("Average", Average::fromConfig);
    register("Concatenate", Concatenate::fromConfig);
    // Families of layers kept in their own files register themselves through a static register() method.
    for (String family : FAMILIES) {
      try {
        Class.forName(family).getMethod("register").invoke(null);
      } catch (ClassNotFoundException e) {
        // family not part of this build
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Could not register layers of " + family, e);
      }
    }
  }

  private LayerRegistry() {}

  /** Registers a factory for a Keras class name (replacing any earlier one). */
  public static void register(String className, Function<Map<String, Object>, Layer> factory) {
    FACTORIES.put(className, factory);
  }

  /** Rebuilds a layer from its class name and config. */
  public static Layer fromConfig(String className, Map<String, Object> config) {
    Function<Map<String, Object>, Layer> f = FACTORIES.get(className);
    if (f == null) {
      throw new IllegalArgumentException("Unknown layer class '" + className + "'. Known: " + new TreeMap<>(FACTORIES).keySet());
    }
    return f.apply(config);
  }
}
