package io.tfweave.formats;

import com.google.common.hash.Hasher;
import com.google.protobuf.InvalidProtocolBufferException;
import io.tfweave.formats.internal.ByteCursor;
import io.tfweave.formats.internal.CheckpointPaths;
import io.tfweave.formats.internal.Crc32c;
import io.tfweave.formats.internal.Shapes;
import io.tfweave.formats.internal.SsTable;
import io.tfweave.formats.internal.TensorBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Reads a TensorFlow tensor-bundle checkpoint ({@code <prefix>.index} plus
 * {@code <prefix>.data-0000S-of-0000N}) in pure Java, without loading a graph or a session.
 *
 * <p>Every read verifies the CRC-32C recorded for the tensor and throws
 * {@link CorruptFileException} on a mismatch.
 * <pre>{@code
 * CheckpointReader ckpt = CheckpointReader.open(Path.of("savedmodels/mobilenet_v2"));
 * for (CheckpointVariable v : ckpt.variables()) { ... }
 * float[] kernel = ckpt.readFloats("dense/kernel");
 * }</pre>
 */
public final class CheckpointReader {
  /** The key of the serialized {@code TrackableObjectGraph} in TF2 object-based checkpoints. */
  public static final String OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH";

  private final Path prefix;
  private final BundleHeaderProto header;
  private final ByteOrder order;
  private final Map<String, BundleEntryProto> entries;
  private final Map<String, CheckpointVariable> variables;

  private CheckpointReader(Path prefix, BundleHeaderProto header, Map<String, BundleEntryProto> e) {
    this.prefix = prefix;
    this.header = header;
    this.order = header.getEndianness() == BundleHeaderProto.Endianness.BIG
        ? ByteOrder.BIG_ENDIAN
        : ByteOrder.LITTLE_ENDIAN;
    this.entries = e;
    Map<String, CheckpointVariable> vars = new LinkedHashMap<>();
    e.forEach((name, entry) -> vars.put(
        name,
        new CheckpointVariable(
            name,
            entry.getDtype(),
            shapeOf(entry.getShape()),
            entry.getSize(),
            entry.getSlicesCount() > 0)));
    this.variables = Collections.unmodifiableMap(vars);
  }

  /**
   * Opens a checkpoint from a SavedModel directory (reads {@code variables/variables}), a
   * directory with a {@code checkpoint} state file or a single {@code .index}, or a prefix.
   */
  public static CheckpointReader open(Path savedModelDirOrPrefix) throws IOException {
    Path prefix = CheckpointPaths.resolvePrefix(savedModelDirOrPrefix);
    Path indexFile = CheckpointPaths.indexFile(prefix);
    Map<String, byte[]> table = SsTable.read(indexFile);
    byte[] headerBytes = table.get("");
    if (headerBytes == null) {
      throw new CorruptFileException(
          indexFile,
          "expected a BundleHeaderProto under the empty key, but the table has no such entry");
    }
    BundleHeaderProto header;
    Map<String, BundleEntryProto> entries = new LinkedHashMap<>();
    String key = "";
    try {
      header = BundleHeaderProto.parseFrom(headerBytes);
      for (Map.Entry<String, byte[]> e : table.entrySet()) {
        key = e.getKey();
        if (!key.isEmpty()) {
          entries.put(key, BundleEntryProto.parseFrom(e.getValue()));
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFileException(
          indexFile,
          "expected a "
              + (key.isEmpty() ? "BundleHeaderProto" : "BundleEntryProto for key '" + key + "'")
              + ", but the value does not parse",
          e);
    }
    return new CheckpointReader(prefix, header, Collections.unmodifiableMap(entries));
  }

  /** The checkpoint prefix, e.g. {@code <savedmodel>/variables/variables}. */
  public Path prefix() {
    return prefix;
  }

  /** The number of data shards the header declares. */
  public int numShards() {
    return header.getNumShards();
  }

  /** Every stored tensor in key order (the header entry excluded). */
  public List<CheckpointVariable> variables() {
    return List.copyOf(variables.values());
  }

  /** Whether a tensor with this key is stored. */
  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** The description of one tensor; throws if the key is unknown. */
  public CheckpointVariable variable(String name) {
    entry(name);
    return variables.get(name);
  }

  /** The raw, checksum-verified bytes of a tensor as stored in its shard. */
  public byte[] readBytes(String name) throws IOException {
    BundleEntryProto e = entry(name);
    byte[] raw = readRaw(name, e);
    if (e.getDtype() != DataType.DT_STRING) {
      int actual = Crc32c.of(raw);
      if (actual != Crc32c.unmask(e.getCrc32C())) {
        throw new CorruptFileException(
            shardFile(e),
            "checksum mismatch for tensor '" + name
                + "': expected CRC-32C " + Crc32c.hex(Crc32c.unmask(e.getCrc32C()))
                + " (from the index), but the " + raw.length + " bytes at offset " + e.getOffset()
                + " give " + Crc32c.hex(actual));
      }
    }
    return raw;
  }

  /** Reads a DT_FLOAT tensor; DT_DOUBLE, DT_HALF and DT_BFLOAT16 are converted to float. */
  public float[] readFloats(String name) throws IOException {
    DataType t = expect(name, TensorBytes.FLOATING, "readFloats");
    return TensorBytes.toFloats(t, checkedFixedWidth(name), order);
  }

  /** Reads a DT_DOUBLE tensor; DT_FLOAT, DT_HALF and DT_BFLOAT16 are widened exactly. */
  public double[] readDoubles(String name) throws IOException {
    DataType t = expect(name, TensorBytes.FLOATING, "readDoubles");
    return TensorBytes.toDoubles(t, checkedFixedWidth(name), order);
  }

  /** Reads a DT_INT32 tensor; narrower integer types and DT_BOOL (0/1) are widened. */
  public int[] readInts(String name) throws IOException {
    DataType t = expect(name, TensorBytes.INT32_COMPATIBLE, "readInts");
    return TensorBytes.toInts(t, checkedFixedWidth(name), order);
  }

  /** Reads a DT_INT64 tensor; DT_UINT32 and every narrower integer type are widened. */
  public long[] readLongs(String name) throws IOException {
    DataType t = expect(name, TensorBytes.INT64_COMPATIBLE, "readLongs");
    return TensorBytes.toLongs(t, checkedFixedWidth(name), order);
  }

  /** Reads a scalar DT_STRING tensor as bytes (TensorFlow strings are byte strings). */
  public byte[] readString(String name) throws IOException {
    BundleEntryProto e = entry(name);
    long n = shapeOf(e.getShape()).size();
    if (n != 1) {
      throw new IllegalArgumentException("readString expects a scalar DT_STRING tensor, but '"
          + name + "' has shape " + shapeOf(e.getShape()) + ". Use readStrings for arrays.");
    }
    return readStrings(name).get(0);
  }

  /** Reads every element of a DT_STRING tensor, in row-major order. */
  public List<byte[]> readStrings(String name) throws IOException {
    expect(name, Set.of(DataType.DT_STRING), "readStrings");
    BundleEntryProto e = entry(name);
    return decodeStrings(name, e, readRaw(name, e));
  }

  private List<byte[]> decodeStrings(String name, BundleEntryProto e, byte[] raw)
      throws IOException {
    Path file = shardFile(e);
    int n = Math.toIntExact(shapeOf(e.getShape()).size());
    ByteCursor c = new ByteCursor(file, raw, 0, raw.length);
    Hasher lengthsOnly = Crc32c.hasher();
    Hasher all = Crc32c.hasher();
    long[] lengths = new long[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = c.varint64();
      if (lengths[i] >= 0 && lengths[i] <= 0xffffffffL) {
        int v = order == ByteOrder.LITTLE_ENDIAN
            ? (int) lengths[i]
            : Integer.reverseBytes((int) lengths[i]);
        lengthsOnly.putInt(v);
        all.putInt(v);
      } else {
        lengthsOnly.putLong(lengths[i]);
        all.putLong(lengths[i]);
      }
    }
    int storedLengthCrc = c.fixed32();
    int lengthCrc = lengthsOnly.hash().asInt();
    if (Crc32c.unmask(storedLengthCrc) != lengthCrc) {
      throw new CorruptFileException(
          file,
          "checksum mismatch in the string lengths of '" + name
              + "': expected " + Crc32c.hex(Crc32c.unmask(storedLengthCrc)) + ", but computed "
              + Crc32c.hex(lengthCrc));
    }
    all.putInt(storedLengthCrc);
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] s = new byte[Math.toIntExact(lengths[i])];
      c.read(s, 0, s.length);
      all.putBytes(s);
      out.add(s);
    }
    int actual = all.hash().asInt();
    if (actual != Crc32c.unmask(e.getCrc32C())) {
      throw new CorruptFileException(
          file,
          "checksum mismatch for string tensor '" + name
              + "': expected CRC-32C " + Crc32c.hex(Crc32c.unmask(e.getCrc32C()))
              + " (from the index), but the stored bytes give " + Crc32c.hex(actual));
    }
    return out;
  }

  private byte[] checkedFixedWidth(String name) throws IOException {
    BundleEntryProto e = entry(name);
    long expected = shapeOf(e.getShape()).size() * TensorBytes.elementSize(e.getDtype());
    if (e.getSize() != expected) {
      throw new CorruptFileException(
          CheckpointPaths.indexFile(prefix),
          "tensor '" + name
              + "' (" + e.getDtype() + " " + shapeOf(e.getShape()) + ") should occupy " + expected
              + " bytes, but its entry says " + e.getSize());
    }
    return readBytes(name);
  }

  private byte[] readRaw(String name, BundleEntryProto e) throws IOException {
    if (e.getSlicesCount() > 0) {
      throw new UnsupportedOperationException("Tensor '" + name + "' is stored as "
          + e.getSlicesCount() + " partitioned slices; only whole tensors can be read. "
          + "Restore it with TensorFlow's RestoreV2 instead.");
    }
    Path file = shardFile(e);
    if (!Files.exists(file)) {
      throw new CorruptFileException(
          file,
          "tensor '" + name + "' lives in data shard " + e.getShardId()
              + ", but that file does not exist");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long end = e.getOffset() + e.getSize();
      if (e.getOffset() < 0 || end > ch.size()) {
        throw new CorruptFileException(
            file,
            "tensor '" + name + "' should occupy bytes [" + e.getOffset() + ", " + end
                + "), but the shard has only " + ch.size() + " bytes");
      }
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(e.getSize()));
      while (buf.hasRemaining()) {
        if (ch.read(buf, e.getOffset() + buf.position()) < 0) {
          throw new CorruptFileException(file, "unexpected end of shard reading '" + name + "'");
        }
      }
      return buf.array();
    }
  }

  private Path shardFile(BundleEntryProto e) {
    return CheckpointPaths.dataFile(prefix, e.getShardId(), Math.max(1, header.getNumShards()));
  }

  private BundleEntryProto entry(String name) {
    BundleEntryProto e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("No tensor named '" + name + "' in checkpoint " + prefix
          + " (" + entries.size() + " tensors). Use variables() to list the stored names.");
    }
    return e;
  }

  private DataType expect(String name, Set<DataType> allowed, String method) {
    DataType t = entry(name).getDtype();
    if (!allowed.contains(t)) {
      throw new IllegalArgumentException(
          method + " expects a tensor of type " + allowed + ", but '" + name + "' is " + t + ".");
    }
    return t;
  }

  private static Shape shapeOf(TensorShapeProto p) {
    return Shapes.of(p);
  }
}
