package io.tfweave.training;

import static io.tfweave.activations.Activation.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.callbacks.EarlyStopping;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.Input;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.layers.reshaping.Reshape;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.testing.Synthetic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a clear exception naming the argument or layer, expected and received values. */
class BadInputTest {
  static Model small() {
    return Sequential.named("small")
        .input(3)
        .add(new Dense(2).activation(SOFTMAX))
        .seed(1)
        .build();
  }

  static Dataset data(int n, int features, float label) {
    float[] y = new float[n];
    java.util.Arrays.fill(y, label);
    return Dataset.ofArrays(
        List.of(HostArray.ofFloats(new float[n * features], n, features)),
        HostArray.ofFloats(y, n));
  }

  @Test
  void nonPositiveUnitsAndRates() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Dense(-3))
        .getMessage()
        .contains("units=-3"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 4))
        .getMessage()
        .contains("inputDim=0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0))
        .getMessage()
        .contains("[0, 1)"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1))
        .getMessage()
        .contains("rate=-0.1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Optimizers.adam(0))
        .getMessage()
        .contains("learningRate=0"));
  }

  @Test
  void fitBeforeCompile() {
    try (Model m = small()) {
      var e = assertThrows(
          IllegalStateException.class,
          () -> m.fit(data(4, 3, 0), FitOptions.epochs(1).verbose(0)));
      assertTrue(e.getMessage().contains("fit() called before compile()"), e.getMessage());
    }
  }

  @Test
  void lengthMismatch() {
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> Dataset.ofArrays(
            List.of(HostArray.ofFloats(new float[12], 4, 3)), HostArray.ofFloats(new float[5], 5)));
    assertTrue(e.getMessage().contains("x has 4 samples, y has 5"), e.getMessage());
  }

  @Test
  void wrongFeatureShapeAndDtype() {
    try (Model m = small()) {
      m.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy());
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(data(4, 5, 0), FitOptions.epochs(1).verbose(0)));
      assertTrue(
          e.getMessage().contains("expects samples of shape (None, 3)")
              && e.getMessage().contains("(None, 5)"),
          e.getMessage());
    }
    try (Model m = Sequential.builder()
        .input(io.tfweave.graph.DType.INT32, 2)
        .add(new Embedding(5, 2), new Flatten(), new Dense(1))
        .build()) {
      m.compile(Optimizers.adam(0.01), Losses.meanSquaredError());
      Dataset d = Dataset.ofArrays(
          List.of(HostArray.ofFloats(new float[] {1, 2.5f}, 1, 2)),
          HostArray.ofFloats(new float[1], 1));
      var e = assertThrows(
          IllegalArgumentException.class, () -> m.fit(d, FitOptions.epochs(1).verbose(0)));
      assertTrue(
          e.getMessage().contains("must hold integers") && e.getMessage().contains("2.5"),
          e.getMessage());
    }
  }

  @Test
  void labelsOutOfRangeForSparseCrossentropy() {
    try (Model m = small()) {
      m.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy());
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(data(4, 3, 2), FitOptions.epochs(1).verbose(0)));
      assertTrue(
          e.getMessage().contains("out of range") && e.getMessage().contains("[0, 2)"),
          e.getMessage());
    }
  }

  @Test
  void emptyDataAndNonFiniteValues() {
    try (Model m = small()) {
      m.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy());
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(data(0, 3, 0), FitOptions.epochs(1).verbose(0)));
      assertTrue(e.getMessage().contains("empty"), e.getMessage());
      float[] x = {1, Float.NaN, 3};
      Dataset bad = Dataset.ofArrays(
          List.of(HostArray.ofFloats(x, 1, 3)), HostArray.ofFloats(new float[1], 1));
      var f = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(bad, FitOptions.epochs(1).verbose(0).checkFinite(true)));
      assertTrue(
          f.getMessage().contains("non-finite") && f.getMessage().contains("index 1"),
          f.getMessage());
    }
  }

  @Test
  void unknownMonitorListsAvailableKeys() {
    try (Model m = small()) {
      m.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy());
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              data(8, 3, 1),
              FitOptions.epochs(2).verbose(0).callbacks(new EarlyStopping("val_acc"))));
      assertTrue(
          e.getMessage().contains("'val_acc'") && e.getMessage().contains("[loss]"),
          e.getMessage());
    }
  }

  @Test
  void batchSizeAndValidationSplitRanges() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> FitOptions.epochs(1).batchSize(0))
            .getMessage()
            .contains("batchSize=0"));
    assertTrue(assertThrows(
            IllegalArgumentException.class, () -> FitOptions.epochs(1).validationSplit(1.0))
        .getMessage()
        .contains("validationSplit=1.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FitOptions.epochs(0))
        .getMessage()
        .contains("epochs=0"));
  }

  @Test
  void configuringABuiltLayerThrows() {
    Dense d = new Dense(3);
    d.apply(Input.of(2));
    var e = assertThrows(IllegalStateException.class, () -> d.activation(RELU));
    assertTrue(e.getMessage().contains("already built"), e.getMessage());
  }

  @Test
  void shapeErrorsPointAtTheOffendingAdd() {
    Sequential s = Sequential.named("cnnish").input(7, 7, 64);
    Dense d = new Dense(10);
    Model ok = Sequential.builder().input(128).add(d).build();
    var e = assertThrows(ShapeMismatchException.class, () -> s.add(d));
    assertTrue(
        e.getMessage().contains("expects input with last dimension 128")
            && e.getMessage().contains("[?, 7, 7, 64]")
            && e.getMessage().contains("Hint: add Flatten"),
        e.getMessage());
    var r = assertThrows(
        ShapeMismatchException.class, () -> Sequential.builder().input(10).add(new Reshape(3, 4)));
    assertTrue(
        r.getMessage().contains("reshape") && r.getMessage().contains("[?, 10]"), r.getMessage());
    ok.close();
  }

  @Test
  void nothingTrainableFailsClearly() {
    try (Model m = small()) {
      m.setTrainable(false);
      m.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy());
      var e = assertThrows(
          IllegalStateException.class,
          () -> m.fit(data(4, 3, 0), FitOptions.epochs(1).verbose(0)));
      assertTrue(e.getMessage().contains("no trainable weights"), e.getMessage());
    }
  }

  @Test
  void binaryTargetsForSoftmaxOutputGiveAHint() {
    try (Model m = small()) {
      m.compile(Optimizers.adam(0.01), Losses.categoricalCrossentropy());
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(data(4, 3, 1), FitOptions.epochs(1).verbose(0)));
      assertTrue(e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
    }
    Dataset d = Synthetic.tokens(4, 3, 30, 1);
    assertEquals(4, d.size());
  }
}
