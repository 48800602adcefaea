package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tfweave.data.format.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

class FashionMnistTest {
  @TempDir
  Path dir;

  private static void idx(Path path, int type, int[] dims, byte[] data, boolean gzip)
      throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {0, 0, (byte) type, (byte) dims.length});
    for (int d : dims) {
      b.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
    }
    b.writeBytes(data);
    try (OutputStream out =
        gzip ? new GZIPOutputStream(Files.newOutputStream(path)) : Files.newOutputStream(path)) {
      out.write(b.toByteArray());
    }
  }

  @Test
  void readsGzippedAndPlainFiles() throws IOException {
    idx(
        dir.resolve("train-images-idx3-ubyte.gz"),
        8,
        new int[] {3, 2, 2},
        new byte[] {0, 1, 2, 3, 10, 11, 12, 13, (byte) 255, (byte) 254, (byte) 253, (byte) 252},
        true);
    idx(dir.resolve("train-labels-idx1-ubyte"), 8, new int[] {3}, new byte[] {9, 0, 4}, false);
    idx(
        dir.resolve("t10k-images-idx3-ubyte"),
        8,
        new int[] {1, 2, 2},
        new byte[] {5, 6, 7, 8},
        false);
    idx(dir.resolve("t10k-labels-idx1-ubyte.gz"), 8, new int[] {1}, new byte[] {7}, true);
    TrainTest<LabeledImages> d = FashionMnist.load(dir);
    assertEquals(Shape.of(3, 2, 2, 1), d.train().images().shape());
    assertEquals(253f, d.train().images().getFloat(2, 1, 0, 0));
    assertEquals(11f, d.train().images().getFloat(1, 0, 1, 0));
    assertEquals(9, d.train().labels().getInt(0));
    assertEquals(4, d.train().labels().getInt(2));
    assertEquals(Shape.of(1, 2, 2, 1), d.test().images().shape());
    assertEquals(8f, d.test().images().getFloat(0, 1, 1, 0));
    assertEquals(7, d.test().labels().getInt(0));
    assertEquals("Ankle boot", d.train().classNames().get(9));
    assertEquals(10, d.test().classNames().size());
  }

  @Test
  void missingFilesSayHowToInstall() {
    DatasetNotFoundException e =
        assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(dir));
    assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
  }

  @Test
  void labelCountMustMatchImages() throws IOException {
    idx(dir.resolve("train-images-idx3-ubyte"), 8, new int[] {2, 1, 1}, new byte[2], false);
    idx(dir.resolve("train-labels-idx1-ubyte"), 8, new int[] {3}, new byte[3], false);
    idx(dir.resolve("t10k-images-idx3-ubyte"), 8, new int[] {1, 1, 1}, new byte[1], false);
    idx(dir.resolve("t10k-labels-idx1-ubyte"), 8, new int[] {1}, new byte[1], false);
    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> FashionMnist.load(dir));
    assertTrue(e.getMessage().contains("expected 2 labels"), e.getMessage());
  }

  @Test
  void realDebianFiles() {
    assumeTrue(
        Files.isDirectory(FashionMnist.DEFAULT_DIR),
        "Fashion-MNIST is not installed in " + FashionMnist.DEFAULT_DIR
            + " (apt-get install dataset-fashion-mnist); skipping");
    TrainTest<LabeledImages> d = FashionMnist.load();
    assertEquals(Shape.of(60000, 28, 28, 1), d.train().images().shape());
    assertEquals(Shape.of(10000, 28, 28, 1), d.test().images().shape());
    assertArrayEquals(filled(10, 6000), counts(d.train()));
    assertArrayEquals(filled(10, 1000), counts(d.test()));
    FloatNdArray images = d.test().images();
    float[] flat = new float[(int) images.shape().size()];
    images.copyTo(DataBuffers.of(flat, false, false));
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : flat) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(255f, max);
  }

  private static int[] counts(LabeledImages part) {
    int[] c = new int[10];
    for (int i = 0; i < part.size(); i++) {
      c[part.labels().getInt(i)]++;
    }
    return c;
  }

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
