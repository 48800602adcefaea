package io.tfweave.saving;

import io.tfweave.layers.LayerRegistry;

/** Registers the saving package's layers with {@link LayerRegistry} (called by the registry through reflection). */
public final class SavedModelLayers {
  private SavedModelLayers() {}

  /** Registers {@code SavedModelLayer}. */
  public static void register() { LayerRegistry.register("SavedModelLayer", SavedModelLayer::fromConfig); }
}
