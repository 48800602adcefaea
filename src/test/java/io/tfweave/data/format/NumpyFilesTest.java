package io.tfweave.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** Checks that the test writer {@link NumpyFiles} emits exactly what numpy 1.x and 2.x emit. */
class NumpyFilesTest {
  static final long[][] X_TRAIN = {{1, 14, 22, 16}, {4, 1}, {9, 9, 2, 7, 30}, {5}};
  static final long[] Y_TRAIN = {1, 0, 0, 1};
  static final long[][] X_TEST = {{2, 8}, {40, 1, 3}, {6}};
  static final long[] Y_TEST = {0, 1, 1};

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(NumpyFilesTest.class.getResource("/io/tfweave/data/" + name).toURI());
  }

  private static byte[] member(Path npz, String name) throws IOException {
    try (ZipFile zip = new ZipFile(npz.toFile());
        InputStream in = zip.getInputStream(zip.getEntry(name + ".npy"))) {
      return in.readAllBytes();
    }
  }

  @Test
  void objectArraysMatchNumpy1Bytes() throws Exception {
    Path npz = fixture("imdb_numpy1.npz");
    assertArrayEquals(member(npz, "x_train"), NumpyFiles.objectLists(X_TRAIN, 1));
    assertArrayEquals(member(npz, "x_test"), NumpyFiles.objectLists(X_TEST, 1));
  }

  @Test
  void objectArraysMatchNumpy2Bytes() throws Exception {
    Path npz = fixture("imdb_numpy2.npz");
    assertArrayEquals(member(npz, "x_train"), NumpyFiles.objectLists(X_TRAIN, 2));
    assertArrayEquals(member(npz, "x_test"), NumpyFiles.objectLists(X_TEST, 2));
  }

  @Test
  void int64ArraysMatchNumpyBytes() throws Exception {
    for (String f : new String[] {"imdb_numpy1.npz", "imdb_numpy2.npz"}) {
      assertArrayEquals(member(fixture(f), "y_train"), NumpyFiles.int64(Y_TRAIN));
      assertArrayEquals(member(fixture(f), "y_test"), NumpyFiles.int64(Y_TEST));
    }
  }

  @Test
  void headersArePaddedTo64Bytes() {
    byte[] npy = NumpyFiles.int64(new long[] {7});
    assertEquals(128 + 8, npy.length);
    assertEquals('\n', npy[127]);
  }
}
