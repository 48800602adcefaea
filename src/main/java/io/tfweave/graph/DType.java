package io.tfweave.graph;

import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/** The element types a model input or a symbolic tensor can have. */
public enum DType {
  FLOAT32(TFloat32.class, "float32"),
  INT32(TInt32.class, "int32"),
  INT64(TInt64.class, "int64"),
  /** Byte strings ({@code TString}), e.g. raw text for {@code TextVectorization}; Keras's {@code "string"}. */
  STRING(TString.class, "string");

  private final Class<? extends TType> tfType;
  private final String kerasName;

  DType(Class<? extends TType> tfType, String kerasName) {
    this.tfType = tfType;
    this.kerasName = kerasName;
  }

  /** The TensorFlow Java type class. */
  public Class<? extends TType> tfType() {
    return tfType;
  }

  /** Keras's / NumPy's name, e.g. {@code float32}. */
  public String kerasName() {
    return kerasName;
  }

  /** True for the integer types. */
  public boolean isInteger() {
    return this == INT32 || this == INT64;
  }

  /**
   * The TensorFlow type a model input of this dtype is fed as: float32, string, or int32 for both integer types (integer
   * data travels as int32, as {@code fit} on {@code int[][]} does).
   */
  public Class<? extends TType> feedType() {
    return this == FLOAT32 ? TFloat32.class : this == STRING ? TString.class : TInt32.class;
  }

  /** Parses a Keras dtype name. */
  public static DType ofKerasName(String name) {
    for (DType t : values()) if (t.kerasName.equals(name)) return t;
    throw new IllegalArgumentException(
        "Unsupported dtype '" + name + "'. Expected one of float32, int32, int64, string.");
  }
}
