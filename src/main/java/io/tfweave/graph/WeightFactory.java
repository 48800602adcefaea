package io.tfweave.graph;

import io.tfweave.initializers.Initializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.tensorflow.ndarray.Shape;

/** Declares the weights of one layer while it is built. */
public final class WeightFactory {
  private final Supplier<String> layerName;
  private final List<Weight> created = new ArrayList<>();

  public WeightFactory(Supplier<String> layerName) { this.layerName = layerName; }

  /** Declares a trainable weight {@code layerName/name} of the given shape; chain {@code .regularizer} / {@code .nonTrainable}. */
  public Weight add(String name, Shape shape, Initializer initializer) {
    Objects.requireNonNull(initializer, "initializer");
    for (long d : shape.asArray()) {
      if (d < 0) {
        throw new IllegalArgumentException("Weight '" + layerName.get() + "/" + name + "' needs a fully defined shape, got " + shape);
      }
    }
    Weight w = new Weight(layerName, name, shape, initializer);
    created.add(w);
    return w;
  }

  /** All weights declared so far, in declaration order. */
  public List<Weight> created() { return created; }
}
