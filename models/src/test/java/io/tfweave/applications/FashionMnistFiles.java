package io.tfweave.applications;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** A minimal reader of the gzipped Fashion-MNIST IDX files for tests (the library's own reader lives in io.tfweave.data). */
final class FashionMnistFiles {
  static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private FashionMnistFiles() {}

  static boolean available() {
    return Files.isReadable(DIR.resolve("train-images-idx3-ubyte.gz"));
  }

  /** The first {@code n} images of a split as floats in [0, 1], {@code [n, 28, 28, 1]} row-major. */
  static float[] images(String split, int n) {
    try (DataInputStream in = open(split + "-images-idx3-ubyte.gz", 0x803)) {
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      int m = Math.min(n, count);
      byte[] raw = new byte[m * rows * cols];
      in.readFully(raw);
      float[] out = new float[raw.length];
      for (int i = 0; i < raw.length; i++) out[i] = (raw[i] & 0xff) / 255f;
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code n} labels of a split. */
  static float[] labels(String split, int n) {
    try (DataInputStream in = open(split + "-labels-idx1-ubyte.gz", 0x801)) {
      int m = Math.min(n, in.readInt());
      byte[] raw = new byte[m];
      in.readFully(raw);
      float[] out = new float[m];
      for (int i = 0; i < m; i++) out[i] = raw[i];
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataInputStream open(String file, int magic) throws IOException {
    DataInputStream in =
        new DataInputStream(new GZIPInputStream(Files.newInputStream(DIR.resolve(file)), 1 << 16));
    int m = in.readInt();
    if (m != magic) throw new IOException(file + ": bad IDX magic " + Integer.toHexString(m));
    return in;
  }
}
