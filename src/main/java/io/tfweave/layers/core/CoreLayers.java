package io.tfweave.layers.core;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the core layers (Dense, Embedding, Lambda, Masking, Identity) with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class CoreLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "Dense", Dense::fromConfig,
        "Embedding", Embedding::fromConfig,
        "Lambda", Lambda::fromConfig,
        "Masking", Masking::fromConfig,
        "Identity", Identity::fromConfig);
  }
}
