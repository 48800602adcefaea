package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.Element;
import io.tfweave.data.pipeline.FeatureSpec;
import io.tfweave.data.pipeline.FeatureType;
import io.tfweave.data.pipeline.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.MapDataset;
import org.tensorflow.op.io.ParseExample;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * {@code tf.train.Example} records from TFRecord files, in file order, parsed in the graph by {@code ParseExampleV2}.
 * Each record travels with its file name and index, which are passed to the parser as the record's name, so that
 * TensorFlow's own errors say which record of which file is wrong.
 */
public final class TfRecordSource implements Source {
  private static final List<TensorSpec> RAW = List.of(
      new TensorSpec("file", TString.class, Shape.scalar()),
      new TensorSpec("index", TInt64.class, Shape.scalar()),
      new TensorSpec("record", TString.class, Shape.scalar()));

  private final List<Path> files;
  private final FeatureSpec spec;
  private final Interleave interleave;

  /** Records of {@code files}, parsed with {@code spec}. */
  public TfRecordSource(List<Path> files, FeatureSpec spec) {
    if (spec == null || spec.features().isEmpty())
      throw new IllegalArgumentException("fromTfRecords needs a FeatureSpec with features");
    this.files = FileGlobs.existing(files, "fromTfRecords");
    this.spec = spec;
    this.interleave = null;
  }

  private TfRecordSource(TfRecordSource s, Interleave i) {
    this.files = s.files;
    this.spec = s.spec;
    this.interleave = i;
  }

  @Override
  public Source interleaved(Interleave i) {
    return new TfRecordSource(this, i);
  }

  /** The records of one file with its name and their indices. */
  private static Operand<? extends TType> records(Ops tf, Built raw, Operand<TString> name) {
    var names = tf.data.repeatDataset(
        tf.data.tensorDataset(List.of(name), List.of(Shape.scalar())).handle(),
        tf.constant(-1L),
        List.of(TString.class),
        List.of(Shape.scalar()));
    var index = tf.data.rangeDataset(
        tf.constant(0L),
        tf.constant(Long.MAX_VALUE),
        tf.constant(1L),
        List.of(TInt64.class),
        List.of(Shape.scalar()));
    var records = DatasetOps.tfRecordDataset(tf, tf.reshape(name, tf.constant(new int[] {1})));
    return tf.data
        .zipDataset(List.of(names.handle(), index.handle(), records), raw.types(), raw.shapes())
        .handle();
  }

  /** The records of every file, in order (or interleaved): file name, index in the file, serialized record. */
  private Built records(BuildContext ctx) {
    Ops tf = ctx.tf();
    Built raw = new Built(
        tf.constant(0L), RAW); // the spec of every file's records; the handle is replaced below
    if (interleave != null) {
      return raw.withHandle(interleave.read(ctx, files, raw, (o, name) -> records(o, raw, name)));
    }
    List<Operand<? extends TType>> perFile = new ArrayList<>();
    for (Path f : files) perFile.add(records(tf, raw, tf.constant(f.toString())));
    return raw.withHandle(concatenate(tf, raw, perFile, 0, perFile.size()));
  }

  /**
   * Groups of records per ParseExample call, unless a stage skips errors (a failing record would drop its group) or a
   * feature's length varies (unbatch needs equal shapes).
   */
  private boolean vectorized(BuildContext ctx) {
    return !ctx.skipsErrors() && spec.features().stream().noneMatch(FeatureSpec.Feature::varLen);
  }

  @Override
  public Built buildUndecoded(BuildContext ctx) {
    return vectorized(ctx) ? records(ctx) : null;
  }

  @Override
  public Built decode(BuildContext ctx, Built raw, boolean batched) {
    if (!batched) return Grouped.decode(ctx, raw, "The Example parser", (o, e) -> parse(o, e, -1));
    long lead = raw.spec().get(2).shape().get(0); // the batch's static size, or -1
    return mapped(
        ctx, raw, Functions.of(raw.spec(), "The Example parser", (o, e) -> parse(o, e, lead)));
  }

  /** {@code in} mapped through {@code parse} (a {@code MapDataset} that keeps the cardinality). */
  private static Built mapped(BuildContext ctx, Built in, Functions.Fn parse) {
    ctx.keep(parse.function());
    Built out = new Built(in.handle(), parse.outputs());
    return out.withHandle(ctx.tf()
        .data
        .mapDataset(
            in.handle(),
            List.of(),
            parse.function(),
            out.types(),
            out.shapes(),
            MapDataset.preserveCardinality(true))
        .handle());
  }

  @Override
  public Built build(BuildContext ctx) {
    if (vectorized(ctx)) return decode(ctx, records(ctx), false);
    Built all = ctx.countRecords(records(ctx));
    return mapped(ctx, all, Functions.of(RAW, "The Example parser", (o, e) -> parse(o, e, 0)));
  }

  /** A balanced tree of concatenations, so that many files do not nest iterators deeply. */
  static Operand<? extends TType> concatenate(
      Ops tf, Built spec, List<Operand<? extends TType>> parts, int from, int to) {
    if (to - from == 1) return parts.get(from);
    int mid = (from + to) >>> 1;
    return tf.data
        .concatenateDataset(
            concatenate(tf, spec, parts, from, mid),
            concatenate(tf, spec, parts, mid, to),
            spec.types(),
            spec.shapes())
        .handle();
  }

  /**
   * Parses one record ({@code lead} 0: scalar components) or a group of records (vectors, decoded to components of
   * {@code [lead, ...]}; {@code lead} -1 when the group's size is not fixed).
   */
  private Element parse(Ops tf, Element e, long lead) {
    Operand<TString> recordName = tf.strings.join(List.of(
        e.get("file", TString.class),
        tf.constant(" record "),
        tf.dtypes.asString(e.get("index", TInt64.class))));
    List<String> sparse = new ArrayList<>();
    List<String> dense = new ArrayList<>();
    List<Operand<?>> defaults = new ArrayList<>();
    List<Class<? extends TType>> sparseTypes = new ArrayList<>();
    List<Shape> denseShapes = new ArrayList<>();
    for (FeatureSpec.Feature f : spec.features()) {
      if (f.varLen()) {
        sparse.add(f.name());
        sparseTypes.add(f.type().tfType());
      } else {
        dense.add(f.name());
        defaults.add(empty(tf, f.type()));
        denseShapes.add(f.shape());
      }
    }
    Operand<TInt64> one = tf.constant(new long[] {-1});
    ParseExample p = tf.io.parseExample(
        tf.reshape(e.get("record", TString.class), one),
        tf.reshape(recordName, one),
        DatasetOps.strings(tf, sparse.toArray(new String[0])),
        DatasetOps.strings(tf, dense.toArray(new String[0])),
        DatasetOps.strings(tf),
        defaults,
        (long) sparse.size(),
        sparseTypes,
        List.of(),
        List.of(),
        denseShapes);
    Map<String, Operand<?>> out = new LinkedHashMap<>();
    int s = 0;
    int d = 0;
    for (FeatureSpec.Feature f : spec.features()) {
      if (f.varLen()) {
        out.put(f.name(), p.sparseValues().get(s++));
      } else {
        long[] dims = f.shape().asArray();
        if (lead != 0) {
          long[] g = new long[dims.length + 1];
          g[0] = lead;
          System.arraycopy(dims, 0, g, 1, dims.length);
          dims = g;
        }
        out.put(f.name(), tf.reshape(p.denseValues().get(d++), tf.constant(dims)));
      }
    }
    return Element.of(out);
  }

  private static Operand<?> empty(Ops tf, FeatureType t) {
    return switch (t) {
      case FLOAT -> tf.constant(new float[0]);
      case INT64 -> tf.constant(new long[0]);
      case BYTES -> DatasetOps.strings(tf);
    };
  }

  @Override
  public RuntimeException explain(RuntimeException error) {
    return RecordDiagnosis.explain(files, spec, error);
  }

  @Override
  public String describe() {
    return "fromTfRecords("
        + (files.size() <= 3
            ? files.toString()
            : "[" + files.get(0) + ", ... " + files.size() + " files]")
        + ", " + spec + ")"
        + (interleave == null ? "" : "." + interleave.describe());
  }
}
