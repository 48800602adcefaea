package io.tfweave.layers.pooling;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the pooling layers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class PoolingLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "MaxPooling2D", MaxPooling2D::fromConfig,
        "AveragePooling2D", AveragePooling2D::fromConfig,
        "GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig,
        "GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig,
        "MaxPooling1D", MaxPooling1D::fromConfig,
        "AveragePooling1D", AveragePooling1D::fromConfig,
        "GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig,
        "GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig);
  }
}
