package io.tfweave.models;

import static io.tfweave.models.ClearErrorsTest.assertContains;
import static io.tfweave.models.ClearErrorsTest.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.pooling.AveragePooling2D;
import io.tfweave.layers.pooling.MaxPooling1D;
import io.tfweave.layers.pooling.MaxPooling2D;
import io.tfweave.layers.recurrent.GRU;
import io.tfweave.layers.recurrent.LSTM;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Inputs that a layer's window or recurrence cannot take fail naming the layer, the window and the received shape, both
 * when the shape is static (at build) and when it is known only at run time (TensorFlow's pooling would silently return an
 * empty output, its recurrences an unclear error).
 */
class WindowAndStepErrorsTest {
  @Test
  void poolingOnARunTimeInputSmallerThanItsWindowNamesTheLayer() {
    SymbolicTensor in = Input.of(-1, -1, 1);
    try (Model m = Model.of(in, new MaxPooling2D().poolSize(3).apply(in))) {
      String e = message(
          IllegalStateException.class, () -> m.predict(NdArrays.ofFloats(Shape.of(1, 2, 2, 1))));
      assertContains(
          e,
          "Layer 'max_pooling2d' (MaxPooling2D) failed at run time",
          "needs an input of at least 3x3 along its spatial axes for a 3x3 pooling window",
          "[1 2 2 1]",
          "padding(Padding.SAME)");
      // large enough: pooled as before
      assertArrayEquals(
          new long[] {1, 1, 1, 1},
          m.predict(NdArrays.ofFloats(Shape.of(1, 3, 4, 1))).shape().asArray());
    }
    SymbolicTensor img = Input.of(-1, -1, 2);
    try (Model m = Model.of(img, new AveragePooling2D().poolSize(2, 4).apply(img))) {
      assertContains(
          message(
              IllegalStateException.class,
              () -> m.predict(NdArrays.ofFloats(Shape.of(2, 5, 3, 2)))),
          "(AveragePooling2D)",
          "at least 2x4",
          "[2 5 3 2]");
    }
  }

  @Test
  void oneDimensionalPoolingOnAShortRunTimeSequenceNamesTheLayer() {
    SymbolicTensor in = Input.of(-1, 2);
    try (Model m = Model.of(in, new MaxPooling1D().poolSize(4).apply(in))) {
      assertContains(
          message(
              IllegalStateException.class, () -> m.predict(NdArrays.ofFloats(Shape.of(1, 3, 2)))),
          "Layer 'max_pooling1d' (MaxPooling1D)",
          "at least 4 along its spatial axes for a pooling window of 4 steps",
          "[1 3 2]");
      assertArrayEquals(
          new long[] {1, 2, 2},
          m.predict(NdArrays.ofFloats(Shape.of(1, 8, 2))).shape().asArray());
    }
  }

  @Test
  void aRecurrentLayerWithZeroTimeStepsIsRefusedAtBuildAndAtRunTime() {
    assertContains(
        message(IllegalArgumentException.class, () -> new GRU(3)
            .outputShapes(java.util.List.of(Shape.of(-1, 0, 4)))),
        "(GRU)",
        "at least 1 time step",
        "mask the padding");
    SymbolicTensor in = Input.of(-1, 4); // the fused LSTM takes sequences of any length
    try (Model m = Model.of(in, new LSTM(3).apply(in))) {
      assertContains(
          message(
              IllegalStateException.class, () -> m.predict(NdArrays.ofFloats(Shape.of(2, 0, 4)))),
          "Layer 'lstm' (LSTM)",
          "needs at least 1 time step; received an input of shape",
          "[2 0 4]",
          "Drop empty sequences");
      assertArrayEquals(
          new long[] {2, 3},
          m.predict(NdArrays.ofFloats(Shape.of(2, 5, 4))).shape().asArray());
    }
  }
}
