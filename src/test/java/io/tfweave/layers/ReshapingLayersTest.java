package io.tfweave.layers;

import static io.tfweave.layers.ImageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.core.Identity;
import io.tfweave.layers.pooling.GlobalAveragePooling1D;
import io.tfweave.layers.reshaping.Cropping1D;
import io.tfweave.layers.reshaping.Cropping2D;
import io.tfweave.layers.reshaping.Permute;
import io.tfweave.layers.reshaping.RepeatVector;
import io.tfweave.layers.reshaping.UpSampling1D;
import io.tfweave.layers.reshaping.ZeroPadding1D;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.GradientCheck;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 1-D reshaping layers, Cropping2D, Permute, RepeatVector and Identity. */
class ReshapingLayersTest {
  @Test
  void basics() {
    LayerTester.of(UpSampling1D::new)
        .inputShape(2, 3, 4)
        .expectOutputShape(2, 6, 4)
        .expectTrainableWeights(0)
        .run();
    LayerTester.of(ZeroPadding1D::new)
        .inputShape(2, 3, 4)
        .expectOutputShape(2, 5, 4)
        .run();
    LayerTester.of(() -> new ZeroPadding1D(2, 0))
        .inputShape(2, 3, 4)
        .expectOutputShape(2, 5, 4)
        .run();
    LayerTester.of(() -> new Cropping1D(0, 2))
        .inputShape(2, 5, 4)
        .expectOutputShape(2, 3, 4)
        .run();
    LayerTester.of(() -> new Cropping2D(1, 0, 2, 1))
        .inputShape(2, 5, 6, 3)
        .expectOutputShape(2, 4, 3, 3)
        .run();
    LayerTester.of(Cropping2D::new)
        .inputShape(2, 5, 6, 3)
        .expectOutputShape(2, 5, 6, 3)
        .run();
    LayerTester.of(() -> new Permute(2, 1))
        .inputShape(2, 3, 4)
        .expectOutputShape(2, 4, 3)
        .run();
    LayerTester.of(() -> new RepeatVector(3))
        .inputShape(2, 4)
        .expectOutputShape(2, 3, 4)
        .run();
    LayerTester.of(Identity::new).inputShape(2, 3).expectOutputShape(2, 3).run();
  }

  @Test
  void kerasConfigs() {
    assertEquals(List.of(1, 1), new ZeroPadding1D().config().get("padding"));
    assertEquals(List.of(1, 1), new Cropping1D().config().get("cropping"));
    assertEquals(
        List.of(List.of(0, 0), List.of(0, 0)), new Cropping2D().config().get("cropping"));
    assertEquals(
        List.of(List.of(2, 2), List.of(3, 3)), new Cropping2D(2, 3).config().get("cropping"));
    assertEquals(2, new UpSampling1D().config().get("size"));
    assertEquals(List.of(3, 1, 2), new Permute(3, 1, 2).config().get("dims"));
    assertEquals(5, new RepeatVector(5).config().get("n"));
  }

  @Test
  void correctness() {
    float[] x = {1, 2, 3, 4, 5, 6}; // 3 steps, 2 features
    try (Model m = single(new UpSampling1D().size(3), 3, 2)) {
      assertArrayEquals(
          new float[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 5, 6, 5, 6, 5, 6},
          predict(m, x, 1, 3, 2));
    }
    try (Model m = single(new ZeroPadding1D(1, 2), 3, 2)) {
      assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0}, predict(m, x, 1, 3, 2));
    }
    try (Model m = single(new Cropping1D(1, 0), 3, 2)) {
      assertArrayEquals(new float[] {3, 4, 5, 6}, predict(m, x, 1, 3, 2));
    }
    try (Model m = single(new Permute(2, 1), 3, 2)) {
      assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, predict(m, x, 1, 3, 2));
    }
    try (Model m = single(new RepeatVector(2), 3)) {
      assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, predict(m, x, 2, 3));
    }
    float[] img = new float[4 * 5];
    for (int i = 0; i < img.length; i++) img[i] = i; // 4 rows, 5 columns, 1 channel
    try (Model m = single(new Cropping2D(1, 2, 0, 3), 4, 5, 1)) {
      assertArrayEquals(new float[] {5, 6}, predict(m, img, 1, 4, 5, 1));
    }
    // unknown lengths
    var in = Input.of(-1, 2);
    try (Model m = Model.of(in, new Cropping1D(1).apply(new UpSampling1D().apply(in)))) {
      assertArrayEquals(new float[] {1, 2, 3, 4, 3, 4, 5, 6}, predict(m, x, 1, 3, 2));
    }
  }

  @Test
  void identityKeepsIntegersAndMasks() {
    var ids = Input.of(DType.INT32, 3);
    var same = new Identity().apply(ids);
    assertEquals(DType.INT32, same.dtype());
    try (Model m = Model.of(
        ids,
        new GlobalAveragePooling1D()
            .apply(new Identity().apply(new Embedding(3, 1).maskZero(true).apply(same))))) {
      m.setWeights(List.of(nd(new float[] {100, 1, 2}, 3, 1)));
      float[] y = flat(
          m.predict(Dataset.ofArrays(List.of(HostArray.ofInts(new int[] {1, 2, 0}, 1, 3)), null)));
      assertArrayEquals(new float[] {1.5f}, y);
    }
  }

  @Test
  void errors() {
    var s = assertThrows(
        ShapeMismatchException.class,
        () -> new Cropping1D(2, 3).named("crop").apply(Input.of(5, 2)));
    assertTrue(
        s.getMessage()
            .contains(
                "Layer 'crop' (Cropping1D) expects more than 5 steps (cropping [2, 3] must be smaller "
                    + "than the input length)"),
        s.getMessage());
    s = assertThrows(
        ShapeMismatchException.class, () -> new Cropping2D(2).apply(Input.of(4, 8, 1)));
    assertTrue(
        s.getMessage()
            .contains("expects an image larger than the cropping [2, 2, 2, 2] (4 rows cropped)"),
        s.getMessage());
    var e = assertThrows(IllegalArgumentException.class, () -> new Permute(1, 3));
    assertTrue(
        e.getMessage()
            .contains("The set of indices in `dims` must be {1, ..., 2}. Received: dims=[1, 3]"),
        e.getMessage());
    s = assertThrows(
        ShapeMismatchException.class, () -> new Permute(2, 1).apply(Input.of(2, 3, 4)));
    assertTrue(s.getMessage().contains("expects an input of rank 3"), s.getMessage());
    s = assertThrows(ShapeMismatchException.class, () -> new RepeatVector(2).apply(Input.of(2, 3)));
    assertTrue(s.getMessage().contains("expects a 2-D input (batch, features)"), s.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ZeroPadding1D(-1));
    assertTrue(
        e.getMessage().contains("padding must be non-negative. Received: padding=[-1]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new UpSampling1D().size(0));
    assertTrue(e.getMessage().contains("Received: size=0"), e.getMessage());
  }

  @Test
  void gradients() {
    GradientCheck.ofLayer(new UpSampling1D(), 2, 3, 2).run().assertWithin(2e-2);
    GradientCheck.ofLayer(new Cropping2D(1, 0, 0, 1), 1, 3, 3, 2).run().assertWithin(2e-2);
    GradientCheck.ofLayer(new Permute(2, 1), 2, 3, 2).run().assertWithin(2e-2);
    GradientCheck.ofLayer(new RepeatVector(2), 2, 3).run().assertWithin(2e-2);
  }
}
