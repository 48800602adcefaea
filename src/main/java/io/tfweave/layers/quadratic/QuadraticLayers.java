package io.tfweave.layers.quadratic;

import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerProvider;
import java.util.Map;
import java.util.function.Function;

/** Registers the second-order layers with {@link io.tfweave.layers.LayerRegistry} (a {@link LayerProvider} service). */
public final class QuadraticLayers implements LayerProvider {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> layers() {
    return Map.of(
        "QuadraticDense", QuadraticDense::fromConfig,
        "QuadraticConv2D", QuadraticConv2D::fromConfig);
  }
}
