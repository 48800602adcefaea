package io.tfweave.data.pipeline;

import java.util.Objects;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * One named component of a pipeline's elements: its TensorFlow type and static shape, {@code -1} for a dimension that
 * varies (Keras's {@code tf.TensorSpec(shape, dtype, name)}). A batched component's first dimension is the batch.
 *
 * @param name the component's name, e.g. {@code x}, {@code y} or a TFRecord feature name
 * @param dtype the TensorFlow Java type, e.g. {@code TFloat32.class}
 * @param shape the static shape; {@code -1} marks an unknown dimension
 */
public record TensorSpec(String name, Class<? extends TType> dtype, Shape shape) {
  /** Checks the fields. */
  public TensorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    if (name.isEmpty()) throw new IllegalArgumentException("A component name must not be empty");
    if (shape.isUnknown())
      throw new IllegalArgumentException("Component '" + name + "' needs a known rank");
  }

  /** The NumPy-style name of {@link #dtype()}: {@code float32}, {@code int64}, {@code string}, ... */
  public String dtypeName() {
    return dtypeName(dtype);
  }

  /** The NumPy-style name of a TensorFlow Java type. */
  public static String dtypeName(Class<? extends TType> t) {
    if (t == TFloat32.class) return "float32";
    if (t == TFloat64.class) return "float64";
    if (t == TInt32.class) return "int32";
    if (t == TInt64.class) return "int64";
    if (t == TUint8.class) return "uint8";
    if (t == TBool.class) return "bool";
    if (t == TString.class) return "string";
    return t.getSimpleName();
  }

  /** This spec with another shape. */
  public TensorSpec withShape(Shape s) {
    return new TensorSpec(name, dtype, s);
  }

  /** This spec under another name. */
  public TensorSpec withName(String n) {
    return new TensorSpec(n, dtype, shape);
  }

  /** Equal name, type and dimensions (an unknown dimension equals an unknown one, unlike {@code Shape.equals}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t
        && t.name.equals(name)
        && t.dtype == dtype
        && java.util.Arrays.equals(t.shape.asArray(), shape.asArray());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, java.util.Arrays.hashCode(shape.asArray()));
  }

  @Override
  public String toString() {
    return name + ": " + dtypeName() + shape;
  }
}
