package io.tfweave.layers.regularization;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the regularization layers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class RegularizationLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of("Dropout", Dropout::fromConfig);
  }
}
