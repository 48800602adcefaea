package io.tfweave.layers;

/**
 * Registers the sequence and preprocessing layers for config round trips: LSTM, GRU, SimpleRNN, Bidirectional,
 * TimeDistributed, Masking, Normalization, Discretization and CategoryEncoding. {@link LayerRegistry} calls
 * {@link #register()} when it loads.
 */
public final class RecurrentLayers {
  private RecurrentLayers() {}

  /** Adds the factories to {@link LayerRegistry}. */
  public static void register() {
    LayerRegistry.register("LSTM", LSTM::fromConfig);
    LayerRegistry.register("GRU", GRU::fromConfig);
    LayerRegistry.register("SimpleRNN", SimpleRNN::fromConfig);
    LayerRegistry.register("Bidirectional", Bidirectional::fromConfig);
    LayerRegistry.register("TimeDistributed", TimeDistributed::fromConfig);
    LayerRegistry.register("Masking", Masking::fromConfig);
    LayerRegistry.register("Normalization", Normalization::fromConfig);
    LayerRegistry.register("Discretization", Discretization::fromConfig);
    LayerRegistry.register("CategoryEncoding", CategoryEncoding::fromConfig);
  }
}
