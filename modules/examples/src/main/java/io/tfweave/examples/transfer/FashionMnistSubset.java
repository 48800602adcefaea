package io.tfweave.examples.transfer;

import io.tfweave.applications.MobileNetV2;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST classes {@code [from, to]} as MobileNetV2 inputs: the IDX files ({@code train-images-idx3-ubyte.gz}, ...)
 * are read, a seeded sample of {@code perClass} images per class is taken, each 28×28 image is resized to 32×32
 * (bilinear, half-pixel centres, as {@code tf.image.resize}), copied to 3 channels and scaled to [−1, 1]
 * ({@code MobileNetV2.preprocessInput}); labels become {@code class − from}.
 */
final class FashionMnistSubset {
  /** Where the Debian/Ubuntu package {@code dataset-fashion-mnist} puts the files. */
  static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
    "Bag", "Ankle boot"};
  static final int SIZE = 32;

  private FashionMnistSubset() {}

  /** Classes {@code from..to} (inclusive) of the train or test split, {@code perClass} images each. */
  static Dataset load(Path dir, boolean train, int from, int to, int perClass, long seed) throws IOException {
    String split = train ? "train" : "t10k";
    byte[] images = idx(dir.resolve(split + "-images-idx3-ubyte.gz"), 3);
    byte[] labels = idx(dir.resolve(split + "-labels-idx1-ubyte.gz"), 1);
    int n = labels.length;
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c <= 9; c++) byClass.add(new ArrayList<>());
    for (int i = 0; i < n; i++) byClass.get(labels[i]).add(i);
    List<Integer> chosen = new ArrayList<>();
    Random r = new Random(seed);
    for (int c = from; c <= to; c++) {
      List<Integer> idx = byClass.get(c);
      java.util.Collections.shuffle(idx, r);
      chosen.addAll(idx.subList(0, Math.min(perClass, idx.size())));
    }
    java.util.Collections.shuffle(chosen, r);
    int m = chosen.size();
    float[] x = new float[m * SIZE * SIZE * 3];
    float[] y = new float[m];
    float[] pixels = new float[28 * 28];
    for (int k = 0; k < m; k++) {
      int i = chosen.get(k);
      for (int p = 0; p < 784; p++) pixels[p] = images[i * 784 + p] & 0xff;
      float[] rgb = MobileNetV2.preprocessInput(toRgb(resize(pixels, 28, SIZE)));
      System.arraycopy(rgb, 0, x, k * rgb.length, rgb.length);
      y[k] = labels[i] - from;
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, m, SIZE, SIZE, 3)), HostArray.ofFloats(y, m));
  }

  /** Bilinear resize of a square gray image with half-pixel centres. */
  static float[] resize(float[] src, int from, int to) {
    float[] out = new float[to * to];
    double scale = (double) from / to;
    for (int yy = 0; yy < to; yy++) {
      double sy = Math.max(0, (yy + 0.5) * scale - 0.5);
      int y0 = Math.min((int) sy, from - 1);
      int y1 = Math.min(y0 + 1, from - 1);
      double fy = sy - y0;
      for (int xx = 0; xx < to; xx++) {
        double sx = Math.max(0, (xx + 0.5) * scale - 0.5);
        int x0 = Math.min((int) sx, from - 1);
        int x1 = Math.min(x0 + 1, from - 1);
        double fx = sx - x0;
        double top = src[y0 * from + x0] * (1 - fx) + src[y0 * from + x1] * fx;
        double bottom = src[y1 * from + x0] * (1 - fx) + src[y1 * from + x1] * fx;
        out[yy * to + xx] = (float) (top * (1 - fy) + bottom * fy);
      }
    }
    return out;
  }

  private static float[] toRgb(float[] gray) {
    float[] out = new float[gray.length * 3];
    for (int i = 0; i < gray.length; i++) out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = gray[i];
    return out;
  }

  /** The payload of a gzipped IDX file of {@code rank} dimensions (unsigned bytes). */
  private static byte[] idx(Path file, int rank) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException("Fashion-MNIST file " + file + " not found; pass --data DIR (the folder with the four "
          + "*-ubyte.gz files from https://github.com/zalandoresearch/fashion-mnist)");
    }
    try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      int magic = in.readInt();
      if (magic != (0x0800 | rank)) throw new IOException(file + ": expected IDX magic " + (0x0800 | rank) + ", got " + magic);
      long size = 1;
      for (int d = 0; d < rank; d++) size *= in.readInt();
      byte[] data = new byte[Math.toIntExact(size)];
      in.readFully(data);
      return data;
    }
  }
}
