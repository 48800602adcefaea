package io.tfweave.formats.internal;

import io.tfweave.formats.CorruptFileException;
import java.nio.file.Path;

/**
 * Reads little-endian fixed-width integers and varints from a byte range, reporting overruns as
 * {@link CorruptFileException}s that name the file.
 */
public final class ByteCursor {
  private final Path file;
  private final byte[] bytes;
  private final int end;
  private int pos;

  /** A cursor over {@code bytes[from, to)}; {@code file} only names the source in errors. */
  public ByteCursor(Path file, byte[] bytes, int from, int to) {
    this.file = file;
    this.bytes = bytes;
    this.pos = from;
    this.end = to;
  }

  /** Bytes left before the end of the range. */
  public int remaining() {
    return end - pos;
  }

  /** The current absolute position in the underlying array. */
  public int position() {
    return pos;
  }

  /** Reads a varint of at most 10 bytes. */
  public long varint64() throws CorruptFileException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new CorruptFileException(
            file,
            "expected a complete varint at byte " + pos + ", but the range ends at byte " + end);
      }
      int b = bytes[pos++] & 0xff;
      result |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        return result;
      }
    }
    throw new CorruptFileException(
        file, "expected a varint of at most 10 bytes before byte " + pos);
  }

  /** Reads a varint that must fit an unsigned 31-bit length. */
  public int varint32() throws CorruptFileException {
    long v = varint64();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new CorruptFileException(
          file,
          "expected a length below 2^31 before byte " + pos + ", but found "
              + Long.toUnsignedString(v));
    }
    return (int) v;
  }

  /** Copies {@code n} bytes into {@code dst} at {@code off} and advances. */
  public void read(byte[] dst, int off, int n) throws CorruptFileException {
    if (n > end - pos) {
      throw new CorruptFileException(
          file,
          "expected " + n + " more bytes at byte " + pos + ", but only " + (end - pos) + " remain");
    }
    System.arraycopy(bytes, pos, dst, off, n);
    pos += n;
  }

  /** Reads a little-endian 32-bit integer at absolute position {@code at} (no advance). */
  public int fixed32At(int at) throws CorruptFileException {
    if (at < 0 || at + 4 > bytes.length) {
      throw new CorruptFileException(file, "expected 4 bytes at byte " + at + ", past the end");
    }
    return (bytes[at] & 0xff)
        | (bytes[at + 1] & 0xff) << 8
        | (bytes[at + 2] & 0xff) << 16
        | (bytes[at + 3] & 0xff) << 24;
  }

  /** Reads a little-endian 64-bit integer at absolute position {@code at} (no advance). */
  public long fixed64At(int at) throws CorruptFileException {
    return (fixed32At(at) & 0xffffffffL) | ((long) fixed32At(at + 4) << 32);
  }

  /** Reads a little-endian 32-bit integer and advances. */
  public int fixed32() throws CorruptFileException {
    if (end - pos < 4) {
      throw new CorruptFileException(
          file, "expected 4 more bytes at byte " + pos + ", but only " + (end - pos) + " remain");
    }
    int v = fixed32At(pos);
    pos += 4;
    return v;
  }
}
