package io.tfweave.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.graph.CallMode;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.merging.Add;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.saving.SavedModels;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

class LambdaTest {
  @TempDir
  Path dir;

  static final Lambda.Function TWICE_PLUS_ONE =
      (tf, x) -> tf.math.add(tf.math.mul(x, tf.constant(2f)), tf.constant(1f));

  @Test
  void correctnessAndInferredShapes() {
    try (Model m = Sequential.builder().input(3).add(new Lambda(TWICE_PLUS_ONE)).build()) {
      assertEquals("lambda", m.layers().get(0).name());
      assertArrayEquals(new long[] {-1, 3}, m.outputs().get(0).shape().asArray());
      assertArrayEquals(
          new float[][] {{1, 3, 5}, {-1, 0.5f, 21}},
          StdArrays.array2dCopyOf(m.predict(new float[][] {{0, 1, 2}, {-1, -0.25f, 10}})));
      assertEquals(0, m.countParams());
    }
    Lambda reshape = new Lambda((tf, x) -> tf.reshape(x, tf.constant(new int[] {-1, 2, 2})));
    Lambda rowSums = new Lambda((tf, x) -> tf.sum(x, tf.constant(-1), Sum.keepDims(false)));
    try (Model m = Sequential.builder().input(4).add(reshape, rowSums).build()) {
      assertArrayEquals(
          new long[] {-1, 2, 2}, m.layers().get(0).outputShape(Shape.of(-1, 4)).asArray());
      assertArrayEquals(new long[] {-1, 2}, m.outputs().get(0).shape().asArray());
      assertArrayEquals(
          new float[][] {{3, 7}}, StdArrays.array2dCopyOf(m.predict(new float[][] {{1, 2, 3, 4}})));
    }
  }

  @Test
  void shapeFunctionIsUsedAndChecked() {
    Lambda given = new Lambda(TWICE_PLUS_ONE).shapeFunction(in -> in);
    try (Model m = Sequential.builder().input(2).add(given).build()) {
      assertArrayEquals(
          new float[][] {{3, 5}}, StdArrays.array2dCopyOf(m.predict(new float[][] {{1, 2}})));
    }
    Lambda wrong = new Lambda(TWICE_PLUS_ONE).shapeFunction(in -> Shape.of(in.get(0), 5));
    try (Model m = Sequential.builder().input(2).add(wrong).build()) {
      assertArrayEquals(
          new long[] {-1, 5},
          m.outputs().get(0).shape().asArray(),
          "the declared shape is taken as given");
      var e = assertThrows(IllegalStateException.class, () -> m.predict(new float[][] {{1, 2}}));
      assertEquals(
          "Layer 'lambda' (Lambda): its function returned shape [?, 2] but its shapeFunction says [?, 5] for input "
              + "shape [?, 2]. Fix: make shapeFunction match the function, or drop it to infer the shape.",
          e.getMessage());
    }
  }

  @Test
  void gradientsFlowThroughTheFunction() {
    // dense (kernel w, no bias) then 2·x: loss = mean((2·w·x)²) on x = 1, 2 with targets 0; dL/dw =
    // mean(8·w·x²) = 20 at
    // w = 1, so one SGD step with learning rate 0.1 gives w = 1 - 2 = -1.
    Dense dense = new Dense(1).useBias(false);
    try (Model m = Sequential.builder()
        .input(1)
        .add(dense, new Lambda((tf, x) -> tf.math.mul(x, tf.constant(2f))))
        .build()) {
      m.setWeights(
          List.of(NdArrays.wrap(Shape.of(1, 1), DataBuffers.of(new float[] {1}, false, false))));
      m.compile(Optimizers.sgd(0.1), "mse");
      var h = m.fit(
          new float[][] {{1}, {2}},
          new float[] {0, 0},
          FitOptions.epochs(1).batchSize(2).verbose(0));
      assertEquals(10.0, h.get("loss").get(0), 1e-5, "mean of (2·1)² and (2·2)²");
      assertArrayEquals(new float[] {-1}, m.weightValue(dense.weights().get(0)), 1e-6f);
    }
  }

  @Test
  void worksInFunctionalModels() {
    SymbolicTensor in = Input.of(2);
    SymbolicTensor doubled = new Lambda(TWICE_PLUS_ONE).apply(in);
    SymbolicTensor out = new Add().apply(in, doubled);
    try (Model m = Model.of(in, out)) {
      assertArrayEquals(
          new float[][] {{4, 7}}, StdArrays.array2dCopyOf(m.predict(new float[][] {{1, 2}})));
      assertTrue(m.summaryString().contains("lambda (Lambda)"), m.summaryString());
    }
  }

  @Test
  void errorsNameTheLayerAndTheFix() {
    assertEquals(
        "function must not be null. Received: function=null",
        assertThrows(IllegalArgumentException.class, () -> new Lambda(null)).getMessage());
    Lambda matmul = new Lambda(
        (tf, x) -> tf.linalg.matMul(x, tf.constant(new float[][] {{1}, {2}, {3}, {4}, {5}})));
    var e = assertThrows(
        IllegalArgumentException.class, () -> Sequential.builder().input(3).add(matmul));
    assertTrue(
        e.getMessage()
            .startsWith(
                "Layer 'lambda' (Lambda): its function failed on an input of shape [?, 3]: "),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(". Fix: make the function accept that shape, or check the layer before it."),
        e.getMessage());
  }

  @Test
  void savingWorksButLoadingNeedsTheFunction() {
    Path out;
    float[][] before;
    float[][] x = {{1, 2}, {3, 4}};
    try (Model m = Sequential.named("with_lambda")
        .input(2)
        .add(new Dense(2), new Lambda(TWICE_PLUS_ONE))
        .seed(3)
        .build()) {
      before = StdArrays.array2dCopyOf(m.predict(x));
      out = m.export(dir.resolve("m"));
    }
    var e = assertThrows(IllegalArgumentException.class, () -> Model.load(out));
    assertEquals(
        "Layer 'lambda' (Lambda) cannot be rebuilt from its config: its Java function is code, not data, and is not "
            + "saved (Keras also refuses to load a Lambda unless safe_mode=False). Fix: pass the function when loading, "
            + "SavedModels.load(dir, Map.of(\"Lambda\", Lambda.factory(function))), or make it a named Layer subclass registered "
            + "with a LayerProvider.",
        e.getMessage());
    try (Model loaded = SavedModels.load(out, Map.of("Lambda", Lambda.factory(TWICE_PLUS_ONE)))) {
      assertEquals("lambda", loaded.layers().get(1).name());
      assertArrayEquals(before, StdArrays.array2dCopyOf(loaded.predict(x)));
    }
  }

  @Test
  void anonymousLayersFailWithTheFixUnlessTheyNameTheirClass() {
    Layer anonymous = new Layer() {
      @Override
      protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
        return x;
      }
    };
    String expected = "An anonymous subclass of Layer (" + anonymous.getClass().getName()
        + ") has no class name, which Keras "
        + "uses for the layer's default name, its summary row and its saved config. Fix: declare a named class (e.g. static "
        + "final class Scale extends Layer), override className() to return a name, or wrap a stateless function in "
        + "io.tfweave.layers.core.Lambda.";
    var inSequential = assertThrows(
        IllegalArgumentException.class, () -> Sequential.builder().input(2).add(anonymous));
    assertEquals(expected, inSequential.getMessage());
    var inFunctional =
        assertThrows(IllegalArgumentException.class, () -> anonymous.apply(Input.of(2)));
    assertEquals(expected, inFunctional.getMessage());
    Layer named = new Layer() {
      @Override
      public String className() {
        return "Identity";
      }

      @Override
      protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
        return x;
      }
    };
    try (Model m = Sequential.builder().input(2).add(named).build()) {
      assertEquals("identity", m.layers().get(0).name());
      assertArrayEquals(
          new float[][] {{1, 2}}, StdArrays.array2dCopyOf(m.predict(new float[][] {{1, 2}})));
    }
  }
}
