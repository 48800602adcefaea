package io.tfweave.formats;

import io.tfweave.formats.internal.Crc32c;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads TFRecord files record by record, verifying both masked CRC-32C checksums of every record
 * (the inverse of {@link TfRecordWriter}).
 *
 * <p>A damaged or truncated record throws {@link CorruptFileException} naming the record index
 * and byte offset.
 */
public final class TfRecordReader implements AutoCloseable {
  /** Records longer than this are rejected as corrupt lengths rather than allocated. */
  public static final long MAX_RECORD_BYTES = Integer.MAX_VALUE - 8;

  private final InputStream in;
  private final Path file;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private long offset;
  private long index;

  /** Reads from {@code in}; {@code file} (may be null) only names the source in errors. */
  public TfRecordReader(InputStream in, Path file) {
    this.in = Objects.requireNonNull(in, "in");
    this.file = file;
  }

  /** Opens {@code file} for reading. */
  public static TfRecordReader open(Path file) throws IOException {
    return new TfRecordReader(new BufferedInputStream(Files.newInputStream(file)), file);
  }

  /** Reads every record of {@code file}. */
  public static List<byte[]> readAll(Path file) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (TfRecordReader r = open(file)) {
      for (byte[] rec = r.next(); rec != null; rec = r.next()) {
        out.add(rec);
      }
    }
    return out;
  }

  /** The next record's data, or {@code null} at a clean end of file. */
  public byte[] next() throws IOException {
    int got = in.readNBytes(header, 0, 12);
    if (got == 0) {
      return null;
    }
    if (got < 12) {
      throw corrupt("expected a 12-byte record header, but the file ends after " + got + " bytes");
    }
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long length = h.getLong(0);
    int storedLengthCrc = h.getInt(8);
    int lengthCrc = Crc32c.of(header, 0, 8);
    if (Crc32c.unmask(storedLengthCrc) != lengthCrc) {
      throw corrupt(
          "length checksum mismatch: expected " + Crc32c.hex(Crc32c.unmask(storedLengthCrc))
              + ", but the length bytes give " + Crc32c.hex(lengthCrc));
    }
    if (length < 0 || length > MAX_RECORD_BYTES) {
      throw corrupt(
          "expected a record length below 2 GiB, but found " + Long.toUnsignedString(length));
    }
    byte[] data = in.readNBytes((int) length);
    if (data.length < length || in.readNBytes(footer, 0, 4) < 4) {
      throw corrupt("expected " + length
          + " data bytes and a 4-byte checksum, but the file ends early" + " (truncated record)");
    }
    int storedCrc = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    int crc = Crc32c.of(data);
    if (Crc32c.unmask(storedCrc) != crc) {
      throw corrupt("data checksum mismatch: expected " + Crc32c.hex(Crc32c.unmask(storedCrc))
          + ", but the " + length + " data bytes give " + Crc32c.hex(crc));
    }
    offset += 16 + length;
    index++;
    return data;
  }

  private CorruptFileException corrupt(String detail) {
    return new CorruptFileException(file, "record " + index + " at byte " + offset + ": " + detail);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
