package io.tfweave.models;

import static io.tfweave.activations.Activation.SIGMOID;
import static io.tfweave.activations.Activation.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

class ArrayFittingTest {
  static final float[][] X = {{1, 0}, {0, 1}, {2, 2}};
  static final float[] Y = {3, 1, 0};

  /** Dense(1) with kernel [[2], [0]] and bias [1]: outputs 3, 1, 5 on X, errors 0, 0, 5 against Y. */
  static Model line(int inputs, float... kernel) {
    Model m = Sequential.builder().input(inputs).add(new Dense(1)).seed(1).build();
    m.setWeights(List.of(
        NdArrays.wrap(Shape.of(inputs, 1), DataBuffers.of(kernel, false, false)),
        NdArrays.wrap(Shape.of(1), DataBuffers.of(new float[] {1}, false, false))));
    return m;
  }

  @Test
  void predictAndEvaluateOnFloatMatrices() {
    try (Model m = line(2, 2, 0)) {
      FloatNdArray p = m.predict(X);
      assertArrayEquals(new long[] {3, 1}, p.shape().asArray());
      assertArrayEquals(new float[][] {{3}, {1}, {5}}, StdArrays.array2dCopyOf(p));
      assertEquals(p, m.predict(X, 2), "batch size 2 gives the same outputs");
      assertEquals(p, m.predict(new double[][] {{1, 0}, {0, 1}, {2, 2}}));
      assertEquals(p, m.predict(StdArrays.ndCopyOf(X), 1));
      assertEquals(
          p,
          m.predict(
              Dataset.ofArrays(
                  List.of(HostArray.ofFloats(new float[] {1, 0, 0, 1, 2, 2}, 3, 2)), null),
              64));
      m.compile("sgd", "mse", "mae");
      assertEquals(25.0 / 3, m.evaluate(X, Y).loss(), 1e-5);
      assertEquals(5.0 / 3, m.evaluate(X, new int[] {3, 1, 0}).metric("mae"), 1e-5);
      assertEquals(25.0 / 3, m.evaluate(X, new float[][] {{3}, {1}, {0}}).loss(), 1e-5);
    }
  }

  @Test
  void oneDimensionalInputsFeedAnInputOfShapeOne() {
    try (Model m = line(1, 3)) {
      assertArrayEquals(
          new float[][] {{4}, {1}, {-5}},
          StdArrays.array2dCopyOf(m.predict(new float[] {1, 0, -2})));
      assertArrayEquals(new float[][] {{7}}, StdArrays.array2dCopyOf(m.predict(new int[] {2})));
    }
  }

  static float[][] features(int n, Random r) {
    float[][] x = new float[n][2];
    for (float[] row : x) {
      row[0] = (float) r.nextGaussian();
      row[1] = (float) r.nextGaussian();
    }
    return x;
  }

  @Test
  void fitOnArraysTrainsExactlyLikeTheDatasetForm() {
    Random r = new Random(2);
    float[][] x = features(64, r);
    float[] y = new float[64];
    float[] flat = new float[128];
    for (int i = 0; i < 64; i++) {
      y[i] = x[i][0] - x[i][1] > 0 ? 1 : 0;
      flat[2 * i] = x[i][0];
      flat[2 * i + 1] = x[i][1];
    }
    List<Double> fromArrays;
    List<Double> fromDataset;
    try (Model m = Sequential.builder()
        .input(2)
        .add(new Dense(1).activation(SIGMOID))
        .seed(3)
        .build()) {
      m.compile("adam", "binary_crossentropy", "accuracy");
      History h = m.fit(x, y, FitOptions.epochs(5).batchSize(32).verbose(0));
      fromArrays = h.get("loss");
      assertTrue(h.last("loss") < h.get("loss").get(0), h.asMap().toString());
    }
    try (Model m = Sequential.builder()
        .input(2)
        .add(new Dense(1).activation(SIGMOID))
        .seed(3)
        .build()) {
      m.compile("adam", "binary_crossentropy", "accuracy");
      Dataset d =
          Dataset.ofArrays(List.of(HostArray.ofFloats(flat, 64, 2)), HostArray.ofFloats(y, 64));
      fromDataset = m.fit(d, FitOptions.epochs(5).batchSize(32).verbose(0)).get("loss");
    }
    assertEquals(fromDataset, fromArrays);
  }

  @Test
  void tokenIdsAsIntAndLongMatricesWithFloatTargets() {
    int[][] tokens = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {1, 1, 1}};
    long[][] longTokens = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {1, 1, 1}};
    float[] y = {1, 0, 1, 0};
    try (Model m = Sequential.builder()
        .input(DType.INT32, 3)
        .add(new Embedding(10, 2), new Flatten(), new Dense(1).activation(SIGMOID))
        .seed(4)
        .build()) {
      m.compile("rmsprop", "binary_crossentropy");
      History h = m.fit(tokens, y, FitOptions.epochs(3).batchSize(2).verbose(0));
      assertEquals(3, h.size());
      assertEquals(m.predict(tokens), m.predict(longTokens));
      assertEquals(
          m.evaluate(tokens, y).loss(),
          m.evaluate(longTokens, new int[] {1, 0, 1, 0}).loss(),
          1e-6);
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              new int[][] {{1, 2, 3}, {4, 5}},
              new float[] {0, 1},
              FitOptions.epochs(1).verbose(0)));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "x must be rectangular (every row of one length), but x[1] has length 2 while x[0] "
                      + "has length 3."),
          e.getMessage());
    }
  }

  @Test
  void imagesWithIntegerLabels() {
    Random r = new Random(5);
    float[][][][] images = new float[6][4][4][1];
    int[] labels = new int[6];
    for (int n = 0; n < 6; n++) {
      labels[n] = n % 3;
      for (int h = 0; h < 4; h++)
        for (int w = 0; w < 4; w++) images[n][h][w][0] = (float) r.nextGaussian() + labels[n];
    }
    try (Model m = Sequential.builder()
        .input(4, 4, 1)
        .add(new Flatten(), new Dense(3).activation(SOFTMAX))
        .seed(6)
        .build()) {
      m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      History h = m.fit(images, labels, FitOptions.epochs(2).batchSize(4).verbose(0));
      assertEquals(List.of("loss", "accuracy"), List.copyOf(h.asMap().keySet()));
      float[][] p = StdArrays.array2dCopyOf(m.predict(images, 4));
      assertEquals(6, p.length);
      for (float[] row : p)
        assertEquals(1.0, row[0] + row[1] + row[2], 1e-5, "softmax rows sum to 1");
      double loss = m.evaluate(images, labels).loss();
      double expected = 0;
      for (int n = 0; n < 6; n++) expected -= Math.log(p[n][labels[n]]);
      assertEquals(expected / 6, loss, 1e-5, "sparse cross-entropy of the predicted probabilities");
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              new float[2][4][4][3], new int[] {0, 1}, FitOptions.epochs(1).verbose(0)));
      assertTrue(
          e.getMessage().contains("expects samples of shape (None, 4, 4, 1)"), e.getMessage());
    }
  }
}
