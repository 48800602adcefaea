package io.tfweave.layers;

import java.util.Map;
import java.util.function.Function;

/**
 * A service that tells {@link LayerRegistry} how to rebuild layers from their saved configs, found with {@link
 * java.util.ServiceLoader}: every layer family of tfweave registers this way, and so can a user's own layers.
 *
 * <p>To register your layers, implement this interface and name the class in {@code
 * META-INF/services/io.tfweave.layers.LayerProvider} (class path) or with {@code provides io.tfweave.layers.LayerProvider
 * with ...} in your {@code module-info.java}. {@code Model.load} of a model holding such a layer then works once the
 * provider is on the class path. For a one-off, pass the factories directly (Keras's {@code custom_objects}).
 */
public interface LayerProvider {
  /** The factories of this provider, keyed by the Keras class name that a config's {@code class_name} holds. */
  Map<String, Function<Map<String, Object>, Layer>> layers();
}
