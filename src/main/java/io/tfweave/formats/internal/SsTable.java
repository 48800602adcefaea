package io.tfweave.formats.internal;

import io.tfweave.formats.CorruptFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a whole LevelDB-format table (TensorFlow's {@code lib/io/table}), the format of a
 * checkpoint's {@code .index} file, into an ordered key/value map.
 *
 * <p>Layout: data blocks, a meta-index block, an index block, then a 48-byte footer holding the
 * two block handles and the magic {@value #MAGIC_HEX}. Each block is a run of prefix-compressed
 * entries, a restart array and a 5-byte trailer (compression type, masked CRC-32C of the block
 * and type). Uncompressed and Snappy blocks are supported.
 */
public final class SsTable {
  /** The table magic number, stored little-endian in the last 8 bytes. */
  public static final long MAGIC = 0xdb4775248b80fb57L;

  static final String MAGIC_HEX = "0xdb4775248b80fb57";
  private static final int FOOTER_LENGTH = 48;
  private static final int TRAILER_LENGTH = 5;
  private static final int NO_COMPRESSION = 0;
  private static final int SNAPPY_COMPRESSION = 1;

  private SsTable() {}

  /** Reads every entry of the table in {@code file}, in stored (sorted) key order. */
  public static Map<String, byte[]> read(Path file) throws IOException {
    return read(file, Files.readAllBytes(file));
  }

  /** Reads every entry of a table held in {@code bytes}; {@code file} only names it in errors. */
  public static Map<String, byte[]> read(Path file, byte[] bytes) throws IOException {
    if (bytes.length < FOOTER_LENGTH) {
      throw new CorruptFileException(
          file,
          "expected a table of at least " + FOOTER_LENGTH + " bytes (the footer), but the file has "
              + bytes.length + " bytes");
    }
    ByteCursor footer = new ByteCursor(file, bytes, bytes.length - FOOTER_LENGTH, bytes.length);
    long magic = footer.fixed64At(bytes.length - 8);
    if (magic != MAGIC) {
      throw new CorruptFileException(
          file,
          "expected table magic " + MAGIC_HEX
              + " at the end of the file, but found " + String.format("0x%016x", magic)
              + ". Is this really a checkpoint .index file?");
    }
    footer.varint64(); // meta-index offset (unused: TF writes no filter blocks)
    footer.varint64(); // meta-index size
    long indexOffset = footer.varint64();
    long indexSize = footer.varint64();
    Map<String, byte[]> out = new LinkedHashMap<>();
    Map<String, byte[]> index = new LinkedHashMap<>();
    readBlock(file, bytes, indexOffset, indexSize, "index block", index);
    for (Map.Entry<String, byte[]> e : index.entrySet()) {
      ByteCursor handle = new ByteCursor(file, e.getValue(), 0, e.getValue().length);
      long offset = handle.varint64();
      long size = handle.varint64();
      readBlock(file, bytes, offset, size, "data block ending at key '" + e.getKey() + "'", out);
    }
    return Collections.unmodifiableMap(out);
  }

  private static void readBlock(
      Path file, byte[] bytes, long offset, long size, String what, Map<String, byte[]> into)
      throws IOException {
    // (each bounded first, so that the sum cannot overflow for huge varints)
    if (offset < 0
        || size < 0
        || offset > bytes.length
        || size > bytes.length
        || offset + size + TRAILER_LENGTH > bytes.length) {
      throw new CorruptFileException(
          file,
          "expected the " + what + " (offset " + offset + ", size " + size
              + " + 5-byte trailer) inside the file of " + bytes.length + " bytes");
    }
    int start = (int) offset;
    int len = (int) size;
    int type = bytes[start + len] & 0xff;
    int stored = new ByteCursor(file, bytes, 0, bytes.length).fixed32At(start + len + 1);
    int actual = Crc32c.hasher().putBytes(bytes, start, len + 1).hash().asInt();
    if (Crc32c.unmask(stored) != actual) {
      throw new CorruptFileException(
          file,
          "checksum mismatch in the " + what + ": expected CRC-32C "
              + Crc32c.hex(Crc32c.unmask(stored)) + " (stored), but the bytes give "
              + Crc32c.hex(actual));
    }
    byte[] block;
    int from;
    int to;
    if (type == NO_COMPRESSION) {
      block = bytes;
      from = start;
      to = start + len;
    } else if (type == SNAPPY_COMPRESSION) {
      try {
        block = Snappy.decompress(bytes, start, len);
      } catch (IllegalArgumentException e) {
        throw new CorruptFileException(file, "cannot decompress the " + what, e);
      }
      from = 0;
      to = block.length;
    } else {
      throw new CorruptFileException(
          file,
          "expected compression type 0 (none) or 1 (Snappy) for" + " the " + what + ", but found "
              + type);
    }
    parseEntries(file, block, from, to, what, into);
  }

  private static void parseEntries(
      Path file, byte[] block, int from, int to, String what, Map<String, byte[]> into)
      throws IOException {
    ByteCursor c = new ByteCursor(file, block, from, to);
    if (to - from < 4) {
      throw new CorruptFileException(
          file,
          "expected a restart count in the " + what + ", but the block has " + (to - from)
              + " bytes");
    }
    long numRestarts = c.fixed32At(to - 4) & 0xffffffffL;
    long restartsStart = to - 4 - 4 * numRestarts;
    if (restartsStart < from) {
      throw new CorruptFileException(
          file,
          "the " + what + " claims " + numRestarts + " restart points, more than its " + (to - from)
              + " bytes can hold");
    }
    ByteCursor entries = new ByteCursor(file, block, from, (int) restartsStart);
    byte[] key = new byte[0];
    while (entries.remaining() > 0) {
      int shared = entries.varint32();
      int nonShared = entries.varint32();
      int valueLength = entries.varint32();
      if (shared > key.length) {
        throw new CorruptFileException(
            file,
            "an entry in the " + what + " shares " + shared
                + " key bytes with a previous key of only " + key.length + " bytes");
      }
      byte[] next = new byte[shared + nonShared];
      System.arraycopy(key, 0, next, 0, shared);
      entries.read(next, shared, nonShared);
      key = next;
      byte[] value = new byte[valueLength];
      entries.read(value, 0, valueLength);
      into.put(new String(key, StandardCharsets.UTF_8), value);
    }
  }
}
