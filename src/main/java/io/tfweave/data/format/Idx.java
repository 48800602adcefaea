package io.tfweave.data.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, gzip-compressed or plain.
 *
 * <p>An IDX file starts with the magic {@code 0x00 0x00 type ndims}, then {@code ndims}
 * big-endian 32-bit dimension sizes, then the elements in row-major order, big-endian. Type
 * codes are {@code 0x08} unsigned byte, {@code 0x09} signed byte, {@code 0x0B} short,
 * {@code 0x0C} int, {@code 0x0D} float and {@code 0x0E} double. Compression is detected from
 * the gzip magic bytes, not from the file name.
 */
public final class Idx {
  private Idx() {}

  /** Reads the IDX file at {@code path}. */
  public static IdxArray read(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads one IDX array from {@code in}, decompressing it first if it is gzip data.
   *
   * @param source a name for error messages, e.g. the file name
   */
  public static IdxArray read(InputStream in, String source) {
    try {
      BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
      buffered.mark(2);
      int b0 = buffered.read();
      int b1 = buffered.read();
      buffered.reset();
      InputStream data = b0 == 0x1f && b1 == 0x8b
          ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16)
          : buffered;
      byte[] magic = data.readNBytes(4);
      if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
        throw new MalformedDataException(source + ": not an IDX file: expected the magic"
            + " 00 00 <type> <ndims> but found " + hex(magic));
      }
      int type = magic[2] & 0xFF;
      int itemSize = IdxArray.itemSize(type);
      if (itemSize < 0) {
        throw new MalformedDataException(source + ": unknown IDX element type 0x"
            + String.format("%02X", type) + "; expected 08, 09, 0B, 0C, 0D or 0E");
      }
      int ndims = magic[3] & 0xFF;
      byte[] dimBytes = data.readNBytes(4 * ndims);
      if (dimBytes.length != 4 * ndims) {
        throw new MalformedDataException(
            source + ": truncated IDX header: expected " + ndims + " dimension sizes");
      }
      int[] shape = new int[ndims];
      long count = 1;
      for (int d = 0; d < ndims; d++) {
        shape[d] = ((dimBytes[4 * d] & 0xFF) << 24)
            | ((dimBytes[4 * d + 1] & 0xFF) << 16)
            | ((dimBytes[4 * d + 2] & 0xFF) << 8)
            | (dimBytes[4 * d + 3] & 0xFF);
        if (shape[d] < 0) {
          throw new MalformedDataException(source + ": negative IDX dimension " + shape[d]);
        }
        count = count > Integer.MAX_VALUE
            ? count
            : count * shape[d]; // stays >= 2^31 (too large) unless a dimension is 0
        if (shape[d] == 0) count = 0;
      }
      long bytes = count > Integer.MAX_VALUE ? Long.MAX_VALUE : count * itemSize;
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new MalformedDataException(source + ": IDX data of "
            + (bytes == Long.MAX_VALUE ? "more than " + Integer.MAX_VALUE : bytes)
            + " bytes is too large to load into one Java array");
      }
      byte[] raw = data.readNBytes((int) bytes);
      if (raw.length != bytes) {
        throw new MalformedDataException(source + ": truncated IDX data: the header declares "
            + bytes + " bytes of elements but the file holds only " + raw.length);
      }
      return new IdxArray(type, shape, raw, source);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new MalformedDataException(
          source + ": damaged gzip data: " + e.getMessage()
              + ". Download or decompress the file again.",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": cannot read IDX data: " + e.getMessage(), e);
    }
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", x & 0xFF));
    }
    return sb.length() == 0 ? "an empty file" : sb.toString();
  }
}
