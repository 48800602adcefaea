package io.tfweave.data.pipeline.internal;

import io.tfweave.data.format.MalformedDataException;
import io.tfweave.data.pipeline.Element;
import io.tfweave.data.pipeline.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.MapDataset;
import org.tensorflow.op.io.DecodeRaw;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Samples of NumPy {@code .npy} shards, streamed from disk: each shard's header is read in Java, then
 * {@code FixedLengthRecordDatasetV2} reads one sample's bytes at a time after the header and {@code DecodeRaw} turns them
 * into numbers in the graph. Shards are read in order; the {@code x} and {@code y} shards pair up sample by sample.
 */
public final class NpySource implements Source {
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([fiu])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** One shard's header: where the data starts, the dtype, byte order and shape. */
  record Header(
      Path file,
      long offset,
      Class<? extends TType> type,
      int itemSize,
      boolean littleEndian,
      long[] shape) {
    long samples() {
      return shape.length == 0 ? 1 : shape[0];
    }

    Shape sampleShape() {
      return Shape.of(
          shape.length == 0 ? new long[0] : java.util.Arrays.copyOfRange(shape, 1, shape.length));
    }

    long recordBytes() {
      return sampleShape().size() * itemSize;
    }
  }

  private final Map<String, List<Header>> components = new LinkedHashMap<>();

  /** Samples of {@code xShards} and, unless {@code yShards} is empty or null, of {@code yShards}. */
  public NpySource(List<Path> xShards, List<Path> yShards) {
    components.put("x", headers(FileGlobs.existing(xShards, "fromNpy"), "x"));
    if (yShards != null && !yShards.isEmpty()) {
      List<Header> y = headers(FileGlobs.existing(yShards, "fromNpy"), "y");
      long nx = components.get("x").stream().mapToLong(Header::samples).sum();
      long ny = y.stream().mapToLong(Header::samples).sum();
      if (nx != ny)
        throw new IllegalArgumentException(
            "fromNpy: the x shards hold " + nx + " samples, the y shards " + ny);
      components.put("y", y);
    }
  }

  private static List<Header> headers(List<Path> files, String what) {
    List<Header> out = new ArrayList<>();
    for (Path f : files) {
      Header h = header(f);
      Header first = out.isEmpty() ? h : out.get(0);
      if (h.type() != first.type()
          || !h.sampleShape().equals(first.sampleShape())
          || h.littleEndian() != first.littleEndian()) {
        throw new IllegalArgumentException(
            "fromNpy: " + what + " shard " + f + " holds " + TensorSpec.dtypeName(h.type())
                + " samples of shape " + h.sampleShape() + ", but " + first.file() + " holds "
                + TensorSpec.dtypeName(first.type())
                + " of shape " + first.sampleShape());
      }
      out.add(h);
    }
    return out;
  }

  static Header header(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] magic = in.readNBytes(8);
      if (magic.length < 8 || (magic[0] & 0xff) != 0x93 || magic[1] != 'N' || magic[2] != 'U') {
        throw new MalformedDataException(f + ": not a .npy file (no \\x93NUMPY magic)");
      }
      int lenBytes = magic[6] == 1 ? 2 : 4;
      byte[] len = in.readNBytes(lenBytes);
      long n = 0;
      for (int i = lenBytes - 1; i >= 0; i--) n = (n << 8) | (len[i] & 0xff);
      String dict = new String(in.readNBytes((int) n), StandardCharsets.ISO_8859_1);
      Matcher d = DESCR.matcher(dict);
      Matcher fo = FORTRAN.matcher(dict);
      Matcher s = SHAPE.matcher(dict);
      if (!d.find() || !fo.find() || !s.find()) {
        throw new MalformedDataException(f + ": unsupported .npy header " + dict.trim()
            + "; fromNpy reads numeric arrays " + "(float32/64, int32/64, uint8)");
      }
      String kind = d.group(2) + d.group(3);
      Class<? extends TType> t =
          switch (kind) {
            case "f4" -> TFloat32.class;
            case "f8" -> TFloat64.class;
            case "i4" -> TInt32.class;
            case "i8" -> TInt64.class;
            case "u1" -> TUint8.class;
            default -> throw new MalformedDataException(f + ": dtype " + d.group(0)
                + " is not supported; fromNpy reads float32, " + "float64, int32, int64 and uint8");
          };
      List<Long> dims = new ArrayList<>();
      for (String part : s.group(1).split(","))
        if (!part.isBlank()) dims.add(Long.parseLong(part.trim().replace("L", "")));
      long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
      if (fo.group(1).equals("True") && shape.length > 1) {
        throw new MalformedDataException(
            f + ": Fortran-ordered arrays cannot be streamed; save with "
                + "numpy.ascontiguousarray(a)");
      }
      return new Header(
          f, 8 + lenBytes + n, t, Integer.parseInt(d.group(3)), !d.group(1).equals(">"), shape);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Built build(BuildContext ctx) {
    Ops tf = ctx.tf();
    List<Operand<? extends TType>> columns = new ArrayList<>();
    List<TensorSpec> raw = new ArrayList<>();
    List<TensorSpec> spec = new ArrayList<>();
    for (Map.Entry<String, List<Header>> c : components.entrySet()) {
      Built records = new Built(
          tf.constant(0L), List.of(new TensorSpec(c.getKey(), TString.class, Shape.scalar())));
      List<Operand<? extends TType>> shards = new ArrayList<>();
      for (Header h : c.getValue()) {
        shards.add(tf.data
            .fixedLengthRecordDataset(
                DatasetOps.strings(tf, h.file().toString()),
                tf.constant(h.offset()),
                tf.constant(h.recordBytes()),
                tf.constant(0L),
                tf.constant(256L * 1024),
                tf.constant(""))
            .handle());
      }
      columns.add(TfRecordSource.concatenate(tf, records, shards, 0, shards.size()));
      raw.add(records.spec().get(0));
      Header first = c.getValue().get(0);
      spec.add(new TensorSpec(c.getKey(), first.type(), first.sampleShape()));
    }
    Built zipped = new Built(tf.constant(0L), raw);
    Operand<? extends TType> all = columns.size() == 1
        ? columns.get(0)
        : tf.data.zipDataset(columns, zipped.types(), zipped.shapes()).handle();
    Built records = new Built(all, raw);
    if (!ctx.skipsErrors())
      return Grouped.decode(ctx, records, "The .npy decoder", (o, e) -> decode(o, e, spec, true));
    records = ctx.countRecords(records);
    Functions.Fn decode =
        Functions.of(raw, "The .npy decoder", (o, e) -> decode(o, e, spec, false));
    ctx.keep(decode.function());
    Built out = new Built(records.handle(), decode.outputs());
    return out.withHandle(tf.data
        .mapDataset(
            records.handle(),
            List.of(),
            decode.function(),
            out.types(),
            out.shapes(),
            MapDataset.preserveCardinality(true))
        .handle());
  }

  /** Decodes the bytes of one sample, or of a group of samples ({@code grouped}: every output gains a leading dimension). */
  private Element decode(Ops o, Element e, List<TensorSpec> spec, boolean grouped) {
    Map<String, Operand<?>> out = new LinkedHashMap<>();
    for (TensorSpec s : spec) {
      Header h = components.get(s.name()).get(0);
      Operand<?> values = o.io.decodeRaw(
          e.get(s.name(), TString.class), s.dtype(), DecodeRaw.littleEndian(h.littleEndian()));
      long[] dims = s.shape().asArray();
      if (grouped) {
        long[] g = new long[dims.length + 1];
        g[0] = -1;
        System.arraycopy(dims, 0, g, 1, dims.length);
        dims = g;
      }
      out.put(s.name(), o.reshape(values, o.constant(dims)));
    }
    return Element.of(out);
  }

  @Override
  public String describe() {
    StringBuilder b = new StringBuilder("fromNpy(");
    components.forEach((k, v) -> b.append(b.length() > 8 ? ", " : "")
        .append(k)
        .append('=')
        .append(v.size())
        .append(" shards"));
    return b.append(')').toString();
  }
}
