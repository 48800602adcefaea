package io.tfweave.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PickleTest {
  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
      } else {
        out.write((Integer) p);
      }
    }
    return out.toByteArray();
  }

  @Test
  void scalarsOfEveryIntegerWidth() {
    // [K 200, M 0x1234, J -5, LONG1 2^63 (9 bytes), LONG1 0 bytes, LONG4 -1]
    Object v = Pickle.load(bytes(
        0x80, 2, "]", "(", "K", 200, "M", 0x34, 0x12, "J", 0xfb, 0xff, 0xff, 0xff, 0x8a, 9, 0, 0, 0,
        0, 0, 0, 0, 0x80, 0, 0x8a, 0, 0x8b, 1, 0, 0, 0, 0xff, "e", "."));
    assertEquals(List.of(200L, 0x1234L, -5L, BigInteger.ONE.shiftLeft(63), 0L, -1L), v);
  }

  @Test
  void stringsBytesFloatsAndConstants() {
    Object v = Pickle.load(bytes(
        0x80, 4, "(", 0x8c, 2, "hi", "X", 3, 0, 0, 0, 0xc3, 0xa9, "!", "C", 2, "ab", "U", 1, "z",
        "G", 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, "N", 0x88, 0x89, "t", "."));
    List<?> t = (List<?>) v;
    assertEquals("hi", t.get(0));
    assertEquals("é!", t.get(1));
    assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), (byte[]) t.get(2));
    assertEquals("z", t.get(3));
    assertEquals(1.5, t.get(4));
    assertNull(t.get(5));
    assertEquals(true, t.get(6));
    assertEquals(false, t.get(7));
    @SuppressWarnings("unchecked")
    List<Object> tuple = (List<Object>) t;
    assertThrows(UnsupportedOperationException.class, () -> tuple.add(1L));
  }

  @Test
  void memoSharesObjectsAcrossGets() {
    // a = []; [a, a] with BINPUT/BINGET and with MEMOIZE/LONG_BINGET
    Object p3 = Pickle.load(bytes(0x80, 3, "]", "q", 0, "h", 0, 0x86, "."));
    List<?> t3 = (List<?>) p3;
    assertSame(t3.get(0), t3.get(1));
    Object p4 = Pickle.load(bytes(0x80, 4, "]", 0x94, "j", 0, 0, 0, 0, 0x86, "."));
    List<?> t4 = (List<?>) p4;
    assertSame(t4.get(0), t4.get(1));
  }

  @Test
  void dictsSetsAndSingleAppends() {
    Object d = Pickle.load(bytes(
        "}", 0x8c, 1, "a", "]", "K", 1, "a", "s", "(", 0x8c, 1, "b", "K", 2, 0x8c, 1, "c", "K", 3,
        "u", "."));
    assertEquals(Map.of("a", List.of(1L), "b", 2L, "c", 3L), d);
    Object s = Pickle.load(bytes(0x8f, "(", "K", 1, "K", 2, 0x90, "."));
    assertEquals(Set.of(1L, 2L), s);
  }

  @Test
  void reduceAndBuildKeepGlobalsInert() {
    Object o =
        Pickle.load(bytes(0x80, 2, "c", "os\nsystem\n", 0x8c, 2, "ls", 0x85, "R", "}", "b", "."));
    PickleObject call = (PickleObject) o;
    assertEquals(new PickleGlobal("os", "system"), call.callable());
    assertEquals(List.of("ls"), call.args());
    assertEquals(Map.of(), call.state());
    assertEquals("os.system(1 arg)", call.toString());
  }

  @Test
  void framesAreTransparent() {
    Object v = Pickle.load(bytes(
        0x80, 4, 0x95, 4, 0, 0, 0, 0, 0, 0, 0, "K", 7, "K", 8, 0x86, 0x95, 1, 0, 0, 0, 0, 0, 0, 0,
        "."));
    assertEquals(List.of(7L, 8L), v);
  }

  @Test
  void errorsSayWhereAndWhat() {
    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> Pickle.load(bytes(0x80, 5, 0x96, ".")));
    assertTrue(e.getMessage().contains("unsupported pickle opcode 0x96"), e.getMessage());
    assertTrue(e.getMessage().contains("at byte 2"), e.getMessage());
    e = assertThrows(MalformedDataException.class, () -> Pickle.load(bytes("K", 1)));
    assertTrue(e.getMessage().contains("unexpected end of data before the STOP"), e.getMessage());
    e = assertThrows(MalformedDataException.class, () -> Pickle.load(bytes("h", 4, ".")));
    assertTrue(e.getMessage().contains("memo key 4 was never stored"), e.getMessage());
    e = assertThrows(MalformedDataException.class, () -> Pickle.load(bytes("e", ".")));
    assertTrue(e.getMessage().contains("no MARK"), e.getMessage());
    e = assertThrows(MalformedDataException.class, () -> Pickle.load(bytes("K", 1, "a", ".")));
    assertTrue(e.getMessage().contains("stack underflow"), e.getMessage());
  }
}
