package io.tfweave.data.pipeline.internal;

import io.tfweave.data.format.MalformedDataException;
import io.tfweave.data.pipeline.CsvOptions;
import io.tfweave.data.pipeline.Element;
import io.tfweave.data.pipeline.TensorSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.data.MapDataset;
import org.tensorflow.op.io.DecodeCsv;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Rows of numeric CSV files: {@code TextLineDataset} per file (skipping the header), then {@code DecodeCSV} of the selected
 * columns in the graph, one row at a time. The header is read in Java to name the columns. TensorFlow's decode errors do not
 * say which line failed, so on an error the files are read in Java to find it.
 */
public final class CsvSource implements Source {
  private final List<Path> files;
  private final CsvOptions options;
  private final List<String> columns;
  private final List<Integer> features;
  private final int label;
  private final Interleave interleave;

  private CsvSource(CsvSource s, Interleave i) {
    this.files = s.files;
    this.options = s.options;
    this.columns = s.columns;
    this.features = s.features;
    this.label = s.label;
    this.interleave = i;
  }

  @Override
  public Source interleaved(Interleave i) {
    return new CsvSource(this, i);
  }

  /** The lines of one file, without its header. */
  private Operand<? extends TType> lines(Ops tf, Built lines, Operand<TString> file) {
    Operand<? extends TType> h = tf.data
        .textLineDataset(
            tf.reshape(file, tf.constant(new int[] {1})), tf.constant(""), tf.constant(256L * 1024))
        .handle();
    if (!options.header()) return h;
    return tf.data
        .skipDataset(h, tf.constant(1L), lines.types(), lines.shapes())
        .handle();
  }

  /** Rows of {@code files} read with {@code options}. */
  public CsvSource(List<Path> files, CsvOptions options) {
    this.files = FileGlobs.existing(files, "fromCsv");
    this.options = options;
    List<String> header = CsvLines.split(firstLine(this.files.get(0)), options.delimiter());
    this.columns = options.columnNames() != null
        ? options.columnNames()
        : options.header() ? header : numbered(header.size());
    if (columns.size() != header.size()) {
      throw new IllegalArgumentException(
          "CsvOptions.columnNames names " + columns.size() + " columns, but the first line of "
              + this.files.get(0) + " has " + header.size() + " fields");
    }
    this.label = options.label() == null ? -1 : column(options.label());
    List<Integer> f = new ArrayList<>();
    if (options.selectColumns() != null) {
      for (String c : options.selectColumns()) f.add(column(c));
    } else {
      for (int i = 0; i < columns.size(); i++) if (i != label) f.add(i);
    }
    if (f.isEmpty())
      throw new IllegalArgumentException(
          "fromCsv needs at least one feature column besides the label");
    this.features = f;
    this.interleave = null;
  }

  private int column(String name) {
    int i = columns.indexOf(name);
    if (i < 0)
      throw new IllegalArgumentException(
          "CSV column '" + name + "' does not exist; the columns are " + columns);
    return i;
  }

  private static List<String> numbered(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add("c" + i);
    return out;
  }

  private static String firstLine(Path f) {
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      String line = r.readLine();
      if (line == null) throw new IllegalArgumentException("CSV file " + f + " is empty");
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Built build(BuildContext ctx) {
    Ops tf = ctx.tf();
    List<TensorSpec> lineSpec = List.of(new TensorSpec("line", TString.class, Shape.scalar()));
    Built lines = new Built(tf.constant(0L), lineSpec); // the spec; handles come per file
    Built all;
    if (interleave != null) {
      all = lines.withHandle(interleave.read(ctx, files, lines, (o, f) -> lines(o, lines, f)));
    } else {
      List<Operand<? extends TType>> perFile = new ArrayList<>();
      for (Path f : files) perFile.add(lines(tf, lines, tf.constant(f.toString())));
      all = lines.withHandle(TfRecordSource.concatenate(tf, lines, perFile, 0, perFile.size()));
    }
    if (!ctx.skipsErrors()) return Grouped.decode(ctx, all, "The CSV decoder", this::decode);
    all = ctx.countRecords(all);
    Functions.Fn decode = Functions.of(lineSpec, "The CSV decoder", this::decode);
    ctx.keep(decode.function());
    Built out = new Built(all.handle(), decode.outputs());
    return out.withHandle(tf.data
        .mapDataset(
            all.handle(),
            List.of(),
            decode.function(),
            out.types(),
            out.shapes(),
            MapDataset.preserveCardinality(true))
        .handle());
  }

  /** Decodes a line, or a vector of lines (then every output gains a leading dimension). */
  private Element decode(Ops tf, Element e) {
    List<Long> selected = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++)
      if (i == label || features.contains(i)) selected.add((long) i);
    List<Operand<?>> defaults = new ArrayList<>();
    for (int i = 0; i < selected.size(); i++) {
      defaults.add(
          options.defaultValue() == null
              ? tf.constant(new float[0])
              : tf.constant(new float[] {options.defaultValue()}));
    }
    DecodeCsv d = tf.io.decodeCsv(
        e.get("line", TString.class),
        defaults,
        DecodeCsv.fieldDelim(String.valueOf(options.delimiter())),
        DecodeCsv.selectCols(selected));
    List<Operand<TFloat32>> x = new ArrayList<>();
    for (int c : features) x.add(d.output().get(selected.indexOf((long) c)).expect(TFloat32.class));
    Map<String, Operand<?>> out = new LinkedHashMap<>();
    out.put("x", tf.stack(x, Stack.axis(-1L)));
    if (label >= 0) out.put("y", d.output().get(selected.indexOf((long) label)));
    return Element.of(out);
  }

  @Override
  public RuntimeException explain(RuntimeException error) {
    String msg = String.valueOf(error.getMessage());
    if (!msg.contains("record") && !msg.contains("field") && !msg.contains("Field")) return null;
    String found = CsvLines.findBadLine(files, options, columns, label, features);
    return found == null ? null : new MalformedDataException(found, error);
  }

  @Override
  public String describe() {
    return "fromCsv(" + (files.size() == 1 ? files.get(0) : files.size() + " files") + ", x="
        + features.stream().map(columns::get).toList()
        + (label >= 0 ? ", y=" + columns.get(label) : "") + ")"
        + (interleave == null ? "" : "." + interleave.describe());
  }
}
