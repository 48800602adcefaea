package io.tfweave.formats.internal;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;

/**
 * Computes CRC-32C checksums and applies TensorFlow's (and LevelDB's) checksum mask.
 *
 * <p>Stored checksums are masked because a CRC of data that itself contains CRCs is weak:
 * {@code mask(crc) = ((crc >>> 15) | (crc << 17)) + 0xa282ead8}.
 */
public final class Crc32c {
  /** The constant TensorFlow adds when masking a CRC. */
  public static final int MASK_DELTA = 0xa282ead8;

  private Crc32c() {}

  /** The CRC-32C of {@code length} bytes of {@code data} starting at {@code offset}. */
  public static int of(byte[] data, int offset, int length) {
    return Hashing.crc32c().hashBytes(data, offset, length).asInt();
  }

  /** The CRC-32C of all of {@code data}. */
  public static int of(byte[] data) {
    return of(data, 0, data.length);
  }

  /** A Guava hasher that computes CRC-32C incrementally ({@code putInt} writes little-endian). */
  public static Hasher hasher() {
    return Hashing.crc32c().newHasher();
  }

  /** The masked form of {@code crc}, as stored in files. */
  public static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  /** The inverse of {@link #mask(int)}. */
  public static int unmask(int masked) {
    int rot = masked - MASK_DELTA;
    return (rot >>> 17) | (rot << 15);
  }

  /** Formats a CRC as 8 hex digits for error messages. */
  public static String hex(int crc) {
    return String.format("0x%08x", crc);
  }
}
