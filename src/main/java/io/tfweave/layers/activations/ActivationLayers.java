package io.tfweave.layers.activations;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the activation layers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class ActivationLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "Activation", ActivationLayer::fromConfig,
        "ReLU", ReLU::fromConfig);
  }
}
