package io.tfweave.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (format versions 1–3): float16/32/64, signed and unsigned integers and booleans, either
 * byte order, C or Fortran order.
 */
final class NpyFiles {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR =
      Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([a-zA-Z])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyFiles() {}

  /** The array in {@code file}. */
  static NumericArray read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(CliFiles.inputFile(file, "npy file"));
    } catch (IOException e) {
      throw new CliException("could not read npy file '" + file + "': " + e.getMessage(), e);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes.length <= i || bytes[i] != MAGIC[i]) {
        throw new CliException(
            "'" + file + "' is not an npy file: it does not start with \\x93NUMPY");
      }
    }
    if (bytes.length < 10)
      throw new CliException("npy file '" + file + "' is truncated inside its header");
    int major = bytes[6];
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = Short.toUnsignedInt(b.getShort(8));
      start = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12)
        throw new CliException("npy file '" + file + "' is truncated inside its header");
      headerLen = b.getInt(8);
      start = 12;
    } else {
      throw new CliException("npy file '" + file + "' has format version " + major
          + "; versions 1, 2 and 3 are supported");
    }
    if (headerLen < 0 || start + headerLen > bytes.length)
      throw new CliException("npy file '" + file + "' is truncated inside its header");
    String header = new String(
        bytes, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new CliException("npy file '" + file
          + "' has a header without a simple 'descr', 'fortran_order' or 'shape': "
          + header.trim());
    }
    long[] shape = parseShape(s.group(1), file);
    long n = 1;
    for (long x : shape) n *= x;
    char kind = d.group(2).charAt(0);
    int width = Integer.parseInt(d.group(3));
    checkType(kind, width, d.group(1) + kind + width, file);
    ByteBuffer data = ByteBuffer.wrap(bytes, start + headerLen, bytes.length - start - headerLen)
        .slice()
        .order(">".equals(d.group(1)) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    if ((long) data.remaining() < n * width) {
      throw new CliException("npy file '" + file + "' is truncated: shape "
          + java.util.Arrays.toString(shape) + " of " + d.group(1) + kind + width + " needs "
          + n * width + " bytes of data, but it has " + data.remaining());
    }
    double[] values = new double[Math.toIntExact(n)];
    for (int i = 0; i < values.length; i++) values[i] = element(data, i * width, kind, width);
    if ("True".equals(f.group(1))) values = fortranToC(values, shape);
    return new NumericArray(shape, values);
  }

  private static long[] parseShape(String text, Path file) {
    String[] parts = text.split(",");
    long[] shape =
        new long[(int) java.util.Arrays.stream(parts).filter(p -> !p.isBlank()).count()];
    int k = 0;
    for (String p : parts) {
      if (p.isBlank()) continue;
      try {
        shape[k++] = Long.parseLong(p.trim().replaceFirst("L$", ""));
      } catch (NumberFormatException e) {
        throw new CliException("npy file '" + file + "' has an unreadable shape (" + text + ")");
      }
    }
    return shape;
  }

  private static void checkType(char kind, int width, String descr, Path file) {
    boolean ok =
        switch (kind) {
          case 'f' -> width == 2 || width == 4 || width == 8;
          case 'i', 'u' -> width == 1 || width == 2 || width == 4 || width == 8;
          case 'b' -> width == 1;
          default -> false;
        };
    if (!ok) {
      throw new CliException("npy file '" + file + "' holds dtype '" + descr
          + "'; supported are float16/32/64, int8–64," + " uint8–64 and bool");
    }
  }

  private static double element(ByteBuffer b, int at, char kind, int width) {
    return switch (kind) {
      case 'f' -> width == 2 ? half(b.getShort(at)) : width == 4 ? b.getFloat(at) : b.getDouble(at);
      case 'b' -> b.get(at) != 0 ? 1 : 0;
      case 'i' -> switch (width) {
        case 1 -> b.get(at);
        case 2 -> b.getShort(at);
        case 4 -> b.getInt(at);
        default -> b.getLong(at);
      };
      default -> switch (width) {
        case 1 -> Byte.toUnsignedInt(b.get(at));
        case 2 -> Short.toUnsignedInt(b.getShort(at));
        case 4 -> Integer.toUnsignedLong(b.getInt(at));
        default -> Double.parseDouble(Long.toUnsignedString(b.getLong(at)));
      };
    };
  }

  /** IEEE 754 binary16 to float. */
  private static float half(short h) {
    int sign = (h >>> 15) & 1;
    int exp = (h >>> 10) & 0x1f;
    int frac = h & 0x3ff;
    float v;
    if (exp == 0) v = frac * 0x1p-24f;
    else if (exp == 31) v = frac == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
    else v = (1 + frac / 1024f) * (float) Math.pow(2, exp - 15);
    return sign == 1 ? -v : v;
  }

  /** Reorders column-major values to row-major. */
  private static double[] fortranToC(double[] v, long[] shape) {
    double[] out = new double[v.length];
    int[] idx = new int[shape.length];
    for (int i = 0; i < v.length; i++) {
      long c = 0;
      for (int k = 0; k < shape.length; k++) c = c * shape[k] + idx[k];
      out[(int) c] = v[i];
      for (int k = 0; k < shape.length && ++idx[k] == shape[k]; k++) idx[k] = 0;
    }
    return out;
  }
}
