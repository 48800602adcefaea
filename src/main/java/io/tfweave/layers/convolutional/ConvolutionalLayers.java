package io.tfweave.layers.convolutional;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the convolution layers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class ConvolutionalLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "Conv1D", Conv1D::fromConfig,
        "Conv2D", Conv2D::fromConfig,
        "DepthwiseConv2D", DepthwiseConv2D::fromConfig,
        "SeparableConv2D", SeparableConv2D::fromConfig,
        "Conv2DTranspose", Conv2DTranspose::fromConfig,
        "Conv1DTranspose", Conv1DTranspose::fromConfig,
        "SeparableConv1D", SeparableConv1D::fromConfig);
  }
}
