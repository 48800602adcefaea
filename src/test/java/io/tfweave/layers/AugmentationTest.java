package io.tfweave.layers;

import static io.tfweave.layers.ImageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.pooling.GlobalAveragePooling2D;
import io.tfweave.layers.preprocessing.FillMode;
import io.tfweave.layers.preprocessing.FlipMode;
import io.tfweave.layers.preprocessing.RandomContrast;
import io.tfweave.layers.preprocessing.RandomCrop;
import io.tfweave.layers.preprocessing.RandomFlip;
import io.tfweave.layers.preprocessing.RandomResizedCrop;
import io.tfweave.layers.preprocessing.RandomRotation;
import io.tfweave.layers.preprocessing.RandomTranslation;
import io.tfweave.layers.preprocessing.RandomZoom;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.LayerTester;
import io.tfweave.training.FitOptions;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;

class AugmentationTest {
  private static final List<Supplier<Layer>> SAME_SIZE = List.of(
      () -> new RandomFlip(),
      () -> new RandomFlip(FlipMode.HORIZONTAL),
      () -> RandomRotation.degrees(15),
      () -> new RandomRotation(-0.1, 0.2)
          .fillMode(FillMode.CONSTANT)
          .interpolation(Interpolation.NEAREST)
          .fillValue(0.5),
      () -> new RandomZoom(0.2).widthFactor(-0.1, 0.3).fillMode(FillMode.NEAREST),
      () -> new RandomTranslation(0.1, 0.2).fillMode(FillMode.WRAP),
      () -> new RandomContrast(0.3).valueRange(-10, 10),
      () -> new RandomCrop(6, 5),
      () -> new RandomResizedCrop(6, 5));

  @Test
  void basics() {
    for (Supplier<Layer> f : SAME_SIZE) {
      LayerTester.of(f)
          .inputShape(3, 6, 5, 2)
          .expectOutputShape(3, 6, 5, 2)
          .expectTrainableWeights(0)
          .expectNonTrainableWeights(0)
          .skipTrainingStep()
          .run();
    }
    LayerTester.of(() -> new RandomCrop(4, 3).seed(5))
        .inputShape(3, 6, 5, 2)
        .expectOutputShape(3, 4, 3, 2)
        .skipTrainingStep()
        .run();
    LayerTester.of(() -> new RandomResizedCrop(8, 8).scale(0.5, 1).ratio(0.5, 2))
        .inputShape(3, 6, 5, 2)
        .expectOutputShape(3, 8, 8, 2)
        .skipTrainingStep()
        .run();
  }

  @Test
  void identityAtInferenceAndAbsentFromTheInferenceGraph() {
    float[] x = random(4 * 6 * 5 * 2, 1);
    for (Supplier<Layer> f : SAME_SIZE) {
      Layer l = f.get();
      try (Model m = single(l, 6, 5, 2)) {
        assertArrayEquals(x, predict(m, x, 4, 6, 5, 2), l.className());
        var ops = m.graphAccess().graph().operations();
        while (ops.hasNext()) {
          GraphOperation op = ops.next();
          assertFalse(
              op.name().startsWith(l.name() + "/"),
              l.className() + " added op " + op.name() + " to inference");
        }
      }
    }
  }

  @Test
  void changesPixelsInTraining() {
    float[] x = random(8 * 6 * 5 * 2, 2);
    for (int i = 0; i < x.length; i++) x[i] = 100 + 40 * x[i];
    for (Supplier<Layer> f : SAME_SIZE) {
      Layer l = f.get();
      if (l instanceof RandomContrast) l = new RandomContrast(0.3);
      if (l instanceof RandomCrop) continue; // a 6x5 crop of 6x5 images is the whole image; see
      // contrastKeepsTheMeanAndCropsAreWindows
      try (Model m = single(l, 6, 5, 2)) {
        float[] y = trainingForward(m, x, 8, 6, 5, 2);
        assertEquals(x.length, y.length);
        assertFalse(Arrays.equals(x, y), l.className() + " should change pixels in training");
      }
    }
  }

  @Test
  void seededAugmentationIsReproducible() {
    float[] x = random(4 * 6 * 6 * 1, 3);
    float[] a;
    try (Model m = single(RandomRotation.degrees(30), 6, 6, 1)) {
      a = trainingForward(m, x, 4, 6, 6, 1);
    }
    try (Model m = single(RandomRotation.degrees(30), 6, 6, 1)) {
      assertArrayEquals(a, trainingForward(m, x, 4, 6, 6, 1));
    }
    try (Model m = single(RandomRotation.degrees(30).seed(99), 6, 6, 1)) {
      assertFalse(Arrays.equals(a, trainingForward(m, x, 4, 6, 6, 1)));
    }
  }

  @Test
  void geometryFollowsKeras() {
    int n = 4;
    float[] x = new float[n * n];
    for (int i = 0; i < x.length; i++) x[i] = i + 1;
    // a quarter turn, counter-clockwise as in Keras: out[y][x] = in[x][n - 1 - y]
    try (Model m =
        single(new RandomRotation(0.25, 0.25).interpolation(Interpolation.NEAREST), n, n, 1)) {
      float[] y = trainingForward(m, x, 1, n, n, 1);
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++)
          assertEquals(x[c * n + (n - 1 - r)], y[r * n + c], "pixel " + r + "," + c);
      }
    }
    // a shift down by a quarter of the height (one row), zeros coming in at the top
    try (Model m = single(
        new RandomTranslation(0, 0).heightFactor(0.25, 0.25).fillMode(FillMode.CONSTANT),
        n,
        n,
        1)) {
      float[] y = trainingForward(m, x, 1, n, n, 1);
      float[] want = new float[n * n];
      System.arraycopy(x, 0, want, n, n * (n - 1));
      assertArrayEquals(want, y, 1e-5f);
    }
    // horizontal flip with certainty is a column reversal; test through the vertical+horizontal
    // composition on 20 images
    float[] many = random(20 * 3 * 3, 4);
    try (Model m = single(new RandomFlip(FlipMode.HORIZONTAL), 3, 3, 1)) {
      float[] y = trainingForward(m, many, 20, 3, 3, 1);
      int flipped = 0;
      for (int b = 0; b < 20; b++) {
        boolean same = true;
        boolean mirrored = true;
        for (int r = 0; r < 3; r++) {
          for (int c = 0; c < 3; c++) {
            same &= y[b * 9 + r * 3 + c] == many[b * 9 + r * 3 + c];
            mirrored &= y[b * 9 + r * 3 + c] == many[b * 9 + r * 3 + (2 - c)];
          }
        }
        assertTrue(same || mirrored, "image " + b + " is neither unchanged nor mirrored");
        if (mirrored) flipped++;
      }
      assertTrue(flipped > 2 && flipped < 18, "flipped " + flipped + " of 20");
    }
    // zooming keeps the centre pixel of an odd-sized image
    float[] odd = random(6 * 5 * 5, 5);
    try (Model m = single(new RandomZoom(0.5), 5, 5, 1)) {
      float[] y = trainingForward(m, odd, 6, 5, 5, 1);
      for (int b = 0; b < 6; b++) assertEquals(odd[b * 25 + 12], y[b * 25 + 12], 1e-5f);
    }
  }

  @Test
  void contrastKeepsTheMeanAndCropsAreWindows() {
    float[] x = random(4 * 4 * 4 * 1, 6);
    for (int i = 0; i < x.length; i++) x[i] = 125 + 20 * x[i];
    try (Model m = single(new RandomContrast(0.5), 4, 4, 1)) {
      float[] y = trainingForward(m, x, 4, 4, 4, 1);
      for (int b = 0; b < 4; b++) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < 16; i++) {
          mx += x[b * 16 + i];
          my += y[b * 16 + i];
        }
        assertEquals(mx / 16, my / 16, 1e-3);
      }
    }
    float[] img = new float[5 * 6 * 6];
    for (int i = 0; i < img.length; i++) img[i] = i;
    try (Model m = single(new RandomCrop(3, 4), 6, 6, 1)) {
      float[] y = trainingForward(m, img, 5, 6, 6, 1);
      for (int b = 0; b < 5; b++) {
        int top = (int) (y[b * 12] - b * 36) / 6;
        int left = (int) (y[b * 12] - b * 36) % 6;
        for (int r = 0; r < 3; r++) {
          for (int c = 0; c < 4; c++)
            assertEquals(img[b * 36 + (top + r) * 6 + left + c], y[b * 12 + r * 4 + c]);
        }
      }
      // inference: a centred 6x6 → 3x4 smart resize (crop to 4x6, then resize), deterministic
      assertArrayEquals(predict(m, img, 5, 6, 6, 1), predict(m, img, 5, 6, 6, 1));
    }
  }

  @Test
  void trainsBehindAugmentation() {
    int n = 16;
    float[] x = random(n * 8 * 8, 7);
    float[] y = new float[n];
    for (int i = 0; i < n; i++) y[i] = i % 2;
    try (Model m = Sequential.named("aug")
        .input(8, 8, 1)
        .add(
            new RandomFlip(FlipMode.HORIZONTAL),
            RandomRotation.degrees(10),
            new RandomZoom(0.1),
            new RandomTranslation(0.1, 0.1),
            new RandomContrast(0.1).valueRange(-5, 5),
            new RandomResizedCrop(8, 8).scale(0.6, 1),
            new Conv2D(2, 3),
            new GlobalAveragePooling2D(),
            new Dense(2).activation(io.tfweave.activations.Activation.SOFTMAX))
        .seed(1)
        .build()) {
      m.compile(Optimizers.adam(1e-2), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
      var h = m.fit(
          Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 8, 8, 1)), HostArray.ofFloats(y, n)),
          FitOptions.epochs(2).batchSize(8).verbose(0));
      assertEquals(2, h.get("loss").size());
      assertTrue(Double.isFinite(h.last("loss")));
    }
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> FlipMode.of("diagonal"));
    assertTrue(
        e.getMessage()
            .contains("mode must be one of horizontal, vertical, horizontal_and_vertical"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RandomRotation(0.3, 0.1));
    assertTrue(
        e.getMessage().contains("factor must be finite with lower <= upper"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FillMode.of("mirror"));
    assertTrue(
        e.getMessage().contains("fill_mode must be one of reflect, wrap, constant, nearest"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RandomZoom(-1.5));
    assertTrue(e.getMessage().contains("height_factor values must be in (-1, 1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RandomContrast(1.5));
    assertTrue(e.getMessage().contains("factor values must be in [0, 1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(8, 8).scale(0, 1));
    assertTrue(
        e.getMessage().contains("scale must satisfy 0 < lower <= upper <= 1"), e.getMessage());
    var s = assertThrows(
        ShapeMismatchException.class,
        () -> new RandomCrop(8, 8).named("crop").apply(Input.of(6, 6, 1)));
    assertTrue(
        s.getMessage().contains("Layer 'crop' (RandomCrop) expects images of at least 8x8 pixels"),
        s.getMessage());
  }
}
