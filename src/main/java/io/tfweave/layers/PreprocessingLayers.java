package io.tfweave.layers;

/**
 * Registers the image preprocessing and augmentation layers with {@link LayerRegistry}: {@code Rescaling},
 * {@code Resizing} and the {@link Augmentation} layers. Called by the registry.
 */
public final class PreprocessingLayers {
  private PreprocessingLayers() {}

  /** Registers every layer of the family under its Keras class name. */
  public static void register() {
    LayerRegistry.register("Rescaling", Rescaling::fromConfig);
    LayerRegistry.register("Resizing", Resizing::fromConfig);
    LayerRegistry.register("RandomFlip", RandomFlip::fromConfig);
    LayerRegistry.register("RandomRotation", RandomRotation::fromConfig);
    LayerRegistry.register("RandomZoom", RandomZoom::fromConfig);
    LayerRegistry.register("RandomTranslation", RandomTranslation::fromConfig);
    LayerRegistry.register("RandomContrast", RandomContrast::fromConfig);
    LayerRegistry.register("RandomCrop", RandomCrop::fromConfig);
    LayerRegistry.register("RandomResizedCrop", RandomResizedCrop::fromConfig);
  }
}
