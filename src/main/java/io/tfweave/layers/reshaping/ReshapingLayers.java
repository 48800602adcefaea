package io.tfweave.layers.reshaping;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the reshaping layers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class ReshapingLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "Flatten", Flatten::fromConfig,
        "Reshape", Reshape::fromConfig,
        "ZeroPadding2D", ZeroPadding2D::fromConfig,
        "UpSampling2D", UpSampling2D::fromConfig,
        "UpSampling1D", UpSampling1D::fromConfig,
        "ZeroPadding1D", ZeroPadding1D::fromConfig,
        "Cropping1D", Cropping1D::fromConfig,
        "Cropping2D", Cropping2D::fromConfig,
        "Permute", Permute::fromConfig,
        "RepeatVector", RepeatVector::fromConfig);
  }
}
