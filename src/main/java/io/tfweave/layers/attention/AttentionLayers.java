package io.tfweave.layers.attention;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the attention layers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class AttentionLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "MultiHeadAttention", MultiHeadAttention::fromConfig,
        "Attention", Attention::fromConfig,
        "AdditiveAttention", AdditiveAttention::fromConfig);
  }
}
