package io.tfweave.data.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Python pickles (protocols 0 to 4) into plain Java values without running any code.
 *
 * <p>This is enough for the object arrays numpy writes into {@code .npy} files (ragged lists of
 * ints such as Keras's {@code imdb.npz}). Python values map to Java as follows: {@code int} to
 * {@link Long} (or {@link BigInteger} beyond 64 bits), {@code float} to {@link Double},
 * {@code bool} to {@link Boolean}, {@code None} to {@code null}, {@code str} to {@link String},
 * {@code bytes} to {@code byte[]}, {@code list} to a mutable {@link List}, {@code tuple} to an
 * unmodifiable {@link List}, {@code dict} to a {@link LinkedHashMap}, {@code set} to a
 * {@link LinkedHashSet}. Globals become {@link PickleGlobal} and calls of them (REDUCE, NEWOBJ)
 * become {@link PickleObject}s holding the arguments and the {@code BUILD} state. Protocol 5
 * out-of-band buffers, persistent ids and extension codes are rejected.
 */
public final class Pickle {
  private static final Object MARK = new Object();

  private final InputStream in;
  private final String source;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private Long[] smallLongs;
  private long offset;

  private Pickle(InputStream in, String source) {
    this.in = in;
    this.source = source;
  }

  /** Reads one pickled value from {@code bytes}. */
  public static Object load(byte[] bytes) {
    return load(new ByteArrayInputStream(bytes), "pickle");
  }

  /**
   * Reads one pickled value from {@code in}, stopping right after its {@code STOP} opcode.
   *
   * @param source a name for error messages, e.g. the file the pickle comes from
   */
  public static Object load(InputStream in, String source) {
    try {
      return new Pickle(in, source).run();
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": cannot read pickle: " + e.getMessage(), e);
    }
  }

  private double decimal(String text, long at) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw malformed(at, "FLOAT expects a decimal number, but found \"" + text + "\"");
    }
  }

  private Object integer(String text, long at, boolean intOpcode) {
    try {
      return intOpcode ? textInt(text) : textLong(text);
    } catch (NumberFormatException e) {
      throw malformed(
          at,
          (intOpcode ? "INT" : "LONG") + " expects a decimal integer, but found \"" + text + "\"");
    }
  }

  private long memoKey(String text, long at) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw malformed(at, "PUT/GET expect a decimal memo index, but found \"" + text + "\"");
    }
  }

  private Object run() throws IOException {
    while (true) {
      long at = offset;
      int op = read();
      switch (op) {
        case 0x80 -> read(); // PROTO n
        case 0x95 -> bytes(8); // FRAME: framing only groups opcodes, nothing to do
        case '.' -> { // STOP
          if (stack.size() != 1 || !marks.isEmpty()) {
            throw malformed(at, "STOP with " + stack.size() + " values on the stack, expected 1");
          }
          return stack.get(0);
        }
        case '(' -> {
          marks.add(stack.size());
          stack.add(MARK);
        }
        case '0' -> pop(at);
        case '1' -> popMark(at);
        case '2' -> push(top(at));
        case 'N' -> push(null);
        case 0x88 -> push(Boolean.TRUE);
        case 0x89 -> push(Boolean.FALSE);
        case 'J' -> push(le(4, true));
        case 'K' -> push(small(read()));
        case 'M' -> push(small((int) le(2, false)));
        case 0x8a -> push(longFrom(bytes(read())));
        case 0x8b -> push(longFrom(bytes(length(le(4, true), at))));
        case 'I' -> push(integer(line(), at, true));
        case 'L' -> push(integer(line(), at, false));
        case 'G' -> push(Double.longBitsToDouble(new BigInteger(1, bytes(8)).longValue()));
        case 'F' -> push(decimal(line(), at));
        case 0x8c -> push(utf8(bytes(read())));
        case 'X' -> push(utf8(bytes(length(le(4, false), at))));
        case 0x8d -> push(utf8(bytes(length(le(8, false), at))));
        case 'C' -> push(bytes(read()));
        case 'B' -> push(bytes(length(le(4, false), at)));
        case 0x8e -> push(bytes(length(le(8, false), at)));
        case 'U' -> push(new String(bytes(read()), StandardCharsets.ISO_8859_1));
        case 'T' -> push(new String(bytes(length(le(4, true), at)), StandardCharsets.ISO_8859_1));
        case ']' -> push(new ArrayList<>());
        case 'l' -> push(new ArrayList<>(popMark(at)));
        case 'a' -> {
          Object v = pop(at);
          list(top(at), at).add(v);
        }
        case 'e' -> {
          List<Object> items = popMark(at);
          list(top(at), at).addAll(items);
        }
        case ')' -> push(tuple(List.of()));
        case 't' -> push(tuple(popMark(at)));
        case 0x85 -> push(tuple(popN(1, at)));
        case 0x86 -> push(tuple(popN(2, at)));
        case 0x87 -> push(tuple(popN(3, at)));
        case '}' -> push(new LinkedHashMap<>());
        case 'd' -> {
          Map<Object, Object> m = new LinkedHashMap<>();
          putAll(m, popMark(at), at);
          push(m);
        }
        case 's' -> {
          List<Object> kv = popN(2, at);
          dict(top(at), at).put(hashable(kv.get(0), at, 0), kv.get(1));
        }
        case 'u' -> {
          List<Object> kv = popMark(at);
          putAll(dict(top(at), at), kv, at);
        }
        case 0x8f -> push(new LinkedHashSet<>());
        case 0x90 -> {
          List<Object> items = popMark(at);
          set(top(at), at).addAll(hashables(items, at));
        }
        case 0x91 -> push(
            Collections.unmodifiableSet(new LinkedHashSet<>(hashables(popMark(at), at))));
        case 'c' -> push(new PickleGlobal(line(), line()));
        case 0x93 -> {
          List<Object> mn = popN(2, at);
          push(new PickleGlobal(str(mn.get(0), at), str(mn.get(1), at)));
        }
        case 'R', 0x81 -> {
          List<Object> fa = popN(2, at);
          push(call(fa.get(0), fa.get(1), at));
        }
        case 0x92 -> {
          List<Object> fak = popN(3, at);
          push(call(fak.get(0), fak.get(1), at));
        }
        case 'b' -> build(pop(at), top(at), at);
        case 'p' -> memo.put(memoKey(line(), at), top(at));
        case 'q' -> memo.put((long) read(), top(at));
        case 'r' -> memo.put(le(4, false), top(at));
        case 0x94 -> memo.put((long) memo.size(), top(at));
        case 'g' -> push(memoGet(memoKey(line(), at), at));
        case 'h' -> push(memoGet(read(), at));
        case 'j' -> push(memoGet(le(4, false), at));
        default -> throw malformed(
            at,
            String.format(
                "unsupported pickle opcode 0x%02x; only protocols 0-4 without persistent ids,"
                    + " extension codes or out-of-band buffers are supported",
                op));
      }
    }
  }

  private Object call(Object callable, Object args, long at) {
    if (!(callable instanceof PickleGlobal g)) {
      throw malformed(at, "expected a global to call but found " + describe(callable));
    }
    if (!(args instanceof List<?> a)) {
      throw malformed(at, "expected a tuple of call arguments but found " + describe(args));
    }
    return new PickleObject(g, tuple(new ArrayList<>(a)));
  }

  private void build(Object state, Object target, long at) {
    if (!(target instanceof PickleObject o)) {
      throw malformed(at, "BUILD expects an object built by a call but found " + describe(target));
    }
    o.build(state);
  }

  /** Shares one Long per value in [0, 65535] (BININT1/BININT2): word indices repeat a lot. */
  private Long small(int v) {
    if (smallLongs == null) {
      smallLongs = new Long[1 << 16];
    }
    Long l = smallLongs[v];
    if (l == null) {
      l = (long) v;
      smallLongs[v] = l;
    }
    return l;
  }

  private static List<Object> tuple(List<Object> items) {
    return Collections.unmodifiableList(items);
  }

  private void putAll(Map<Object, Object> m, List<Object> kv, long at) {
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      m.put(hashable(kv.get(i), at, 0), kv.get(i + 1));
    }
  }

  /**
   * {@code key} when Python could hash it (a dict key or set element): not a list, dict or set, and tuples and frozensets
   * only of such values. Hashing a list that contains itself would otherwise overflow the stack.
   */
  private Object hashable(Object key, long at, int depth) {
    if (key instanceof ArrayList<?>
        || key instanceof Map<?, ?>
        || key instanceof LinkedHashSet<?>) {
      throw malformed(at, "unhashable " + describe(key) + " used as a dict key or set element");
    }
    if (depth > MAX_KEY_DEPTH)
      throw malformed(at, "a dict key or set element nested deeper than " + MAX_KEY_DEPTH);
    if (key instanceof Collection<?> c) {
      for (Object e : c) hashable(e, at, depth + 1);
    }
    return key;
  }

  private static final int MAX_KEY_DEPTH = 100;

  private List<Object> hashables(List<Object> items, long at) {
    for (Object o : items) hashable(o, at, 0);
    return items;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object o, long at) {
    if (o instanceof ArrayList<?>) {
      return (List<Object>) o;
    }
    throw malformed(at, "APPEND expects a list but found " + describe(o));
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dict(Object o, long at) {
    if (o instanceof LinkedHashMap<?, ?>) {
      return (Map<Object, Object>) o;
    }
    throw malformed(at, "SETITEM expects a dict but found " + describe(o));
  }

  @SuppressWarnings("unchecked")
  private Set<Object> set(Object o, long at) {
    if (o instanceof LinkedHashSet<?>) {
      return (Set<Object>) o;
    }
    throw malformed(at, "ADDITEMS expects a set but found " + describe(o));
  }

  private String str(Object o, long at) {
    if (o instanceof String s) {
      return s;
    }
    throw malformed(at, "STACK_GLOBAL expects strings but found " + describe(o));
  }

  private Object memoGet(long key, long at) {
    if (!memo.containsKey(key)) {
      throw malformed(at, "memo key " + key + " was never stored");
    }
    return memo.get(key);
  }

  private void push(Object o) {
    stack.add(o);
  }

  private Object top(long at) {
    if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
      throw malformed(at, "stack underflow");
    }
    return stack.get(stack.size() - 1);
  }

  private Object pop(long at) {
    Object o = top(at);
    stack.remove(stack.size() - 1);
    return o;
  }

  private List<Object> popN(int n, long at) {
    Object[] items = new Object[n];
    for (int i = n - 1; i >= 0; i--) {
      items[i] = pop(at);
    }
    return new ArrayList<>(Arrays.asList(items));
  }

  private List<Object> popMark(long at) {
    if (marks.isEmpty()) {
      throw malformed(at, "no MARK on the stack");
    }
    int m = marks.remove(marks.size() - 1);
    List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
    stack.subList(m, stack.size()).clear();
    return items;
  }

  private static Object longFrom(byte[] le) {
    if (le.length == 0) {
      return 0L;
    }
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    BigInteger v = new BigInteger(be);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private static Object textInt(String s) {
    if (s.equals("00")) {
      return Boolean.FALSE;
    }
    if (s.equals("01")) {
      return Boolean.TRUE;
    }
    return textLong(s);
  }

  private static Object textLong(String s) {
    BigInteger v = new BigInteger(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private int length(long n, long at) {
    if (n < 0 || n > Integer.MAX_VALUE - 8) {
      throw malformed(at, "invalid length " + n);
    }
    return (int) n;
  }

  private long le(int n, boolean signed) throws IOException {
    byte[] b = bytes(n);
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    if (signed && n < 8) {
      int shift = 64 - 8 * n;
      v = (v << shift) >> shift;
    }
    return v;
  }

  private int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw malformed(offset, "unexpected end of data before the STOP opcode");
    }
    offset++;
    return b;
  }

  private byte[] bytes(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw malformed(offset, "unexpected end of data: needed " + n + " bytes, found " + b.length);
    }
    offset += n;
    return b;
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = read(); c != '\n'; c = read()) {
      sb.append((char) c);
    }
    return sb.toString();
  }

  /** A short description that never walks into containers (a pickle may build cyclic lists and dicts). */
  private static String describe(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof java.util.Collection<?> c) {
      return o.getClass().getSimpleName() + " of " + c.size() + " items";
    }
    if (o instanceof java.util.Map<?, ?> m) {
      return o.getClass().getSimpleName() + " of " + m.size() + " entries";
    }
    String text = String.valueOf(o);
    String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return o.getClass().getSimpleName() + " " + shown;
  }

  private MalformedDataException malformed(long at, String what) {
    return new MalformedDataException(source + ": invalid pickle at byte " + at + ": " + what);
  }
}
