package io.tfweave.blocks;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the composite blocks with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class Blocks implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "ResidualBlock", ResidualBlock::fromConfig,
        "TransformerEncoder", TransformerEncoder::fromConfig,
        "TokenAndPositionEmbedding", TokenAndPositionEmbedding::fromConfig);
  }
}
