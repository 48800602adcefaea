package io.tfweave.saving.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.formats.CorruptFileException;
import io.tfweave.formats.internal.Crc32c;
import io.tfweave.formats.internal.Snappy;
import io.tfweave.formats.internal.SsTable;
import io.tfweave.formats.internal.TensorBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SsTableTest {
  @Test
  void readsPrefixCompressedKeysAcrossBlocksAndSnappyBlocks() throws IOException {
    TreeMap<String, byte[]> entries = new TreeMap<>();
    for (int i = 0; i < 50; i++) {
      entries.put(
          String.format("layer_with_weights-%02d/kernel/.ATTRIBUTES/VARIABLE_VALUE", i),
          ("value" + i).getBytes(StandardCharsets.UTF_8));
    }
    entries.put("", new byte[] {8, 1});
    for (boolean snappy : new boolean[] {false, true}) {
      Map<String, byte[]> read = SsTable.read(null, TableBuilder.build(entries, 7, snappy));
      assertEquals(List.copyOf(entries.keySet()), List.copyOf(read.keySet()));
      entries.forEach((k, v) -> assertArrayEquals(v, read.get(k), k));
    }
  }

  @Test
  void reportsBadMagicChecksumAndCompression() {
    TreeMap<String, byte[]> entries = new TreeMap<>(Map.of("a", new byte[] {1}));
    byte[] good = TableBuilder.build(entries, 4, false);
    byte[] magic = good.clone();
    magic[magic.length - 1] = 0;
    var e = assertThrows(CorruptFileException.class, () -> SsTable.read(null, magic));
    assertTrue(e.getMessage().contains("expected table magic 0xdb4775248b80fb57"), e.getMessage());
    byte[] crc = good.clone();
    crc[3] ^= 4;
    e = assertThrows(CorruptFileException.class, () -> SsTable.read(null, crc));
    assertTrue(e.getMessage().contains("checksum mismatch in the data block"), e.getMessage());
    e = assertThrows(CorruptFileException.class, () -> SsTable.read(null, new byte[10]));
    assertTrue(e.getMessage().contains("at least 48 bytes"), e.getMessage());
  }

  @Test
  void decompressesSnappyLiteralsAndCopies() {
    byte[] in = {17, 0x08, 'a', 'b', 'c', 0x15, 3, 0x00, 'X', (4 - 1) << 2 | 2, 13, 0};
    assertEquals(
        "abcabcabcabcXabca",
        new String(Snappy.decompress(in, 0, in.length), StandardCharsets.US_ASCII));
    byte[] bad = {5, 0x15, 3};
    var e =
        assertThrows(IllegalArgumentException.class, () -> Snappy.decompress(bad, 0, bad.length));
    assertTrue(
        e.getMessage().contains("expected a copy offset in 1..0, but found 3"), e.getMessage());
  }

  @Test
  void computesAndMasksCrc32cLikeTensorFlow() {
    assertEquals(0xe3069283, Crc32c.of("123456789".getBytes(StandardCharsets.US_ASCII)));
    for (int crc : new int[] {0, 1, 0xe3069283, -1}) {
      assertEquals(crc, Crc32c.unmask(Crc32c.mask(crc)));
    }
    assertEquals(0xa282ead8, Crc32c.mask(0));
  }

  @Test
  void convertsHalfPrecision() {
    assertEquals(1f, TensorBytes.halfToFloat((short) 0x3c00));
    assertEquals(-2f, TensorBytes.halfToFloat((short) 0xc000));
    assertEquals(65504f, TensorBytes.halfToFloat((short) 0x7bff));
    assertEquals(0x1p-24f, TensorBytes.halfToFloat((short) 0x0001));
    assertEquals(Float.POSITIVE_INFINITY, TensorBytes.halfToFloat((short) 0x7c00));
    assertTrue(Float.isNaN(TensorBytes.halfToFloat((short) 0x7e00)));
  }

  /** Writes LevelDB tables; "Snappy" blocks are encoded as one literal, which is valid Snappy. */
  static final class TableBuilder {
    static byte[] build(TreeMap<String, byte[]> entries, int perBlock, boolean snappy) {
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      List<byte[]> indexKeys = new ArrayList<>();
      List<long[]> handles = new ArrayList<>();
      List<Map.Entry<String, byte[]>> all = new ArrayList<>(entries.entrySet());
      for (int i = 0; i < all.size(); i += perBlock) {
        List<Map.Entry<String, byte[]>> part = all.subList(i, Math.min(all.size(), i + perBlock));
        TreeMap<String, byte[]> m = new TreeMap<>();
        part.forEach(e -> m.put(e.getKey(), e.getValue()));
        handles.add(writeBlock(file, block(m), snappy));
        indexKeys.add(part.get(part.size() - 1).getKey().getBytes(StandardCharsets.UTF_8));
      }
      long[] meta = writeBlock(file, block(new TreeMap<>()), false);
      TreeMap<String, byte[]> index = new TreeMap<>();
      for (int i = 0; i < handles.size(); i++) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        varint(h, handles.get(i)[0]);
        varint(h, handles.get(i)[1]);
        index.put(new String(indexKeys.get(i), StandardCharsets.UTF_8), h.toByteArray());
      }
      long[] idx = writeBlock(file, block(index), false);
      ByteArrayOutputStream footer = new ByteArrayOutputStream();
      varint(footer, meta[0]);
      varint(footer, meta[1]);
      varint(footer, idx[0]);
      varint(footer, idx[1]);
      while (footer.size() < 40) {
        footer.write(0);
      }
      byte[] magic = ByteBuffer.allocate(8)
          .order(ByteOrder.LITTLE_ENDIAN)
          .putLong(SsTable.MAGIC)
          .array();
      footer.writeBytes(magic);
      file.writeBytes(footer.toByteArray());
      return file.toByteArray();
    }

    /** Prefix-compressed entries with a restart point every 3 entries. */
    private static byte[] block(TreeMap<String, byte[]> m) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      List<Integer> restarts = new ArrayList<>();
      byte[] prev = new byte[0];
      int n = 0;
      for (Map.Entry<String, byte[]> e : m.entrySet()) {
        byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
        int shared = 0;
        if (n % 3 == 0) {
          restarts.add(b.size());
        } else {
          while (shared < Math.min(prev.length, key.length) && prev[shared] == key[shared]) {
            shared++;
          }
        }
        varint(b, shared);
        varint(b, key.length - shared);
        varint(b, e.getValue().length);
        b.write(key, shared, key.length - shared);
        b.writeBytes(e.getValue());
        prev = key;
        n++;
      }
      if (restarts.isEmpty()) {
        restarts.add(0);
      }
      ByteBuffer r = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
      restarts.forEach(r::putInt);
      r.putInt(restarts.size());
      b.writeBytes(r.array());
      return b.toByteArray();
    }

    private static long[] writeBlock(ByteArrayOutputStream file, byte[] contents, boolean snappy) {
      byte[] stored = contents;
      if (snappy) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        varint(s, contents.length);
        s.write(62 << 2); // literal whose length-1 follows in 3 bytes
        s.write((contents.length - 1) & 0xff);
        s.write(((contents.length - 1) >>> 8) & 0xff);
        s.write(((contents.length - 1) >>> 16) & 0xff);
        s.writeBytes(contents);
        stored = s.toByteArray();
      }
      long offset = file.size();
      file.writeBytes(stored);
      byte type = (byte) (snappy ? 1 : 0);
      file.write(type);
      byte[] withType = new byte[stored.length + 1];
      System.arraycopy(stored, 0, withType, 0, stored.length);
      withType[stored.length] = type;
      file.writeBytes(ByteBuffer.allocate(4)
          .order(ByteOrder.LITTLE_ENDIAN)
          .putInt(Crc32c.mask(Crc32c.of(withType)))
          .array());
      return new long[] {offset, stored.length};
    }

    private static void varint(ByteArrayOutputStream out, long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
