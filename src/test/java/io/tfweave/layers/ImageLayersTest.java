package io.tfweave.layers;

import static io.tfweave.layers.ImageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.layers.activations.ReLU;
import io.tfweave.layers.preprocessing.Rescaling;
import io.tfweave.layers.preprocessing.Resizing;
import io.tfweave.layers.reshaping.UpSampling2D;
import io.tfweave.layers.reshaping.ZeroPadding2D;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.LayerTester;
import org.junit.jupiter.api.Test;

class ImageLayersTest {
  @Test
  void basics() {
    LayerTester.of(() -> new ZeroPadding2D(1, 2))
        .inputShape(2, 3, 3, 2)
        .expectOutputShape(2, 5, 7, 2)
        .run();
    LayerTester.of(() -> new ZeroPadding2D(0, 1, 2, 3))
        .inputShape(2, 3, 3, 1)
        .expectOutputShape(2, 4, 8, 1)
        .run();
    LayerTester.of(UpSampling2D::new)
        .inputShape(2, 3, 2, 2)
        .expectOutputShape(2, 6, 4, 2)
        .run();
    LayerTester.of(() -> new UpSampling2D().size(3, 1).interpolation(Interpolation.BILINEAR))
        .inputShape(2, 2, 2, 1)
        .expectOutputShape(2, 6, 2, 1)
        .run();
    LayerTester.of(() -> new ReLU().maxValue(6).negativeSlope(0.1).threshold(0.5))
        .inputShape(2, 4)
        .expectOutputShape(2, 4)
        .run();
    LayerTester.of(() -> new Rescaling(1 / 255.0).offset(-0.5))
        .inputShape(2, 3, 3, 1)
        .expectOutputShape(2, 3, 3, 1)
        .run();
    LayerTester.of(() -> new Resizing(5, 4).interpolation(Interpolation.NEAREST))
        .inputShape(2, 3, 3, 1)
        .expectOutputShape(2, 5, 4, 1)
        .run();
    LayerTester.of(() -> new Resizing(2, 4).cropToAspectRatio(true))
        .inputShape(2, 4, 4, 2)
        .expectOutputShape(2, 2, 4, 2)
        .run();
  }

  @Test
  void zeroPaddingAndUpSampling() {
    float[] x = {1, 2, 3, 4};
    try (Model m = single(new ZeroPadding2D(1, 0, 0, 1), 2, 2, 1)) {
      assertArrayEquals(new float[] {0, 0, 0, 1, 2, 0, 3, 4, 0}, predict(m, x, 1, 2, 2, 1));
    }
    try (Model m = single(new UpSampling2D(), 2, 2, 1)) {
      assertArrayEquals(
          new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, predict(m, x, 1, 2, 2, 1));
    }
  }

  @Test
  void reluFollowsKerasFormula() {
    float[] x = {-2f, -0.5f, 0f, 0.25f, 0.5f, 1f, 5f, 7f};
    try (Model m = single(new ReLU().maxValue(6).negativeSlope(0.1).threshold(0.5), 8)) {
      float[] y = predict(m, x, 1, 8);
      for (int i = 0; i < x.length; i++) {
        double want = x[i] >= 6 ? 6 : x[i] >= 0.5 ? x[i] : 0.1 * (x[i] - 0.5);
        assertEquals(want, y[i], 1e-6, "x=" + x[i]);
      }
    }
    try (Model m = single(new ReLU(), 8)) {
      assertArrayEquals(new float[] {0, 0, 0, 0.25f, 0.5f, 1, 5, 7}, predict(m, x, 1, 8));
    }
  }

  @Test
  void rescalingAndResizing() {
    try (Model m = single(new Rescaling(1 / 127.5).offset(-1), 3)) {
      assertArrayEquals(
          new float[] {-1f, 0f, 1f}, predict(m, new float[] {0, 127.5f, 255}, 1, 3), 1e-6f);
    }
    // half-pixel-centred bilinear 2x up-sampling of [0, 4]: [0, 1, 3, 4]
    try (Model m = single(new Resizing(1, 4), 1, 2, 1)) {
      assertArrayEquals(
          new float[] {0, 1, 3, 4}, predict(m, new float[] {0, 4}, 1, 1, 2, 1), 1e-6f);
    }
    // crop to aspect ratio 1:1 keeps the two centre columns of a 2x4 image before resizing to 1x1
    // (area = mean)
    try (Model m = single(
        new Resizing(1, 1).cropToAspectRatio(true).interpolation(Interpolation.AREA), 2, 4, 1)) {
      assertArrayEquals(
          new float[] {(1 + 2 + 5 + 6) / 4f},
          predict(m, new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 1, 2, 4, 1),
          1e-6f);
    }
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> new ZeroPadding2D(1, 2, 3));
    assertTrue(e.getMessage().contains("padding must have 1, 2 or 4 values"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new UpSampling2D()
        .interpolation(Interpolation.BICUBIC));
    assertTrue(
        e.getMessage()
            .contains(
                "interpolation must be one of nearest, bilinear. Received: interpolation=bicubic"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Interpolation.of("cubic"));
    assertTrue(
        e.getMessage()
            .contains("interpolation must be one of bilinear, nearest, bicubic, area. Received: "
                + "interpolation=cubic"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ReLU().negativeSlope(-1));
    assertTrue(e.getMessage().contains("Received: negative_slope=-1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Resizing(0, 3));
    assertTrue(e.getMessage().contains("Received: height=0"), e.getMessage());
    var s = assertThrows(
        ShapeMismatchException.class, () -> new UpSampling2D().apply(Input.of(-1, 4, 1)));
    assertTrue(s.getMessage().contains("expects known height and width"), s.getMessage());
  }
}
