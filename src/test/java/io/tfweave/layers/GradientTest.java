package io.tfweave.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.convolutional.Conv2DTranspose;
import io.tfweave.layers.convolutional.DepthwiseConv2D;
import io.tfweave.layers.convolutional.SeparableConv2D;
import io.tfweave.layers.normalization.BatchNormalization;
import io.tfweave.layers.pooling.AveragePooling2D;
import io.tfweave.layers.pooling.GlobalAveragePooling2D;
import io.tfweave.layers.pooling.GlobalMaxPooling2D;
import io.tfweave.layers.pooling.MaxPooling2D;
import io.tfweave.layers.preprocessing.Resizing;
import io.tfweave.layers.reshaping.UpSampling2D;
import io.tfweave.layers.reshaping.ZeroPadding2D;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Gradients of the image layers against central finite differences (float32, loss summed in float64). */
class GradientTest {
  private static double check(Layer layer, CallMode mode, float eps, long... shape) {
    layer.apply(Input.of(java.util.Arrays.copyOfRange(shape, 1, shape.length)));
    try (LayerGradientProbe g = new LayerGradientProbe(layer, Shape.of(shape), mode)) {
      return g.maxRelativeError(ImageTestSupport.random((int) Shape.of(shape).size(), 21), eps);
    }
  }

  /** Distinct values 0.1 apart in random order, so that no max-pool window has a near tie. */
  private static float[] distinct(int n) {
    List<Float> v = new ArrayList<>();
    for (int i = 0; i < n; i++) v.add((i - n / 2) * 0.1f);
    Collections.shuffle(v, new Random(3));
    float[] f = new float[n];
    for (int i = 0; i < n; i++) f[i] = v.get(i);
    return f;
  }

  @Test
  void conv2d() {
    assertTrue(
        check(new Conv2D(3, 3).padding(Padding.SAME), CallMode.TRAINING, 1e-2f, 2, 5, 5, 2) < 2e-3);
    assertTrue(check(new Conv2D(2, 3, 2).strides(2), CallMode.TRAINING, 1e-2f, 2, 6, 5, 2) < 2e-3);
  }

  @Test
  void dilatedConv2dUsesCorrectGradients() {
    assertTrue(
        check(new Conv2D(2, 3).dilationRate(2), CallMode.TRAINING, 1e-2f, 1, 7, 7, 2) < 2e-3);
    assertTrue(check(
            new Conv2D(2, 3).dilationRate(2).padding(Padding.SAME),
            CallMode.TRAINING,
            1e-2f,
            1,
            6,
            6,
            1)
        < 2e-3);
  }

  @Test
  void depthwiseAndSeparable() {
    assertTrue(check(
            new DepthwiseConv2D(3).depthMultiplier(2).padding(Padding.SAME),
            CallMode.TRAINING,
            1e-2f,
            2,
            5,
            5,
            2)
        < 2e-3);
    assertTrue(
        check(new DepthwiseConv2D(3).strides(2), CallMode.TRAINING, 1e-2f, 1, 7, 7, 2) < 2e-3);
    assertTrue(
        check(new DepthwiseConv2D(3).dilationRate(2), CallMode.TRAINING, 1e-2f, 1, 7, 7, 2) < 2e-3);
    assertTrue(
        check(new SeparableConv2D(2, 3).padding(Padding.SAME), CallMode.TRAINING, 1e-2f, 1, 4, 4, 2)
            < 2e-3);
  }

  @Test
  void transposedConv() {
    assertTrue(check(
            new Conv2DTranspose(2, 3).strides(2).padding(Padding.SAME),
            CallMode.TRAINING,
            1e-2f,
            1,
            3,
            3,
            2)
        < 2e-3);
  }

  @Test
  void pooling() {
    for (Layer l : List.of(
        new MaxPooling2D(),
        new MaxPooling2D().poolSize(3).strides(2).padding(Padding.SAME),
        new GlobalMaxPooling2D())) {
      l.apply(Input.of(6, 6, 2));
      try (LayerGradientProbe g =
          new LayerGradientProbe(l, Shape.of(2, 6, 6, 2), CallMode.TRAINING)) {
        assertTrue(g.maxRelativeError(distinct(144), 1e-2f) < 2e-3, l.className());
      }
    }
    assertTrue(check(
            new AveragePooling2D().poolSize(3).strides(2).padding(Padding.SAME),
            CallMode.TRAINING,
            1e-2f,
            2,
            5,
            5,
            2)
        < 2e-3);
    assertTrue(check(new GlobalAveragePooling2D(), CallMode.TRAINING, 1e-2f, 2, 4, 4, 3) < 2e-3);
  }

  @Test
  void batchNormalizationInTrainingMode() {
    // batch statistics: d/dx goes through the mean and variance too (FusedBatchNormV3 gradient)
    assertTrue(check(new BatchNormalization(), CallMode.TRAINING, 1e-2f, 3, 3, 3, 2) < 2e-2);
    // the general (non-fused) path for a feature axis other than the last
    assertTrue(
        check(new BatchNormalization().axis(1), CallMode.TRAINING, 1e-2f, 3, 2, 3, 3) < 2e-2);
    // inference formula with the moving statistics
    assertTrue(check(new BatchNormalization(), CallMode.INFERENCE, 1e-2f, 2, 3, 3, 2) < 2e-3);
  }

  @Test
  void imageLayers() {
    assertTrue(check(new ZeroPadding2D(1, 2), CallMode.TRAINING, 1e-2f, 1, 3, 3, 2) < 2e-3);
    assertTrue(check(
            new UpSampling2D().interpolation(Interpolation.BILINEAR),
            CallMode.TRAINING,
            1e-2f,
            1,
            3,
            3,
            2)
        < 2e-3);
    assertTrue(check(new Resizing(5, 4), CallMode.TRAINING, 1e-2f, 1, 3, 3, 1) < 2e-3);
  }
}
