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
  private final WeightFactory parent;

  public WeightFactory(Supplier<String> layerName) {
    this(layerName, null);
  }

  private WeightFactory(Supplier<String> layerName, WeightFactory parent) {
    this.layerName = layerName;
    this.parent = parent;
  }

  /**
   * A factory for the weights of a layer wrapped by this one (Bidirectional, TimeDistributed): they are named
   * {@code layerName/prefix/weightName} and also listed among this layer's weights.
   */
  public WeightFactory child(String prefix) {
    return new WeightFactory(() -> layerName.get() + "/" + prefix, this);
  }

  /** Declares a trainable weight {@code layerName/name} of the given shape; chain {@code .regularizer} / {@code .nonTrainable}. */
  public Weight add(String name, Shape shape, Initializer initializer) {
    Objects.requireNonNull(initializer, "initializer");
    for (long d : shape.asArray()) {
      if (d < 0) {
        throw new IllegalArgumentException("Weight '" + layerName.get() + "/" + name
            + "' needs a fully defined shape, got " + shape);
      }
    }
    Weight w = new Weight(layerName, name, shape, initializer);
    for (WeightFactory f = this; f != null; f = f.parent) f.created.add(w);
    return w;
  }

  /** All weights declared so far, in declaration order. */
  public List<Weight> created() {
    return created;
  }
}
