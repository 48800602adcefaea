package io.tfweave.layers.recurrent;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the recurrent layers and their wrappers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class RecurrentLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "LSTM", LSTM::fromConfig,
        "GRU", GRU::fromConfig,
        "SimpleRNN", SimpleRNN::fromConfig,
        "Bidirectional", Bidirectional::fromConfig,
        "TimeDistributed", TimeDistributed::fromConfig);
  }
}
