package io.tfweave.layers;

import io.tfweave.graph.DType;
import io.tfweave.shape.Shapes;
import org.tensorflow.ndarray.Shape;

/**
 * A placeholder for a tensor in a model under construction (Keras's {@code KerasTensor}): a shape whose first dimension is the
 * batch, a dtype, and the layer call that produces it.
 */
public final class SymbolicTensor {
  private final Shape shape;
  private final DType dtype;
  private final Node node;
  private final int index;

  SymbolicTensor(Shape shape, DType dtype, Node node, int index) {
    this.shape = shape;
    this.dtype = dtype;
    this.node = node;
    this.index = index;
  }

  /** The shape including the (unknown) batch dimension. */
  public Shape shape() {
    return shape;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The layer whose call produced this tensor. */
  public Layer layer() {
    return node.layer();
  }

  /** The call that produced this tensor. */
  public Node node() {
    return node;
  }

  /** Which output of that call this is. */
  public int index() {
    return index;
  }

  @Override
  public String toString() {
    return "SymbolicTensor" + Shapes.keras(shape) + " from '" + node.layer().name() + "'";
  }
}
