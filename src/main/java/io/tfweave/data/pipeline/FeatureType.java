package io.tfweave.data.pipeline;

import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * The value type of a {@code tf.train.Example} feature, one per list kind of the protocol buffer: {@code float_list},
 * {@code int64_list}, {@code bytes_list} (TensorFlow's {@code tf.float32}, {@code tf.int64}, {@code tf.string}).
 */
public enum FeatureType {
  /** {@code float_list}, parsed as float32. */
  FLOAT(TFloat32.class, "float32", "float_list"),
  /** {@code int64_list}, parsed as int64. */
  INT64(TInt64.class, "int64", "int64_list"),
  /** {@code bytes_list}, parsed as string (raw bytes). */
  BYTES(TString.class, "string", "bytes_list");

  private final Class<? extends TType> tfType;
  private final String dtypeName;
  private final String listName;

  FeatureType(Class<? extends TType> tfType, String dtypeName, String listName) {
    this.tfType = tfType;
    this.dtypeName = dtypeName;
    this.listName = listName;
  }

  /** The TensorFlow Java type the feature parses to. */
  public Class<? extends TType> tfType() {
    return tfType;
  }

  /** TensorFlow's dtype name: {@code float32}, {@code int64} or {@code string}. */
  public String dtypeName() {
    return dtypeName;
  }

  /** The protocol buffer field: {@code float_list}, {@code int64_list} or {@code bytes_list}. */
  public String listName() {
    return listName;
  }
}
