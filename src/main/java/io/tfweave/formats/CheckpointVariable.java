package io.tfweave.formats;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * Describes one tensor stored in a checkpoint: its key, element type, shape and stored size.
 *
 * @param name the checkpoint key, e.g. {@code dense/kernel} (TF1) or
 *     {@code layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE} (TF2 object graph)
 * @param dtype the element type
 * @param shape the full tensor shape
 * @param sizeBytes bytes occupied in the data shard (strings include their length prefixes)
 * @param sliced whether the tensor is stored as partitioned slices (not readable here)
 */
public record CheckpointVariable(
    String name, DataType dtype, Shape shape, long sizeBytes, boolean sliced) {

  /** The number of elements, the product of the shape's dimensions. */
  public long numElements() {
    return shape.size();
  }

  @Override
  public String toString() {
    return name + " " + dtype + " " + shape + " (" + sizeBytes + " bytes"
        + (sliced ? ", sliced)" : ")");
  }
}
