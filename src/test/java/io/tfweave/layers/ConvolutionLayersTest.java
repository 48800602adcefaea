package io.tfweave.layers;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.layers.ImageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.convolutional.Conv2DTranspose;
import io.tfweave.layers.convolutional.DepthwiseConv2D;
import io.tfweave.layers.convolutional.SeparableConv2D;
import io.tfweave.models.Model;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.LayerTester;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvolutionLayersTest {
  @Test
  void conv2dBasics() {
    LayerTester.of(() -> new Conv2D(4, 3).activation(RELU))
        .inputShape(2, 6, 6, 2)
        .expectOutputShape(2, 4, 4, 4)
        .expectTrainableWeights(2)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new Conv2D(3, 3, 2).strides(2).padding(Padding.SAME).useBias(false))
        .inputShape(2, 7, 5, 2)
        .expectOutputShape(2, 4, 3, 3)
        .expectTrainableWeights(1)
        .run();
    LayerTester.of(() -> new Conv2D(3, 3).dilationRate(2))
        .inputShape(2, 7, 7, 1)
        .expectOutputShape(2, 3, 3, 3)
        .run();
  }

  @Test
  void depthwiseBasics() {
    LayerTester.of(() -> new DepthwiseConv2D(3).depthMultiplier(2).padding(Padding.SAME))
        .inputShape(2, 5, 5, 3)
        .expectOutputShape(2, 5, 5, 6)
        .expectTrainableWeights(2)
        .expectNonTrainableWeights(0)
        .run();
    LayerTester.of(() -> new DepthwiseConv2D(3).strides(2))
        .inputShape(2, 7, 7, 2)
        .expectOutputShape(2, 3, 3, 2)
        .run();
  }

  @Test
  void separableBasics() {
    LayerTester.of(() -> new SeparableConv2D(4, 3).depthMultiplier(2).padding(Padding.SAME))
        .inputShape(2, 5, 5, 3)
        .expectOutputShape(2, 5, 5, 4)
        .expectTrainableWeights(3)
        .expectNonTrainableWeights(0)
        .run();
  }

  @Test
  void transposeBasics() {
    LayerTester.of(() -> new Conv2DTranspose(3, 3).strides(2).padding(Padding.SAME))
        .inputShape(2, 4, 4, 2)
        .expectOutputShape(2, 8, 8, 3)
        .expectTrainableWeights(2)
        .run();
    LayerTester.of(() -> new Conv2DTranspose(2, 3).strides(2))
        .inputShape(2, 4, 4, 2)
        .expectOutputShape(2, 9, 9, 2)
        .run();
    LayerTester.of(
            () -> new Conv2DTranspose(2, 3).strides(2).padding(Padding.SAME).outputPadding(0))
        .inputShape(2, 4, 4, 1)
        .expectOutputShape(2, 7, 7, 2)
        .run();
  }

  @Test
  void weightNamesAreKeras() {
    Conv2D c = new Conv2D(2, 3);
    DepthwiseConv2D d = new DepthwiseConv2D(3);
    SeparableConv2D s = new SeparableConv2D(2, 3);
    var in = Input.of(8, 8, 1);
    try (Model m = Model.of(in, s.apply(d.apply(c.apply(in))))) {
      assertEquals(
          List.of(
              "conv2d/kernel",
              "conv2d/bias",
              "depthwise_conv2d/depthwise_kernel",
              "depthwise_conv2d/bias",
              "separable_conv2d/depthwise_kernel",
              "separable_conv2d/pointwise_kernel",
              "separable_conv2d/bias"),
          m.weights().stream().map(w -> w.path()).toList());
      assertEquals(
          List.of(3L, 3L, 1L, 2L), List.of(c.weights().get(0).shape().asArray()[0], 3L, 1L, 2L));
      assertArrayEquals(new long[] {1, 1, 2, 2}, s.weights().get(1).shape().asArray());
    }
  }

  @Test
  void conv2dMatchesNaiveConvolution() {
    int n = 2, h = 7, w = 6, c = 3, f = 4;
    float[] x = random(n * h * w * c, 1);
    float[] k = random(3 * 3 * c * f, 2);
    float[] b = {0.5f, -1f, 0.25f, 2f};
    int[][] cases = {{1, 1, 0}, {1, 1, 1}, {2, 1, 0}, {2, 1, 1}, {1, 2, 0}, {1, 2, 1}};
    for (int[] cs : cases) {
      int stride = cs[0], dil = cs[1];
      boolean same = cs[2] == 1;
      Conv2D layer = new Conv2D(f, 3)
          .strides(stride)
          .dilationRate(dil)
          .padding(same ? Padding.SAME : Padding.VALID);
      try (Model m = single(layer, h, w, c)) {
        m.setWeights(weights(k, new long[] {3, 3, c, f}, b, new long[] {f}));
        float[] got = predict(m, x, n, h, w, c);
        float[] want = conv2d(x, n, h, w, c, k, 3, 3, f, stride, dil, same);
        for (int i = 0; i < want.length; i++) want[i] += b[i % f];
        assertArrayEquals(
            want, got, 1e-4f, "stride " + stride + " dilation " + dil + " same " + same);
      }
    }
  }

  @Test
  void depthwiseAndSeparableMatchNaive() {
    int n = 1, h = 5, w = 5, c = 2, mult = 2;
    float[] x = random(n * h * w * c, 3);
    float[] k = random(3 * 3 * c * mult, 4);
    for (int stride : new int[] {1, 2}) {
      try (Model m = single(
          new DepthwiseConv2D(3)
              .depthMultiplier(mult)
              .strides(stride)
              .padding(Padding.SAME)
              .useBias(false),
          h,
          w,
          c)) {
        m.setWeights(weights(k, new long[] {3, 3, c, mult}));
        assertArrayEquals(
            depthwise(x, n, h, w, c, k, 3, 3, mult, stride, true),
            predict(m, x, n, h, w, c),
            1e-4f);
      }
    }
    float[] p = random(c * mult * 3, 5);
    try (Model m =
        single(new SeparableConv2D(3, 3).depthMultiplier(mult).useBias(false), h, w, c)) {
      m.setWeights(weights(k, new long[] {3, 3, c, mult}, p, new long[] {1, 1, c * mult, 3}));
      float[] d = depthwise(x, n, h, w, c, k, 3, 3, mult, 1, false);
      float[] want = conv2d(d, n, 3, 3, c * mult, p, 1, 1, 3, 1, 1, false);
      assertArrayEquals(want, predict(m, x, n, h, w, c), 1e-4f);
    }
  }

  @Test
  void transposeIsTheAdjointOfConv2D() {
    // <conv(x, k), y> == <x, convT(y, k)> for the same kernel: the defining property of the
    // transposed convolution.
    int h = 6, w = 6, c = 2, f = 3;
    float[] x = random(h * w * c, 6);
    float[] k = random(3 * 3 * c * f, 7);
    float[] cx = conv2d(x, 1, h, w, c, k, 3, 3, f, 2, 1, true);
    float[] y = random(cx.length, 8);
    float[] ty;
    try (Model m = single(
        new Conv2DTranspose(c, 3).strides(2).padding(Padding.SAME).useBias(false), 3, 3, f)) {
      m.setWeights(weights(k, new long[] {3, 3, c, f}));
      ty = predict(m, y, 1, 3, 3, f);
    }
    double lhs = 0, rhs = 0;
    for (int i = 0; i < cx.length; i++) lhs += cx[i] * y[i];
    for (int i = 0; i < x.length; i++) rhs += x[i] * ty[i];
    assertEquals(lhs, rhs, 1e-3 * Math.max(1, Math.abs(lhs)));
  }

  @Test
  void errors() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
    assertTrue(e.getMessage().contains("Received: filters=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3, 3, 3));
    assertTrue(
        e.getMessage().contains("kernel_size must be one integer or two integers"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Padding.of("full"));
    assertTrue(
        e.getMessage()
            .contains("padding must be one of valid, same, causal. Received: padding=full"),
        e.getMessage());
    var s = assertThrows(
        ShapeMismatchException.class, () -> new Conv2D(2, 3).named("c1").apply(Input.of(28, 28)));
    assertTrue(
        s.getMessage()
            .contains("Layer 'c1' (Conv2D) expects a 4-D input (batch, height, width, channels)"),
        s.getMessage());
    assertTrue(s.getMessage().contains("Input.of(28, 28, 1)"), s.getMessage());
    s = assertThrows(
        ShapeMismatchException.class, () -> new Conv2D(2, 5).named("c2").apply(Input.of(3, 3, 1)));
    assertTrue(s.getMessage().contains("output would be 0x0"), s.getMessage());
    s = assertThrows(
        ShapeMismatchException.class,
        () -> new Conv2D(2, 3).strides(2).dilationRate(2).apply(Input.of(9, 9, 1)));
    assertTrue(
        s.getMessage().contains("strides > 1 not supported in conjunction with dilation_rate > 1"),
        s.getMessage());
    var st = assertThrows(IllegalStateException.class, () -> {
      Conv2D c = new Conv2D(2, 3);
      c.apply(Input.of(5, 5, 1));
      c.strides(2);
    });
    assertTrue(st.getMessage().contains("already built"), st.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> new DepthwiseConv2D(3).depthMultiplier(0));
    assertTrue(e.getMessage().contains("Received: depth_multiplier=0"), e.getMessage());
    s = assertThrows(
        ShapeMismatchException.class,
        () -> new Conv2DTranspose(2, 3).strides(2).outputPadding(2).apply(Input.of(4, 4, 1)));
    assertTrue(
        s.getMessage().contains("output_padding must be smaller than strides"), s.getMessage());
  }
}
