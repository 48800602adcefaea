package io.tfweave.data.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads numpy {@code .npy} files (format versions 1.0, 2.0 and 3.0) into {@link NpyArray}s.
 *
 * <p>The header is a Python dict literal with {@code descr}, {@code fortran_order} and
 * {@code shape}. Numeric data follows as raw bytes; Fortran-ordered data is reordered to C
 * order. Object arrays ({@code descr='|O'}) hold a pickled {@code numpy.ndarray}, which is
 * decoded with {@link Pickle} without running any Python code.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** The largest header accepted (NumPy writes a few hundred bytes). */
  static final int MAX_HEADER_BYTES = 1 << 20;

  private Npy() {}

  /** Reads the {@code .npy} file at {@code path}. */
  public static NpyArray read(Path path) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      return read(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads one {@code .npy} array from {@code in}.
   *
   * @param source a name for error messages, e.g. {@code imdb.npz!x_train.npy}
   */
  public static NpyArray read(InputStream in, String source) {
    try {
      byte[] magic = in.readNBytes(8);
      for (int i = 0; i < MAGIC.length; i++) {
        if (i >= magic.length || magic[i] != MAGIC[i]) {
          throw new MalformedDataException(source + ": not a .npy file: expected the magic"
              + " string \\x93NUMPY but found " + hex(magic));
        }
      }
      if (magic.length < 8) {
        throw new MalformedDataException(
            source + ": truncated .npy file: expected the 8-byte magic and version but found "
                + magic.length + " bytes");
      }
      int major = magic[6];
      int headerLength;
      if (major == 1) {
        headerLength = (int) littleEndian(readFully(in, 2, source));
      } else if (major == 2 || major == 3) {
        headerLength = (int) littleEndian(readFully(in, 4, source));
      } else {
        throw new MalformedDataException(source + ": unsupported .npy format version " + major + "."
            + magic[7] + "; supported are 1.0, 2.0 and 3.0");
      }
      if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
        throw new MalformedDataException(
            source + ": .npy header length " + Integer.toUnsignedString(headerLength)
                + " is out of range; expected at most " + MAX_HEADER_BYTES + " bytes");
      }
      byte[] headerBytes = readFully(in, headerLength, source);
      String header = new String(
              headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)
          .trim();
      if (!(PythonLiteral.parse(header, source) instanceof Map<?, ?> dict)) {
        throw new MalformedDataException(source + ": .npy header is not a dict: " + header);
      }
      if (!(dict.get("descr") instanceof String descr)) {
        throw new MalformedDataException(source + ": unsupported dtype " + dict.get("descr")
            + "; structured dtypes are not supported");
      }
      NpyDtype.validate(descr, source);
      boolean fortran = Boolean.TRUE.equals(dict.get("fortran_order"));
      long[] shape = shapeOf(dict.get("shape"), source);
      if (NpyDtype.kind(descr) == 'O') {
        return fromPickle(Pickle.load(in, source), source);
      }
      long size = product(shape);
      long bytes =
          size > (Integer.MAX_VALUE - 8) ? Long.MAX_VALUE : size * NpyDtype.itemSize(descr);
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new MalformedDataException(source + ": array of "
            + (bytes == Long.MAX_VALUE ? "more than " + Integer.MAX_VALUE : bytes)
            + " bytes is too large to load into one Java array");
      }
      byte[] raw = readFully(in, (int) bytes, source);
      if (fortran && shape.length > 1) {
        raw = fortranToC(raw, shape, NpyDtype.itemSize(descr));
      }
      return new NpyArray(descr, shape, raw, NpyDtype.order(descr), null, source);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new MalformedDataException(
          source + ": truncated or damaged .npy data (" + e + "). Download the file again.", e);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": cannot read .npy data: " + e.getMessage(), e);
    }
  }

  /**
   * Converts an unpickled {@code numpy.ndarray} (as returned by {@link Pickle#load}) into an
   * {@link NpyArray}; object arrays keep their elements, numeric ones their raw bytes.
   */
  public static NpyArray fromPickle(Object pickled, String source) {
    if (!(pickled instanceof PickleObject array)
        || !array.callable().name().equals("_reconstruct")
        || !array.callable().module().endsWith("multiarray")) {
      throw new MalformedDataException(source + ": expected a pickled numpy.ndarray"
          + " (numpy.core.multiarray._reconstruct) but found " + pickled);
    }
    if (!(array.state() instanceof List<?> state) || state.size() < 4) {
      throw new MalformedDataException(source + ": pickled ndarray has no"
          + " (version, shape, dtype, is_fortran, data) state: " + array.state());
    }
    List<?> s = state.size() == 5 ? state.subList(1, 5) : state;
    long[] shape = shapeOf(s.get(0), source);
    String descr = NpyDtype.validate(dtypeOf(s.get(1), source), source);
    boolean fortran = Boolean.TRUE.equals(s.get(2));
    Object data = s.get(3);
    if (NpyDtype.kind(descr) == 'O') {
      if (!(data instanceof List<?> items) || items.size() != product(shape)) {
        throw new MalformedDataException(source + ": object array of shape "
            + java.util.Arrays.toString(shape) + " should carry a list of "
            + product(shape) + " items but carries " + describe(data));
      }
      List<Object> objects = new ArrayList<>(items);
      if (fortran && shape.length > 1) {
        objects = reorder(objects, shape);
      }
      return new NpyArray("|O", shape, null, NpyDtype.order(descr), objects, source);
    }
    if (!(data instanceof byte[] raw) || raw.length != product(shape) * NpyDtype.itemSize(descr)) {
      throw new MalformedDataException(source + ": numeric array of shape "
          + java.util.Arrays.toString(shape) + " and dtype " + descr
          + " should carry raw bytes of matching length but carries " + describe(data));
    }
    byte[] c = fortran && shape.length > 1 ? fortranToC(raw, shape, NpyDtype.itemSize(descr)) : raw;
    return new NpyArray(descr, shape, c, NpyDtype.order(descr), null, source);
  }

  private static String dtypeOf(Object dtype, String source) {
    if (dtype instanceof PickleObject d
        && d.callable().name().equals("dtype")
        && !d.args().isEmpty()
        && d.args().get(0) instanceof String code) {
      String order = d.state() instanceof List<?> st
              && st.size() > 1
              && st.get(1) instanceof String o
              && !o.isEmpty()
          ? o
          : "|";
      return code.startsWith("O") ? "|O" : order + code;
    }
    throw new MalformedDataException(
        source + ": expected a pickled numpy.dtype but found " + describe(dtype));
  }

  private static long[] shapeOf(Object shape, String source) {
    if (shape instanceof List<?> dims) {
      long[] out = new long[dims.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(dims.get(i) instanceof Long d) || d < 0) {
          throw new MalformedDataException(source + ": invalid shape " + shape);
        }
        out[i] = d;
      }
      return out;
    }
    throw new MalformedDataException(source + ": expected a shape tuple but found " + shape);
  }

  /** The number of elements, saturating at {@code Long.MAX_VALUE} (a zero dimension still gives 0). */
  static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = n != 0 && d > Long.MAX_VALUE / n ? Long.MAX_VALUE : n * d;
    }
    for (long d : shape) {
      if (d == 0) return 0;
    }
    return n;
  }

  private static byte[] fortranToC(byte[] raw, long[] shape, int itemSize) {
    int[] perm = fortranIndex(shape);
    byte[] out = new byte[raw.length];
    for (int c = 0; c < perm.length; c++) {
      System.arraycopy(raw, perm[c] * itemSize, out, c * itemSize, itemSize);
    }
    return out;
  }

  private static List<Object> reorder(List<Object> items, long[] shape) {
    int[] perm = fortranIndex(shape);
    List<Object> out = new ArrayList<>(items.size());
    for (int f : perm) {
      out.add(items.get(f));
    }
    return out;
  }

  /** For each C-order position, the position of the same element in Fortran order. */
  private static int[] fortranIndex(long[] shape) {
    int n = (int) product(shape);
    int[] perm = new int[n];
    int[] index = new int[shape.length];
    for (int c = 0; c < n; c++) {
      int f = 0;
      int stride = 1;
      for (int d = 0; d < shape.length; d++) {
        f += index[d] * stride;
        stride *= (int) shape[d];
      }
      perm[c] = f;
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
    return perm;
  }

  private static byte[] readFully(InputStream in, int n, String source) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new MalformedDataException(source + ": truncated .npy data: expected " + n
          + " more bytes but the stream ended after " + b.length);
    }
    return b;
  }

  private static long littleEndian(byte[] b) {
    long v = 0;
    for (int i = b.length - 1; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", x & 0xFF));
    }
    return sb.length() == 0 ? "an empty file" : sb.toString();
  }

  private static String describe(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof List<?> l) {
      return "a list of " + l.size() + " items";
    }
    if (o instanceof byte[] b) {
      return b.length + " bytes";
    }
    return o.getClass().getSimpleName();
  }
}
