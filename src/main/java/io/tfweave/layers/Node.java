package io.tfweave.layers;

import java.util.List;

/** One call of a layer on symbolic inputs: an edge set of the model graph. */
public final class Node {
  private final Layer layer;
  private final List<SymbolicTensor> inputs;
  private List<SymbolicTensor> outputs;

  Node(Layer layer, List<SymbolicTensor> inputs) {
    this.layer = layer;
    this.inputs = List.copyOf(inputs);
  }

  void setOutputs(List<SymbolicTensor> outputs) {
    this.outputs = List.copyOf(outputs);
  }

  /** The layer called. */
  public Layer layer() {
    return layer;
  }

  /** The tensors it was called on (empty for an input layer). */
  public List<SymbolicTensor> inputs() {
    return inputs;
  }

  /** The tensors the call produced. */
  public List<SymbolicTensor> outputs() {
    return outputs;
  }
}
