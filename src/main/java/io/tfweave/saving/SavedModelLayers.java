package io.tfweave.saving;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the SavedModel wrapper layer with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class SavedModelLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of("SavedModelLayer", SavedModelLayer::fromConfig);
  }
}
