package io.tfweave.models;

import io.tfweave.graph.DType;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.SymbolicTensor;
import java.util.List;

/**
 * Builds a straight-line model: {@code Sequential.named("imdb").input(DType.INT32, 500).add(new Embedding(10000, 32))...build()}.
 * Each {@link #add} infers the new output shape at once, so a shape error points at the offending layer.
 */
public final class Sequential {
  private final String name;
  private SymbolicTensor input;
  private SymbolicTensor current;
  private Long seed;
  private final LayerNames names = new LayerNames();

  private Sequential(String name) {
    this.name = name;
  }

  /** A builder for a model called {@code name}. */
  public static Sequential named(String name) {
    return new Sequential(name);
  }

  /** A builder for a model called {@code sequential}. */
  public static Sequential builder() {
    return new Sequential("sequential");
  }

  /** Declares a float32 input with per-sample {@code shape}. */
  public Sequential input(long... shape) {
    return input(DType.FLOAT32, shape);
  }

  /** Declares an input of the given dtype (int32 for token ids). */
  public Sequential input(DType dtype, long... shape) {
    if (input != null)
      throw new IllegalStateException("Sequential model '" + name + "' already has an input");
    input = new Input(shape).dtype(dtype).tensor();
    input.layer().nameIfUnnamed("input_layer");
    names.reserve("input_layer");
    current = input;
    return this;
  }

  /** Seed for initializers, dropout and shuffling. */
  public Sequential seed(long s) {
    this.seed = s;
    return this;
  }

  /** Appends a layer, inferring its output shape now. */
  public Sequential add(Layer layer) {
    if (current == null) {
      throw new IllegalStateException("Call input(shape...) before add(): the first layer of '"
          + name + "' needs an input shape");
    }
    boolean fresh = layer.name() == null;
    names.nameIfUnnamed(layer);
    if (!fresh && !names.reserve(layer.name()) && layer.nodes().isEmpty()) {
      throw new IllegalArgumentException(
          "Layer names must be unique within a model; '" + layer.name() + "' is used twice");
    }
    List<SymbolicTensor> out = layer.applyAll(List.of(current));
    if (out.size() != 1) {
      throw new IllegalArgumentException(
          "Layer '" + layer.name() + "' has " + out.size() + " outputs; Sequential needs one");
    }
    current = out.get(0);
    return this;
  }

  /** Adds several layers in order. */
  public Sequential add(Layer... layers) {
    for (Layer l : layers) add(l);
    return this;
  }

  /** The model. */
  public Model build() {
    if (current == null || current == input) {
      throw new IllegalStateException(
          "Sequential model '" + name + "' needs an input and at least one layer");
    }
    Model m = new Model(name, List.of(input), List.of(current), true);
    if (seed != null) m.seed(seed);
    return m;
  }
}
