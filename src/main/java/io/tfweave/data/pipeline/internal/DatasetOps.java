package io.tfweave.data.pipeline.internal;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * tf.data ops that TF Java 1.0's Ops API gets wrong or lacks, built as raw ops: the v1 {@code TFRecordDataset} (the v2
 * op, which TF Java builds, fails to serialize without {@code byte_offsets}, "3 inputs specified of 4"), the in-memory
 * cache, and a resource variable holding a dataset (so that a cache survives {@code MakeIterator}).
 */
public final class DatasetOps {
  private DatasetOps() {}

  /** A 1-D string constant. */
  public static Operand<TString> strings(Ops tf, String... values) {
    return tf.constant(Shape.of(values.length), DataBuffers.ofObjects(values));
  }

  /** TensorFlow's enum value for a TF Java type. */
  public static DataType dataType(Class<? extends TType> t) {
    if (t == TFloat32.class) return DataType.DT_FLOAT;
    if (t == TFloat64.class) return DataType.DT_DOUBLE;
    if (t == TInt32.class) return DataType.DT_INT32;
    if (t == TInt64.class) return DataType.DT_INT64;
    if (t == TUint8.class) return DataType.DT_UINT8;
    if (t == TBool.class) return DataType.DT_BOOL;
    if (t == TString.class) return DataType.DT_STRING;
    throw new IllegalArgumentException("Unsupported component type " + t.getSimpleName());
  }

  private static DataType[] dataTypes(List<Class<? extends TType>> types) {
    return types.stream().map(DatasetOps::dataType).toArray(DataType[]::new);
  }

  /** The records of {@code files} (a 1-D string tensor), uncompressed, with a 256 KiB read buffer. */
  public static Output<?> tfRecordDataset(Ops tf, Operand<TString> files) {
    GraphOperation op = (GraphOperation) tf.scope()
        .opBuilder("TFRecordDataset", "TFRecordDataset")
        .addInput(files.asOutput())
        .addInput(tf.constant("").asOutput())
        .addInput(tf.constant(256L * 1024).asOutput())
        .build();
    return op.output(0);
  }

  /**
   * A cache of {@code in}, in memory ({@code file} null) or in the files {@code file.index} / {@code file.data-*}, filled
   * on the first complete pass over the returned dataset object. It is the v2 op on a memory-cache resource: tf.data's graph
   * rewrites at {@code MakeIterator} rebuild dataset objects, and only a cache held in a resource survives that.
   */
  public static Operand<? extends TType> cache(Ops tf, Built in, java.nio.file.Path file) {
    return tf.data
        .cacheDataset(
            in.handle(),
            tf.constant(file == null ? "" : file.toString()),
            tf.data.anonymousMemoryCache().handle(),
            in.types(),
            in.shapes())
        .handle();
  }

  /** A resource variable that can hold one dataset (a scalar variant); {@code sharedName} must be unique in the session. */
  public static Output<?> datasetVariable(Ops tf, String sharedName) {
    return tf.scope()
        .opBuilder("VarHandleOp", "dataset_variable")
        .setAttr("dtype", DataType.DT_VARIANT)
        .setAttr("shape", Shape.scalar())
        .setAttr("shared_name", sharedName)
        .build()
        .output(0);
  }

  /** Stores {@code dataset} in the variable {@code handle}. */
  public static GraphOperation assignDataset(Ops tf, Output<?> handle, Operand<?> dataset) {
    return (GraphOperation) tf.scope()
        .opBuilder("AssignVariableOp", "assign_dataset")
        .addInput(handle)
        .addInput(dataset.asOutput())
        .setAttr("dtype", DataType.DT_VARIANT)
        .build();
  }

  /** The dataset stored in the variable {@code handle}. */
  public static Output<?> readDataset(Ops tf, Output<?> handle) {
    return tf.scope()
        .opBuilder("ReadVariableOp", "read_dataset")
        .addInput(handle)
        .setAttr("dtype", DataType.DT_VARIANT)
        .build()
        .output(0);
  }

  /**
   * {@code in} with map-and-batch fusion and map fusion turned off for the whole pipeline (tf.data options propagate
   * downstream): a fused map-and-batch stops calling its function on a batch that met an error, so the counters of
   * {@code ignoreErrors()} would miss elements.
   */
  public static Output<?> withoutMapFusion(Ops tf, Built in) {
    byte[] options = org.tensorflow.proto.data.DatasetOptions.Options.newBuilder()
        .setOptimizationOptions(
            org.tensorflow.proto.data.DatasetOptions.OptimizationOptions.newBuilder()
                .setMapAndBatchFusion(false)
                .setMapFusion(false))
        .build()
        .toByteArray();
    var b = tf.scope()
        .opBuilder("OptionsDataset", "OptionsDataset")
        .addInput(in.handle().asOutput())
        .setAttr("serialized_options", options)
        .setAttr(
            "output_types", in.types().stream().map(DatasetOps::dataType).toArray(DataType[]::new))
        .setAttr("output_shapes", in.shapes().toArray(new Shape[0]));
    return b.build().output(0);
  }
}
