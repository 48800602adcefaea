package io.tfweave.layers.merging;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the merging layers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class MergingLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "Add", Add::fromConfig,
        "Multiply", Multiply::fromConfig,
        "Subtract", Subtract::fromConfig,
        "Average", Average::fromConfig,
        "Concatenate", Concatenate::fromConfig);
  }
}
