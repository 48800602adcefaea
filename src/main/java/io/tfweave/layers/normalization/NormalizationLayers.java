package io.tfweave.layers.normalization;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the normalization layers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class NormalizationLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "BatchNormalization", BatchNormalization::fromConfig,
        "LayerNormalization", LayerNormalization::fromConfig,
        "UnitNormalization", UnitNormalization::fromConfig,
        "GroupNormalization", GroupNormalization::fromConfig);
  }
}
