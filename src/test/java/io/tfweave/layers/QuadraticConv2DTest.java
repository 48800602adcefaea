package io.tfweave.layers;

import static io.tfweave.activations.Activation.TANH;
import static io.tfweave.layers.QuadraticDenseTest.arr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.layers.quadratic.QuadraticConv2D;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.LayerTester;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

class QuadraticConv2DTest {
  @Test
  void basics() {
    LayerTester.of(() -> new QuadraticConv2D(3, 3).activation(TANH))
        .inputShape(2, 6, 6, 2)
        .expectOutputShape(2, 4, 4, 3)
        .expectTrainableWeights(6)
        .expectNonTrainableWeights(0)
        .run();
  }

  @Test
  void basicsSameStridedDilatedComposed() {
    LayerTester.of(() -> new QuadraticConv2D(3, 3).padding(Padding.SAME).strides(2))
        .inputShape(2, 6, 5, 2)
        .expectOutputShape(2, 3, 3, 3)
        .run();
    LayerTester.of(() -> new QuadraticConv2D(2, 3).dilationRate(2))
        .inputShape(2, 6, 6, 1)
        .expectOutputShape(2, 2, 2, 2)
        .run();
    LayerTester.of(() -> new QuadraticConv2D(2, 2, 3).fused(false).useBias(false))
        .inputShape(2, 5, 5, 2)
        .expectOutputShape(2, 4, 3, 2)
        .expectTrainableWeights(3)
        .run();
  }

  @Test
  void correctnessAgainstJavaLoops() {
    Random rnd = new Random(3);
    int h = 5;
    int w = 4;
    int cin = 2;
    int f = 2;
    int k = 2;
    float[] x = rand(rnd, h * w * cin);
    float[][] kernels = {
      rand(rnd, k * k * cin * f), rand(rnd, k * k * cin * f), rand(rnd, k * k * cin * f)
    };
    float[][] biases = {rand(rnd, f), rand(rnd, f), rand(rnd, f)};
    int[][] cases = {{1, 0, 1}, {2, 1, 1}, {1, 1, 2}, {1, 0, 2}}; // stride, same?, dilation
    for (int[] cs : cases) {
      for (boolean fused : new boolean[] {true, false}) {
        QuadraticConv2D layer = new QuadraticConv2D(f, k)
            .strides(cs[0])
            .padding(cs[1] == 1 ? Padding.SAME : Padding.VALID)
            .dilationRate(cs[2])
            .fused(fused);
        try (Model m =
            Sequential.named("qc").input(h, w, cin).add(layer).seed(1).build()) {
          m.setWeights(List.of(
              arr(kernels[0], k, k, cin, f),
              arr(kernels[1], k, k, cin, f),
              arr(kernels[2], k, k, cin, f),
              arr(biases[0], f),
              arr(biases[1], f),
              arr(biases[2], f)));
          FloatNdArray y = m.predict(arr(x, 1, h, w, cin));
          long oh = y.shape().get(1);
          long ow = y.shape().get(2);
          int span = k + (k - 1) * (cs[2] - 1);
          int padTop = cs[1] == 1 ? (int) Math.max(0, ((oh - 1) * cs[0] + span - h) / 2) : 0;
          int padLeft = cs[1] == 1 ? (int) Math.max(0, ((ow - 1) * cs[0] + span - w) / 2) : 0;
          for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
              for (int o = 0; o < f; o++) {
                double[] lin = {biases[0][o], biases[1][o], biases[2][o]};
                for (int a = 0; a < k; a++) {
                  for (int b = 0; b < k; b++) {
                    int yy = i * cs[0] + a * cs[2] - padTop;
                    int xx = j * cs[0] + b * cs[2] - padLeft;
                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                    for (int c = 0; c < cin; c++) {
                      double v = x[(yy * w + xx) * cin + c];
                      int kk = ((a * k + b) * cin + c) * f + o;
                      lin[0] += v * kernels[0][kk];
                      lin[1] += v * kernels[1][kk];
                      lin[2] += v * v * kernels[2][kk];
                    }
                  }
                }
                assertEquals(
                    lin[0] * lin[1] + lin[2],
                    y.getFloat(0, i, j, o),
                    1e-4,
                    "case " + java.util.Arrays.toString(cs) + " fused=" + fused + " at " + i + ","
                        + j + "," + o);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void parameterCountIsThreeConvolutions() {
    try (Model m =
        Sequential.named("qc").input(8, 8, 3).add(new QuadraticConv2D(4, 3)).build()) {
      assertEquals(3 * (3 * 3 * 3 * 4) + 3 * 4, QuadraticDenseTest.params(m));
    }
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> new QuadraticConv2D(0, 3));
    assertTrue(e.getMessage().contains("Received: filters=0"));
    e = assertThrows(IllegalArgumentException.class, () -> new QuadraticConv2D(2, 0));
    assertTrue(
        e.getMessage().contains("kernel_size must contain positive integers"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Padding.of("full"));
    assertTrue(e.getMessage().contains("Received: padding=full"), e.getMessage());
    var s = assertThrows(
        ShapeMismatchException.class, () -> new QuadraticConv2D(2, 3).apply(Input.of(28, 28)));
    assertTrue(s.getMessage().contains("add a channel axis"), s.getMessage());
    s = assertThrows(
        ShapeMismatchException.class, () -> new QuadraticConv2D(2, 5).apply(Input.of(3, 3, 1)));
    assertTrue(s.getMessage().contains("large enough for a 5x5 kernel"), s.getMessage());
    s = assertThrows(
        ShapeMismatchException.class,
        () -> new QuadraticConv2D(2, 3).strides(2).dilationRate(2).apply(Input.of(9, 9, 1)));
    assertTrue(
        s.getMessage().contains("strides > 1 not supported in conjunction with dilation_rate > 1"),
        s.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> QuadraticConv2D.fromConfig(java.util.Map.of(
            "filters", 2, "kernel_size", List.of(3, 3), "data_format", "channels_first")));
    assertTrue(e.getMessage().contains("channels_last"), e.getMessage());
  }

  private static float[] rand(Random r, int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) f[i] = (float) r.nextGaussian() * 0.7f;
    return f;
  }
}
