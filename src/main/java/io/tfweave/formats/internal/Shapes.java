package io.tfweave.formats.internal;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.TensorShapeProto;

/** Converts {@code TensorShapeProto}s to TF Java shapes and formats them like TensorFlow's tools. */
public final class Shapes {
  private Shapes() {}

  /** The shape a proto describes; unknown dimensions are -1, an unknown rank is {@link Shape#unknown()}. */
  public static Shape of(TensorShapeProto p) {
    if (p.getUnknownRank()) {
      return Shape.unknown();
    }
    long[] dims = new long[p.getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = p.getDim(i).getSize();
    }
    return dims.length == 0 ? Shape.scalar() : Shape.of(dims);
  }

  /** Formats like {@code saved_model_cli}: {@code (-1, 224, 224, 3)}, {@code ()}, or {@code unknown_rank}. */
  public static String cli(Shape s) {
    if (s.isUnknown()) {
      return "unknown_rank";
    }
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < s.numDimensions(); i++) {
      b.append(i == 0 ? "" : ", ").append(s.get(i));
    }
    if (s.numDimensions() == 1) {
      b.append(',');
    }
    return b.append(')').toString();
  }
}
