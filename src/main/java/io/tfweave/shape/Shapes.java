package io.tfweave.shape;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/** Small helpers around TensorFlow's {@link Shape}, where {@code -1} means an unknown size (the batch). */
public final class Shapes {
  private Shapes() {}

  /** A shape with an unknown batch dimension followed by {@code dims}. */
  public static Shape batched(long... dims) {
    long[] all = new long[dims.length + 1];
    all[0] = Shape.UNKNOWN_SIZE;
    System.arraycopy(dims, 0, all, 1, dims.length);
    return Shape.of(all);
  }

  /** Prepends an unknown batch dimension to {@code shape}. */
  public static Shape batched(Shape shape) {
    return batched(shape.asArray());
  }

  /** {@code shape} without its first (batch) dimension. */
  public static Shape perSample(Shape shape) {
    long[] a = shape.asArray();
    long[] r = new long[a.length - 1];
    System.arraycopy(a, 1, r, 0, r.length);
    return Shape.of(r);
  }

  /** Product of the known dimensions after the batch dimension. */
  public static long sampleSize(Shape shape) {
    long n = 1;
    for (int i = 1; i < shape.numDimensions(); i++) n *= shape.get(i);
    return n;
  }

  /** Product of all dimensions (all must be known). */
  public static long size(Shape shape) {
    long n = 1;
    for (long d : shape.asArray()) n *= d;
    return n;
  }

  /** The last dimension. */
  public static long last(Shape shape) {
    return shape.get(shape.numDimensions() - 1);
  }

  /** Replaces the last dimension. */
  public static Shape withLast(Shape shape, long last) {
    long[] a = shape.asArray().clone();
    a[a.length - 1] = last;
    return Shape.of(a);
  }

  /** Keras-style text: {@code (None, 28, 28, 1)}. */
  public static String keras(Shape shape) {
    List<String> parts = new ArrayList<>();
    for (long d : shape.asArray()) parts.add(d < 0 ? "None" : Long.toString(d));
    return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
  }

  /** Bracketed text: {@code [?, 7, 7, 64]}. */
  public static String text(Shape shape) {
    List<String> parts = new ArrayList<>();
    for (long d : shape.asArray()) parts.add(d < 0 ? "?" : Long.toString(d));
    return "[" + String.join(", ", parts) + "]";
  }

  /** True when every dimension after the batch is known. */
  public static boolean fullyDefinedSample(Shape shape) {
    for (int i = 1; i < shape.numDimensions(); i++) if (shape.get(i) < 0) return false;
    return true;
  }
}
