package io.tfweave.layers;

import static io.tfweave.layers.ImageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.layers.pooling.AveragePooling2D;
import io.tfweave.layers.pooling.GlobalAveragePooling2D;
import io.tfweave.layers.pooling.GlobalMaxPooling2D;
import io.tfweave.layers.pooling.MaxPooling2D;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.LayerTester;
import org.junit.jupiter.api.Test;

class PoolingLayersTest {
  @Test
  void basics() {
    LayerTester.of(MaxPooling2D::new)
        .inputShape(2, 6, 5, 3)
        .expectOutputShape(2, 3, 2, 3)
        .expectTrainableWeights(0)
        .run();
    LayerTester.of(() -> new MaxPooling2D().poolSize(3).strides(2).padding(Padding.SAME))
        .inputShape(2, 5, 5, 1)
        .expectOutputShape(2, 3, 3, 1)
        .run();
    LayerTester.of(() -> new AveragePooling2D().poolSize(2, 3).strides(1))
        .inputShape(2, 4, 4, 2)
        .expectOutputShape(2, 3, 2, 2)
        .run();
    LayerTester.of(GlobalAveragePooling2D::new)
        .inputShape(2, 4, 3, 5)
        .expectOutputShape(2, 5)
        .run();
    LayerTester.of(() -> new GlobalMaxPooling2D().keepdims(true))
        .inputShape(2, 4, 3, 5)
        .expectOutputShape(2, 1, 1, 5)
        .run();
  }

  @Test
  void correctness() {
    // one 4x4 single-channel image with values 0..15 (row-major)
    float[] x = new float[16];
    for (int i = 0; i < 16; i++) x[i] = i;
    try (Model m = single(new MaxPooling2D(), 4, 4, 1)) {
      assertArrayEquals(new float[] {5, 7, 13, 15}, predict(m, x, 1, 4, 4, 1));
    }
    try (Model m = single(new AveragePooling2D(), 4, 4, 1)) {
      assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, predict(m, x, 1, 4, 4, 1));
    }
    // "same" average pooling excludes the padding: with a 3x3 pool and stride 2 on 4x4, TensorFlow
    // pads one row/column at
    // the end, so the last window covers only rows and columns 2..3 and averages 4 values (not 9)
    try (Model m =
        single(new AveragePooling2D().poolSize(3).strides(2).padding(Padding.SAME), 4, 4, 1)) {
      float[] y = predict(m, x, 1, 4, 4, 1);
      assertEquals((10 + 11 + 14 + 15) / 4f, y[3], 1e-5);
      assertEquals((0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10) / 9f, y[0], 1e-5);
    }
    float[] two = new float[2 * 2 * 2];
    for (int i = 0; i < two.length; i++) two[i] = i * (i % 2 == 0 ? 1 : -1);
    try (Model m = single(new GlobalAveragePooling2D(), 2, 2, 2)) {
      assertArrayEquals(new float[] {3f, -4f}, predict(m, two, 1, 2, 2, 2));
    }
    try (Model m = single(new GlobalMaxPooling2D(), 2, 2, 2)) {
      assertArrayEquals(new float[] {6f, -1f}, predict(m, two, 1, 2, 2, 2));
    }
  }

  @Test
  void errors() {
    var s = assertThrows(
        ShapeMismatchException.class,
        () -> new MaxPooling2D().poolSize(3).named("pool").apply(Input.of(2, 2, 1)));
    assertTrue(
        s.getMessage()
            .contains(
                "Layer 'pool' (MaxPooling2D) expects an input large enough for a 3x3 pooling window"),
        s.getMessage());
    var e = assertThrows(IllegalArgumentException.class, () -> new AveragePooling2D().strides(0));
    assertTrue(e.getMessage().contains("strides must contain positive integers"), e.getMessage());
    s = assertThrows(
        ShapeMismatchException.class, () -> new GlobalAveragePooling2D().apply(Input.of(10)));
    assertTrue(s.getMessage().contains("expects a 4-D input"), s.getMessage());
  }
}
