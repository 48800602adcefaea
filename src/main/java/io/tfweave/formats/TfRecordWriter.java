package io.tfweave.formats;

import io.tfweave.formats.internal.Crc32c;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes TFRecord files, the framing of TensorBoard event files and {@code tf.data} record files.
 *
 * <p>Each record is {@code uint64 length, uint32 masked_crc32c(length bytes), data,
 * uint32 masked_crc32c(data)}, all little-endian, with TensorFlow's CRC mask
 * ({@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}). Records are not compressed.
 */
public final class TfRecordWriter implements AutoCloseable {
  private final OutputStream out;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private boolean closed;

  /** Writes records to {@code out}; closing the writer closes the stream. */
  public TfRecordWriter(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Creates (or truncates) {@code file} and writes records to it. */
  public static TfRecordWriter open(Path file) throws IOException {
    return new TfRecordWriter(new BufferedOutputStream(Files.newOutputStream(file)));
  }

  /** Appends one record holding {@code data}. */
  public void write(byte[] data) throws IOException {
    write(data, 0, data.length);
  }

  /** Appends one record holding {@code length} bytes of {@code data} from {@code offset}. */
  public void write(byte[] data, int offset, int length) throws IOException {
    if (closed) {
      throw new IllegalStateException("write() called after close()");
    }
    Objects.checkFromIndexSize(offset, length, data.length);
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    h.putLong(0, length);
    h.putInt(8, Crc32c.mask(Crc32c.of(header, 0, 8)));
    out.write(header);
    out.write(data, offset, length);
    ByteBuffer.wrap(footer)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0, Crc32c.mask(Crc32c.of(data, offset, length)));
    out.write(footer);
  }

  /** Flushes buffered records to the underlying stream. */
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }
}
