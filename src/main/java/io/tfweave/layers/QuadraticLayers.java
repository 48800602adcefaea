package io.tfweave.layers;

/** Registers the second-order layers ({@link QuadraticDense}, {@link QuadraticConv2D}) for config round trips. */
public final class QuadraticLayers {
  private QuadraticLayers() {}

  /** Called once by {@link LayerRegistry}; safe to call again. */
  public static void register() {
    LayerRegistry.register("QuadraticDense", QuadraticDense::fromConfig);
    LayerRegistry.register("QuadraticConv2D", QuadraticConv2D::fromConfig);
  }
}
