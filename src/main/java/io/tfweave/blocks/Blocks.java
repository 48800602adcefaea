package io.tfweave.blocks;

import io.tfweave.layers.LayerRegistry;

/** Registers the composite blocks of this package with {@link LayerRegistry}; called by the registry. */
public final class Blocks {
  private Blocks() {}

  /** Registers {@code ResidualBlock}. */
  public static void register() { LayerRegistry.register("ResidualBlock", ResidualBlock::fromConfig); }
}
