package io.tfweave.data.format;

import java.nio.ByteOrder;

/** Parses numpy dtype strings such as {@code <i8}, {@code |u1}, {@code <f4} and {@code |O}. */
final class NpyDtype {
  private NpyDtype() {}

  /** Checks {@code descr} is a supported dtype; {@code source} names the file in errors. */
  static String validate(String descr, String source) {
    boolean ok;
    try {
      char k = kind(descr);
      int size = itemSize(descr);
      ok = switch (k) {
        case 'O' -> true;
        case 'b' -> size == 1;
        case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
        case 'f' -> size == 4 || size == 8;
        default -> false;
      };
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      throw new MalformedDataException(source + ": unsupported dtype '" + descr + "'; supported"
          + " are b1, i1, i2, i4, i8, u1, u2, u4, u8, f4, f8 (either byte order) and O");
    }
    return descr;
  }

  static char kind(String descr) {
    return body(descr).charAt(0);
  }

  static int itemSize(String descr) {
    String body = body(descr);
    if (body.charAt(0) == 'O') {
      return 8;
    }
    return Integer.parseInt(body.substring(1));
  }

  static ByteOrder order(String descr) {
    switch (descr.charAt(0)) {
      case '>':
        return ByteOrder.BIG_ENDIAN;
      case '=':
        return ByteOrder.nativeOrder();
      default:
        return ByteOrder.LITTLE_ENDIAN;
    }
  }

  private static String body(String descr) {
    return "<>|=".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
  }
}
