package io.tfweave.data.pipeline.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * How a file source reads its files: one after the other (no interleave), or interleaved as tf.data's
 * {@code Dataset.from_tensor_slices(files).interleave(read, cycle_length, block_length, num_parallel_calls,
 * deterministic=True)}: {@code cycleLength} files are open at a time, taken from the list in order; {@code blockLength}
 * consecutive records come from each open file in turn; a file that ends gives its slot to the next file of the list. With
 * {@code numParallelCalls} (a positive number or -1 for AUTOTUNE) the open files are read ahead in parallel
 * ({@code ParallelInterleaveDatasetV4}), in the same order.
 *
 * @param cycleLength files open at once (positive)
 * @param blockLength consecutive records per file and turn (positive)
 * @param numParallelCalls 0 for sequential reading, positive or -1 (AUTOTUNE) for parallel reading
 */
public record Interleave(long cycleLength, long blockLength, long numParallelCalls) {
  /** Checks the arguments. */
  public Interleave {
    if (cycleLength <= 0 || blockLength <= 0) {
      throw new IllegalArgumentException(
          "interleave needs cycleLength > 0 and blockLength > 0. Received: cycleLength="
              + cycleLength + ", blockLength=" + blockLength);
    }
    if (numParallelCalls < -1) {
      throw new IllegalArgumentException(
          "numParallelCalls must be positive, 0 (sequential) or AUTOTUNE (-1). Received: "
              + numParallelCalls);
    }
  }

  /**
   * The records of {@code files} (elements of {@code spec}), each file's dataset made by {@code perFile} from its name
   * (a string scalar), read in this interleave's order.
   */
  public Output<?> read(
      BuildContext ctx,
      List<Path> files,
      Built spec,
      BiFunction<Ops, Operand<TString>, Operand<? extends TType>> perFile) {
    Ops tf = ctx.tf();
    String[] names = files.stream().map(Path::toString).toArray(String[]::new);
    Operand<TString> list = tf.constant(Shape.of(names.length), DataBuffers.ofObjects(names));
    Operand<? extends TType> fileNames =
        tf.data.tensorSliceDataset(List.of(list), List.of(Shape.scalar())).handle();
    String fn = readerFunction(tf, perFile);
    var b = tf.scope()
        .opBuilder(
            numParallelCalls == 0 ? "InterleaveDataset" : "ParallelInterleaveDatasetV4",
            "interleave")
        .addInput(fileNames.asOutput())
        .addInputList(new Output<?>[0])
        .addInput(tf.constant(cycleLength).asOutput())
        .addInput(tf.constant(blockLength).asOutput());
    if (numParallelCalls != 0) {
      b.addInput(tf.constant(-1L).asOutput()) // buffer_output_elements: AUTOTUNE
          .addInput(tf.constant(-1L).asOutput()) // prefetch_input_elements: AUTOTUNE
          .addInput(tf.constant(numParallelCalls).asOutput())
          .setAttr("deterministic", "true");
    }
    return b.setAttr(
            "f",
            AttrValue.newBuilder()
                .setFunc(NameAttrList.newBuilder().setName(fn))
                .build())
        .setAttr("Targuments", new DataType[0])
        .setAttr(
            "output_types",
            spec.types().stream().map(DatasetOps::dataType).toArray(DataType[]::new))
        .setAttr("output_shapes", spec.shapes().toArray(new Shape[0]))
        .build()
        .output(0);
  }

  /**
   * Adds to the graph of {@code tf} a function from a file name to the dataset of its records, and returns its name. TF
   * Java's {@code ConcreteFunction} cannot return a dataset (a variant), so the function is built with a placeholder
   * output that needs the dataset (its cardinality), and its definition is then edited to return the dataset and imported into the graph.
   */
  private static String readerFunction(
      Ops tf, BiFunction<Ops, Operand<TString>, Operand<? extends TType>> perFile) {
    String[] dataset = new String[1];
    FunctionDef def;
    try (ConcreteFunction f = ConcreteFunction.create(o -> {
      Placeholder<TString> file = o.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      Operand<? extends TType> d = perFile.apply(o, file);
      dataset[0] = d.op().name() + ":handle:0";
      return Signature.builder()
          .input("file", file)
          .output("dataset", o.data.datasetCardinality(d)) // keeps d's ops in the function
          .build();
    })) {
      def = f.getFunctionDef();
    }
    String name = BuildContext.uniqueName("read_file");
    FunctionDef.Builder edited = def.toBuilder();
    edited.getSignatureBuilder().setName(name).getOutputArgBuilder(0).setType(DataType.DT_VARIANT);
    String out = edited.getSignature().getOutputArg(0).getName();
    edited.putRet(out, dataset[0]);
    ((Graph) tf.scope().env())
        .importGraphDef(GraphDef.newBuilder()
            .setLibrary(FunctionDefLibrary.newBuilder().addFunction(edited))
            .build());
    return name;
  }

  /** As Keras would write it. */
  public String describe() {
    return "interleave(cycleLength=" + cycleLength + ", blockLength=" + blockLength
        + (numParallelCalls == 0
            ? ""
            : ", numParallelCalls=" + (numParallelCalls < 0 ? "AUTOTUNE" : numParallelCalls))
        + ")";
  }
}
