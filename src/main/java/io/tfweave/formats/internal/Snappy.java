package io.tfweave.formats.internal;

/**
 * Decompresses raw Snappy blocks (the format LevelDB tables use for compression type 1).
 *
 * <p>A block is a varint uncompressed length followed by literal and back-reference elements.
 * Malformed input throws {@link IllegalArgumentException} saying what was expected.
 */
public final class Snappy {
  private Snappy() {}

  /** Decompresses {@code length} bytes of {@code in} starting at {@code offset}. */
  public static byte[] decompress(byte[] in, int offset, int length) {
    int end = offset + length;
    int pos = offset;
    long expected = 0;
    int shift = 0;
    while (true) {
      check(pos < end, "a complete length preamble", "end of block");
      int b = in[pos++] & 0xff;
      expected |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
      shift += 7;
      check(shift <= 28, "a varint32 length preamble", "more than 5 bytes");
    }
    check(expected <= Integer.MAX_VALUE, "an uncompressed length below 2 GiB", expected + " bytes");
    byte[] out = new byte[(int) expected];
    int o = 0;
    while (pos < end) {
      int tag = in[pos++] & 0xff;
      int kind = tag & 3;
      if (kind == 0) {
        int len = tag >>> 2;
        if (len >= 60) {
          int extra = len - 59;
          check(pos + extra <= end, "a literal length", "end of block");
          len = 0;
          for (int i = 0; i < extra; i++) {
            len |= (in[pos++] & 0xff) << (8 * i);
          }
        }
        len += 1;
        check(
            len > 0 && pos + len <= end && o + len <= out.length,
            "a literal of " + len + " bytes inside the block",
            "too few bytes");
        System.arraycopy(in, pos, out, o, len);
        pos += len;
        o += len;
        continue;
      }
      int len;
      int dist;
      if (kind == 1) {
        check(pos + 1 <= end, "a 1-byte copy offset", "end of block");
        len = ((tag >>> 2) & 7) + 4;
        dist = ((tag >>> 5) << 8) | (in[pos++] & 0xff);
      } else if (kind == 2) {
        check(pos + 2 <= end, "a 2-byte copy offset", "end of block");
        len = (tag >>> 2) + 1;
        dist = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8;
        pos += 2;
      } else {
        check(pos + 4 <= end, "a 4-byte copy offset", "end of block");
        len = (tag >>> 2) + 1;
        dist = (in[pos] & 0xff)
            | (in[pos + 1] & 0xff) << 8
            | (in[pos + 2] & 0xff) << 16
            | (in[pos + 3] & 0xff) << 24;
        pos += 4;
      }
      check(dist > 0 && dist <= o, "a copy offset in 1.." + o, String.valueOf(dist));
      check(o + len <= out.length, "at most " + out.length + " output bytes", (o + len) + " bytes");
      for (int i = 0; i < len; i++, o++) {
        out[o] = out[o - dist];
      }
    }
    check(o == out.length, out.length + " uncompressed bytes", o + " bytes");
    return out;
  }

  private static void check(boolean ok, String expected, String received) {
    if (!ok) {
      throw new IllegalArgumentException(
          "Malformed Snappy block: expected " + expected + ", but found " + received + ".");
    }
  }
}
