package io.tfweave.layers;

/**
 * Registers the image (convolutional) layer family with {@link LayerRegistry}, so that saved configs naming them can be
 * rebuilt: convolutions, batch normalization, pooling, padding, up-sampling and {@code ReLU}. Called by the registry.
 */
public final class ConvolutionLayers {
  private ConvolutionLayers() {}

  /** Registers every layer of the family under its Keras class name. */
  public static void register() {
    LayerRegistry.register("Conv2D", Conv2D::fromConfig);
    LayerRegistry.register("DepthwiseConv2D", DepthwiseConv2D::fromConfig);
    LayerRegistry.register("SeparableConv2D", SeparableConv2D::fromConfig);
    LayerRegistry.register("Conv2DTranspose", Conv2DTranspose::fromConfig);
    LayerRegistry.register("BatchNormalization", BatchNormalization::fromConfig);
    LayerRegistry.register("MaxPooling2D", MaxPooling2D::fromConfig);
    LayerRegistry.register("AveragePooling2D", AveragePooling2D::fromConfig);
    LayerRegistry.register("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
    LayerRegistry.register("GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig);
    LayerRegistry.register("ZeroPadding2D", ZeroPadding2D::fromConfig);
    LayerRegistry.register("UpSampling2D", UpSampling2D::fromConfig);
    LayerRegistry.register("ReLU", ReLU::fromConfig);
  }
}
