package io.tfweave.examples.transfer;

import io.tfweave.applications.MobileNetV2;
import io.tfweave.data.Dataset;
import io.tfweave.data.FashionMnist;
import io.tfweave.data.HostArray;
import io.tfweave.data.LabeledImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Fashion-MNIST classes {@code [from, to]} as MobileNetV2 inputs: from one split as {@link FashionMnist#load} returns it,
 * a seeded sample of {@code perClass} images per class is taken, each 28×28 image is resized to 32×32 (bilinear,
 * half-pixel centres, as {@code tf.image.resize}), copied to 3 channels and scaled to [−1, 1]
 * ({@code MobileNetV2.preprocessInput}); labels become {@code class − from}.
 */
final class FashionMnistSubset {
  static final int SIZE = 32;

  private FashionMnistSubset() {}

  /** Classes {@code from..to} (inclusive) of {@code split} (the train or test part), {@code perClass} images each. */
  static Dataset of(LabeledImages split, int from, int to, int perClass, long seed) {
    int[] labels = HostArray.of(split.labels()).ints();
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
      split.images().get(i).copyTo(DataBuffers.of(pixels, false, false));
      float[] rgb = MobileNetV2.preprocessInput(toRgb(resize(pixels, 28, SIZE)));
      System.arraycopy(rgb, 0, x, k * rgb.length, rgb.length);
      y[k] = labels[i] - from;
    }
    return Dataset.ofArrays(
        List.of(HostArray.ofFloats(x, m, SIZE, SIZE, 3)), HostArray.ofFloats(y, m));
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
}
