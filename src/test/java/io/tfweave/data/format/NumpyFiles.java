package io.tfweave.data.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Test helper that writes {@code .npy} and {@code .npz} files byte for byte as numpy does:
 * {@code np.save} headers (room for the shape to grow, then padded to 64 bytes), int64 arrays, and object arrays of int lists
 * pickled like numpy 1.x (protocol 3: GLOBAL, BINPUT) or numpy 2.x (protocol 4: FRAME,
 * STACK_GLOBAL, MEMOIZE). {@code NumpyFilesTest} checks the output against files written by
 * real numpy ({@code tools/make_imdb_npz.py}).
 */
public final class NumpyFiles {
  private NumpyFiles() {}

  /** Returns {@code np.save} bytes of a 1-D int64 array. */
  public static byte[] int64(long[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    header(out, "<i8", values.length);
    for (long v : values) {
      for (int i = 0; i < 8; i++) {
        out.write((int) (v >>> (8 * i)));
      }
    }
    return out.toByteArray();
  }

  /** Returns {@code np.save} bytes of a 1-D object array of int lists, numpy 1.x or 2.x style. */
  public static byte[] objectLists(long[][] lists, int numpyMajor) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    header(out, "|O", lists.length);
    byte[] pickle = new PickleWriter(numpyMajor >= 2 ? 4 : 3).ndarray(lists);
    out.writeBytes(pickle);
    return out.toByteArray();
  }

  /** Writes an {@code np.savez}-style archive of already-encoded {@code .npy} members. */
  public static void npz(Path path, Map<String, byte[]> members) throws IOException {
    try (OutputStream file = Files.newOutputStream(path);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        zip.putNextEntry(new ZipEntry(m.getKey() + ".npy"));
        zip.write(m.getValue());
        zip.closeEntry();
      }
    }
  }

  private static void header(ByteArrayOutputStream out, String descr, int n) {
    StringBuilder h = new StringBuilder(
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + n + ",), }");
    h.append(" ".repeat(21 - String.valueOf(n).length())); // numpy's GROWTH_AXIS_MAX_DIGITS
    int total = 10 + h.length() + 1;
    h.append(" ".repeat((64 - total % 64) % 64)).append('\n');
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(h.length() & 0xFF);
    out.write(h.length() >>> 8);
    out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Emits the opcodes CPython's pickler writes for a numpy object array of int lists. */
  private static final class PickleWriter {
    private final int protocol;
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private final ByteArrayOutputStream done = new ByteArrayOutputStream();
    private final Map<Object, Integer> memo = new IdentityHashMap<>();

    PickleWriter(int protocol) {
      this.protocol = protocol;
    }

    byte[] ndarray(long[][] lists) {
      String numpy = "numpy";
      done.write(0x80); // PROTO, outside any frame
      done.write(protocol);
      global(protocol >= 4 ? "numpy._core.multiarray" : "numpy.core.multiarray", "_reconstruct");
      global(numpy, "ndarray");
      integer(0);
      op(0x85); // TUPLE1
      memoize(new Object());
      bytes(new byte[] {'b'});
      op(0x87); // TUPLE3
      memoize(new Object());
      op('R');
      memoize(new Object());
      op('(');
      integer(1);
      integer(lists.length);
      op(0x85);
      memoize(new Object());
      global(numpy, "dtype");
      string("O8");
      op(0x89);
      op(0x88);
      op(0x87);
      memoize(new Object());
      op('R');
      memoize(new Object());
      op('(');
      integer(3);
      string("|");
      op('N');
      op('N');
      op('N');
      integer(-1);
      integer(-1);
      integer(63);
      op('t');
      memoize(new Object());
      op('b');
      op(0x89);
      op(']');
      memoize(new Object());
      appends(lists.length, i -> {
        op(']');
        memoize(new Object());
        long[] list = lists[i];
        appends(list.length, j -> integer(list[j]));
      });
      op('t');
      memoize(new Object());
      op('b');
      op('.');
      endFrame();
      return done.toByteArray();
    }

    private interface Item {
      void save(int i);
    }

    /** CPython's batch_list: MARK ... APPENDS per 1000 items, APPEND for a lone item. */
    private void appends(int n, Item item) {
      for (int start = 0; start < n || start == 0; start += 1000) {
        int size = Math.min(1000, n - start);
        if (size > 1) {
          op('(');
          for (int i = start; i < start + size; i++) {
            item.save(i);
          }
          op('e');
        } else if (size == 1) {
          item.save(start);
          op('a');
        }
        if (size < 1000) {
          return;
        }
      }
    }

    private final Map<String, Object> interned = new java.util.HashMap<>();

    private void global(String module, String name) {
      if (protocol >= 4) {
        string(module);
        string(name);
        op(0x93);
      } else {
        op('c');
        raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
      }
      memoize(new Object());
    }

    private void string(String s) {
      Object key = interned.computeIfAbsent(s, k -> new Object());
      Integer at = memo.get(key);
      if (at != null) {
        get(at);
        return;
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (protocol >= 4 && utf8.length < 256) {
        op(0x8c, utf8.length);
      } else {
        op('X');
        le(utf8.length, 4);
      }
      raw(utf8);
      memoize(key);
    }

    private void bytes(byte[] b) {
      op('C', b.length);
      raw(b);
      memoize(new Object());
    }

    private void integer(long v) {
      if (v >= 0 && v <= 0xFF) {
        op('K', (int) v);
      } else if (v >= 0 && v <= 0xFFFF) {
        op('M');
        le(v, 2);
      } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        op('J');
        le(v, 4);
      } else {
        byte[] be = java.math.BigInteger.valueOf(v).toByteArray();
        op(0x8a, be.length);
        for (int i = be.length - 1; i >= 0; i--) {
          frame.write(be[i]);
        }
      }
    }

    private void memoize(Object key) {
      int index = memo.size();
      memo.put(key, index);
      if (protocol >= 4) {
        op(0x94);
      } else if (index < 256) {
        op('q', index);
      } else {
        op('r');
        le(index, 4);
      }
    }

    private void get(int index) {
      if (index < 256) {
        op('h', index);
      } else {
        op('j');
        le(index, 4);
      }
    }

    private void op(int... bytes) {
      if (protocol >= 4 && frame.size() >= 64 * 1024) {
        endFrame();
      }
      for (int b : bytes) {
        frame.write(b);
      }
    }

    private void raw(byte[] b) {
      frame.writeBytes(b);
    }

    private void le(long v, int n) {
      for (int i = 0; i < n; i++) {
        frame.write((int) (v >>> (8 * i)));
      }
    }

    private void endFrame() {
      byte[] body = frame.toByteArray();
      if (protocol >= 4 && body.length >= 4) {
        done.write(0x95);
        for (int i = 0; i < 8; i++) {
          done.write((int) ((long) body.length >>> (8 * i)));
        }
      }
      done.writeBytes(body);
      frame.reset();
    }
  }
}
