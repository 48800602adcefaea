package io.tfweave.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
  @TempDir
  Path dir;

  @Test
  void readsNumpy1AndNumpy2Fixtures() throws Exception {
    for (String f : new String[] {"imdb_numpy1.npz", "imdb_numpy2.npz"}) {
      Map<String, NpyArray> a = Npz.read(NumpyFilesTest.fixture(f));
      assertEquals(List.of("x_train", "y_train", "x_test", "y_test"), List.copyOf(a.keySet()));
      assertArrayEquals(
          new int[][] {{1, 14, 22, 16}, {4, 1}, {9, 9, 2, 7, 30}, {5}},
          a.get("x_train").toRaggedIntArray());
      assertArrayEquals(new int[][] {{2, 8}, {40, 1, 3}, {6}}, a.get("x_test").toRaggedIntArray());
      assertArrayEquals(new int[] {1, 0, 0, 1}, a.get("y_train").toIntArray());
      assertEquals("<i8", a.get("y_test").dtype());
      assertEquals("|O", a.get("x_test").dtype());
      assertArrayEquals(new long[] {3}, a.get("x_test").shape());
    }
  }

  @Test
  void readsLargeWrittenArraysWithBigIntsManyFramesAndLongMemoIndices() throws Exception {
    long[][] lists = new long[600][];
    for (int i = 0; i < lists.length; i++) {
      lists[i] = new long[i == 7 ? 2500 : i % 5];
      for (int j = 0; j < lists[i].length; j++) {
        lists[i][j] = (i * 31L + j * 7L) % 70_000 - (j == 1 ? 40_000 : 0);
      }
    }
    lists[3] = new long[] {1L << 40, -(1L << 35), 255, 256, 65535, 65536, -1};
    for (int major : new int[] {1, 2}) {
      Map<String, byte[]> members = new LinkedHashMap<>();
      members.put("x", NumpyFiles.objectLists(lists, major));
      Path npz = dir.resolve("big" + major + ".npz");
      NumpyFiles.npz(npz, members);
      NpyArray x = Npz.read(npz).get("x");
      assertEquals(600, x.objects().size());
      List<?> row3 = (List<?>) x.objects().get(3);
      assertEquals(List.of(1L << 40, -(1L << 35), 255L, 256L, 65535L, 65536L, -1L), row3);
      List<?> row7 = (List<?>) x.objects().get(7);
      assertEquals(2500, row7.size());
      assertEquals((7 * 31L + 2499 * 7L) % 70_000, row7.get(2499));
      assertEquals((7 * 31L + 7L) % 70_000 - 40_000, row7.get(1));
      assertEquals(List.of(), x.objects().get(5));
      MalformedDataException m = assertThrows(MalformedDataException.class, x::toRaggedIntArray);
      assertTrue(m.getMessage().contains("element 3[0] should be a 32-bit int"), m.getMessage());
    }
  }

  @Test
  void rejectsFilesThatAreNotZips() throws Exception {
    Path bad = dir.resolve("bad.npz");
    Files.writeString(bad, "hello");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Npz.read(bad));
    assertTrue(e.getMessage().contains("not a valid .npz"), e.getMessage());
  }
}
