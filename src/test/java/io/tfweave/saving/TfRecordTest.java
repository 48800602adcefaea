package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.formats.CorruptFileException;
import io.tfweave.formats.TfRecordReader;
import io.tfweave.formats.TfRecordWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordTest {
  @TempDir
  Path dir;

  @Test
  void roundTripsRecords() throws IOException {
    byte[] big = new byte[100_000];
    new Random(3).nextBytes(big);
    List<byte[]> records = List.of(new byte[0], "a".getBytes(StandardCharsets.UTF_8), big);
    Path file = dir.resolve("data.tfrecord");
    try (TfRecordWriter w = TfRecordWriter.open(file)) {
      records.forEach(r -> write(w, r));
    }
    assertEquals(3 * 16 + 1 + big.length, Files.size(file));
    List<byte[]> back = TfRecordReader.readAll(file);
    assertEquals(3, back.size());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(records.get(i), back.get(i));
    }
  }

  @Test
  void rewritesTensorFlowEventFileByteForByte() throws IOException, URISyntaxException {
    Path train = Path.of(getClass().getResource("events/train").toURI());
    Path original;
    try (Stream<Path> s = Files.list(train)) {
      original = s.findFirst().orElseThrow();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TfRecordWriter w = new TfRecordWriter(out)) {
      for (byte[] r : TfRecordReader.readAll(original)) {
        w.write(r);
      }
    }
    assertArrayEquals(Files.readAllBytes(original), out.toByteArray());
  }

  @Test
  void writesTheDocumentedFraming() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TfRecordWriter w = new TfRecordWriter(out)) {
      w.write("abc".getBytes(StandardCharsets.US_ASCII));
    }
    byte[] b = out.toByteArray();
    assertArrayEquals(new byte[] {3, 0, 0, 0, 0, 0, 0, 0}, Arrays.copyOf(b, 8));
    assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, 12, 15));
    // masked CRC-32C of "abc" (crc 0x364b3fb7), little-endian
    int crc = 0x364b3fb7;
    int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    assertEquals(
        masked,
        java.nio.ByteBuffer.wrap(b, 15, 4)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .getInt());
    TfRecordReader r = new TfRecordReader(new ByteArrayInputStream(b), null);
    assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), r.next());
    assertNull(r.next());
  }

  @Test
  void reportsDamage() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TfRecordWriter w = new TfRecordWriter(out)) {
      w.write(new byte[] {1, 2, 3, 4});
      w.write(new byte[] {5, 6, 7, 8});
    }
    byte[] good = out.toByteArray();
    byte[] data = good.clone();
    data[20 + 12 + 1] ^= 1;
    assertTrue(
        readError(data).contains("record 1 at byte 20: data checksum mismatch"), readError(data));
    byte[] length = good.clone();
    length[0] = 5;
    assertTrue(readError(length).contains("record 0 at byte 0: length checksum mismatch"));
    byte[] cut = Arrays.copyOf(good, good.length - 2);
    assertTrue(readError(cut).contains("truncated record"), readError(cut));
    assertTrue(readError(Arrays.copyOf(good, 25)).contains("expected a 12-byte record header"));
  }

  @Test
  void rejectsWritesAfterClose() throws IOException {
    TfRecordWriter w = new TfRecordWriter(new ByteArrayOutputStream());
    w.close();
    var e = assertThrows(IllegalStateException.class, () -> w.write(new byte[1]));
    assertEquals("write() called after close()", e.getMessage());
  }

  private static String readError(byte[] bytes) {
    return assertThrows(CorruptFileException.class, () -> {
          try (TfRecordReader r = new TfRecordReader(new ByteArrayInputStream(bytes), null)) {
            while (r.next() != null) {
              continue;
            }
          }
        })
        .getMessage();
  }

  private static void write(TfRecordWriter w, byte[] r) {
    try {
      w.write(r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
