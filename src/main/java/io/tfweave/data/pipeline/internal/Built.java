package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.TensorSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * A dataset in a graph: its variant handle and the spec of its elements.
 *
 * @param handle the dataset's variant tensor
 * @param spec the components of each element, in order
 */
public record Built(Operand<? extends TType> handle, List<TensorSpec> spec) {
  /** Copies the spec. */
  public Built {
    spec = List.copyOf(spec);
  }

  /** The component types, for the tf.data ops' {@code output_types}. */
  public List<Class<? extends TType>> types() {
    return spec.stream().<Class<? extends TType>>map(TensorSpec::dtype).toList();
  }

  /** The component shapes, for the tf.data ops' {@code output_shapes}. */
  public List<Shape> shapes() {
    return spec.stream().map(TensorSpec::shape).toList();
  }

  /** The same elements from another handle. */
  public Built withHandle(Operand<? extends TType> h) {
    return new Built(h, spec);
  }

  /** The component names. */
  public List<String> names() {
    return spec.stream().map(TensorSpec::name).toList();
  }
}
