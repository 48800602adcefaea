package io.tfweave.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.graph.DType;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.merging.Concatenate;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.training.FitOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Run-time errors name the layer, the weight or the file, say what was expected and received, and how to fix it. */
class ClearErrorsTest {
  @TempDir
  Path dir;

  static String message(Class<? extends Throwable> type, Executable call) {
    return assertThrows(type, call).getMessage();
  }

  static void assertContains(String message, String... parts) {
    for (String p : parts)
      assertTrue(message.contains(p), () -> "'" + p + "' missing from: " + message);
  }

  @Test
  void anEmbeddingIdOutOfRangeNamesTheLayerEvenWhenTensorFlowRenamedItsScope() {
    SymbolicTensor in = Input.of(DType.INT32, 3);
    try (Model m = Model.of(in, new Embedding(10, 4).apply(in))) {
      String e = message(IllegalStateException.class, () -> m.predict(new int[][] {{1, 2, 30}}));
      assertContains(
          e,
          "Layer 'embedding' (Embedding) failed at run time",
          "input id 30 is outside [0, 10)",
          "inputDim");
    }
    // two embeddings (scopes embedding_1/, embedding_1_1/ ...): during fit, the one whose ids are
    // out of range is named
    SymbolicTensor a = Input.of(DType.INT32, 2);
    SymbolicTensor b = Input.of(DType.INT32, 2);
    SymbolicTensor x = new Concatenate()
        .apply(
            new Flatten().apply(new Embedding(50, 2).apply(a)),
            new Flatten().apply(new Embedding(5, 2).apply(b)));
    try (Model m = Model.of(List.of(a, b), List.of(new Dense(1).apply(x)))) {
      m.compile("sgd", "mse");
      var data = io.tfweave.data.Dataset.ofArrays(
          List.of(
              io.tfweave.data.HostArray.ofInts(new int[] {1, 40, 2, 3}, 2, 2),
              io.tfweave.data.HostArray.ofInts(new int[] {1, 2, 3, 9}, 2, 2)),
          io.tfweave.data.HostArray.ofFloats(new float[] {1, 2}, 2, 1));
      String e = message(
          IllegalStateException.class, () -> m.fit(data, FitOptions.epochs(1).verbose(0)));
      assertContains(e, "Layer 'embedding_1' (Embedding)", "input id 9 is outside [0, 5)");
    }
  }

  @Test
  void aConvolutionWindowLargerThanTheRunTimeInputNamesTheLayer() {
    SymbolicTensor in = Input.of(-1, -1, 1);
    try (Model m = Model.of(in, new Conv2D(2, 5).apply(in))) {
      String e = message(
          IllegalStateException.class,
          () -> m.predict(new float[][][][] {{{{1}, {2}}, {{3}, {4}}}}));
      assertContains(
          e,
          "Layer 'conv2d' (Conv2D) failed at run time",
          "input_size: 2, effective_filter_size: 5",
          "smaller than the layer's window",
          "padding(\"same\")");
    }
  }

  @Test
  void categoryEncodingNamesTheIdsAndNormalizationRejectsNonFiniteData() {
    SymbolicTensor in = Input.of(DType.INT32, 2);
    try (Model m =
        Model.of(in, new io.tfweave.layers.preprocessing.CategoryEncoding(3).apply(in))) {
      String e =
          message(IllegalStateException.class, () -> m.predict(new int[][] {{0, 1}, {2, 7}}));
      assertContains(
          e,
          "Layer 'category_encoding' (CategoryEncoding)",
          "expects ids in [0, 3); received ids from",
          "[7]",
          "raise numTokens");
    }
    var norm = new io.tfweave.layers.preprocessing.Normalization();
    String e = message(
        IllegalArgumentException.class,
        () ->
            norm.adapt(io.tfweave.data.HostArray.ofFloats(new float[] {1, 2, Float.NaN, 4}, 2, 2)));
    assertContains(
        e, "(Normalization) cannot adapt to data holding NaN at flat index 2 of shape", "impute");
  }

  @Test
  void aDisconnectedGraphDescribesTheMissingInput() {
    SymbolicTensor a = Input.of(3);
    SymbolicTensor b = Input.of(2);
    SymbolicTensor out = new Dense(1).apply(new Concatenate().apply(a, b));
    String e = message(IllegalArgumentException.class, () -> Model.of(a, out));
    assertContains(e, "Graph disconnected", "of shape (None, 2)", "Model.of(inputs, outputs)");
    assertTrue(!e.contains("'null'"), e);
  }

  @Test
  void aWeightTooLargeForAJavaArrayIsRefusedByName() {
    try (Model m = Sequential.builder().input(50_000).add(new Dense(50_000)).build()) {
      String e = message(IllegalArgumentException.class, () -> m.predict(new float[1][50_000]));
      assertContains(
          e,
          "Weight 'dense/kernel' of shape [50000, 50000] has 2500000000 values",
          "Use fewer units");
    }
  }

  static Model dense(int inputs) {
    return Sequential.builder()
        .input(inputs)
        .add(new Dense(4), new Dense(2))
        .seed(inputs)
        .build();
  }

  @Test
  void loadWeightsNamesTheFileAndTheWeightAndChangesNothingOnFailure() throws Exception {
    try (Model a = dense(3);
        Model other = dense(5);
        Model b = dense(3)) {
      other.saveWeights(dir.resolve("other"));
      float[] before = b.weightValue(b.weights().get(2));
      String e = message(IllegalArgumentException.class, () -> b.loadWeights(dir.resolve("other")));
      assertContains(
          e,
          "other-1.index",
          "weight 'dense/kernel' has shape [5, 4] in the checkpoint, but the model expects [3, 4]",
          "different architecture",
          "No weight was changed");
      assertArrayEquals(
          before,
          b.weightValue(b.weights().get(2)),
          "the second layer's weights were not assigned either");

      Path garbage = a.saveWeights(dir.resolve("garbage"));
      Files.write(Path.of(garbage + ".index"), new byte[] {1, 2, 3});
      assertContains(
          message(IllegalStateException.class, () -> b.loadWeights(dir.resolve("garbage"))),
          "garbage-1.index",
          "damaged or truncated",
          "too short to be an sstable",
          "load an older checkpoint");
      Path cut = a.saveWeights(dir.resolve("cut"));
      Files.write(Path.of(cut + ".data-00000-of-00001"), new byte[] {1, 2, 3});
      assertContains(
          message(IllegalStateException.class, () -> b.loadWeights(dir.resolve("cut"))),
          "cut-1.index",
          "cut-1.data-00000-of-00001",
          "damaged or truncated");
      assertArrayEquals(before, b.weightValue(b.weights().get(2)));
    }
    try (Model small = Sequential.builder().input(3).add(new Dense(4)).build();
        Model b = dense(3)) {
      small.saveWeights(dir.resolve("small"));
      assertContains(
          message(IllegalArgumentException.class, () -> b.loadWeights(dir.resolve("small"))),
          "small-1.index",
          "no weight 'dense_1/kernel'",
          "WeightImport");
    }
  }
}
