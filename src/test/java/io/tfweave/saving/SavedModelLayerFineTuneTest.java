package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tfweave.data.Dataset;
import io.tfweave.graph.DType;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.pooling.GlobalAveragePooling1D;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Frozen use and fine-tuning of {@link SavedModelLayer} over Keras exports (issue #12, failure 5), and the messages for
 * what cannot work: an LSTM's {@code While} loop has no gradient in TensorFlow Java 1.0.0, and float features cannot feed
 * an int32 signature.
 */
class SavedModelLayerFineTuneTest {
  /** {@code Input -> SavedModelLayer 'base' -> Dense(2) 'head'}; one output. */
  private static Model headed(String name, boolean trainBase) throws Exception {
    JsonNode p = SavedModelLayerKerasTest.probe(name);
    long[] shape = SavedModelLayerKerasTest.inputShape(p);
    SymbolicTensor in = new Input(Arrays.copyOfRange(shape, 1, shape.length))
        .dtype(SavedModelLayerKerasTest.inputType(p))
        .tensor();
    SavedModelLayer base =
        new SavedModelLayer(SavedModelLayerKerasTest.fixture(name)).named("base");
    base.setTrainable(trainBase);
    SymbolicTensor out = new Dense(2).named("head").apply(base.apply(in));
    return Model.of(in, out).named("tune_" + name).seed(11);
  }

  private static Dataset data(String name, int n, long seed) throws Exception {
    JsonNode p = SavedModelLayerKerasTest.probe(name);
    long[] shape = SavedModelLayerKerasTest.inputShape(p).clone();
    shape[0] = n;
    SplittableRandom r = new SplittableRandom(seed);
    int size = (int) Shape.of(shape).size();
    NdArray<?> x;
    if (SavedModelLayerKerasTest.inputType(p).isInteger()) {
      int[] ids = new int[size];
      for (int i = 0; i < size; i++) ids[i] = r.nextInt(20);
      x = NdArrays.wrap(Shape.of(shape), DataBuffers.of(ids, true, false));
    } else {
      float[] v = new float[size];
      for (int i = 0; i < size; i++) v[i] = (float) r.nextGaussian();
      x = NdArrays.wrap(Shape.of(shape), DataBuffers.of(v, true, false));
    }
    float[] y = new float[n * 2];
    for (int i = 0; i < y.length; i++) y[i] = (float) r.nextGaussian();
    return Dataset.of(x, NdArrays.wrap(Shape.of(n, 2), DataBuffers.of(y, true, false)));
  }

  private static Weight weight(Model m, String layer, String suffix) {
    List<Weight> w =
        m.layer(layer).weights().stream().filter(x -> x.name().endsWith(suffix)).toList();
    assertEquals(1, w.size(), suffix + " in " + m.layer(layer).weights());
    return w.get(0);
  }

  private static FloatNdArray value(Model m, Weight w) {
    return NdArrays.wrap(w.shape(), DataBuffers.of(m.weightValue(w), true, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text_int32", "text_int64", "text_tf_keras", "lstm", "cnn"})
  void frozenBaseKeepsItsWeightsWhileTheHeadTrains(String name) throws Exception {
    try (Model m = headed(name, false)) {
      List<float[]> before =
          m.layer("base").weights().stream().map(m::weightValue).toList();
      float[] head = m.weightValue(m.layer("head").weights().get(0));
      assertEquals(2, m.trainableWeights().size());
      m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError());
      m.fit(data(name, 16, 3), FitOptions.epochs(2).batchSize(8).verbose(0));
      for (int i = 0; i < before.size(); i++)
        assertArrayEquals(before.get(i), m.weightValue(m.layer("base").weights().get(i)));
      double moved = SavedModelLayerKerasTest.maxDiff(
          head, m.weightValue(m.layer("head").weights().get(0)));
      assertTrue(moved > 1e-4, "the head trains: " + moved);
    }
  }

  /**
   * One SGD step through the wrapped Keras Embedding model updates its weights exactly as the same step through the
   * same architecture built from tfweave layers (Embedding, GlobalAveragePooling1D, Dense) with the same weights.
   */
  @ParameterizedTest
  @ValueSource(strings = {"text_int32", "text_int64", "text_tf_keras"})
  void fineTunedEmbeddingModelStepsLikeTfweaveLayers(String name) throws Exception {
    Dataset d = data(name, 16, 5);
    boolean int64 = name.equals("text_int64");
    SymbolicTensor in = Input.of(int64 ? DType.INT64 : DType.INT32, 6);
    SymbolicTensor y = new Embedding(20, 4).named("emb").apply(in);
    y = new Dense(3).named("dense").apply(new GlobalAveragePooling1D().apply(y));
    y = new Dense(2).named("head").apply(y);
    try (Model wrapped = headed(name, true);
        Model tfweave = Model.of(in, y).named("native").seed(1)) {
      assertEquals(5, wrapped.trainableWeights().size());
      Weight[] w = {
        weight(wrapped, "base", "embeddings"),
        weight(wrapped, "base", "head/kernel"),
        weight(wrapped, "base", "head/bias"),
        weight(wrapped, "head", "kernel"),
        weight(wrapped, "head", "bias")
      };
      Weight[] t = {
        weight(tfweave, "emb", "embeddings"),
        weight(tfweave, "dense", "kernel"),
        weight(tfweave, "dense", "bias"),
        weight(tfweave, "head", "kernel"),
        weight(tfweave, "head", "bias")
      };
      List<FloatNdArray> values = new ArrayList<>();
      for (Weight tw : tfweave.weights())
        values.add(value(wrapped, w[Arrays.asList(t).indexOf(tw)]));
      tfweave.setWeights(values);
      List<float[]> before = Arrays.stream(w).map(wrapped::weightValue).toList();
      for (Model m : List.of(wrapped, tfweave)) {
        m.compile(Optimizers.sgd(0.5), Losses.meanSquaredError());
        m.fit(d, FitOptions.epochs(1).batchSize(16).verbose(0).shuffle(false));
      }
      double worst = 0;
      for (int i = 0; i < w.length; i++) {
        float[] a = wrapped.weightValue(w[i]);
        double moved = SavedModelLayerKerasTest.maxDiff(before.get(i), a);
        assertTrue(moved > 1e-4, w[i].name() + " trains: " + moved);
        double di = SavedModelLayerKerasTest.maxDiff(a, tfweave.weightValue(t[i]));
        System.out.printf("  %s: %s moved %.3e, vs tfweave %.3e%n", name, w[i].name(), moved, di);
        worst = Math.max(worst, di);
      }
      System.out.printf(
          "%s: fine-tuned weights vs tfweave layers after one SGD step: max |diff| = %.3e%n",
          name, worst);
      assertTrue(worst <= 1e-5, name + ": " + worst);
    }
  }

  /**
   * The CNN (Conv2D, BatchNormalization, DepthwiseConv2D) fine-tunes: one small SGD step lowers the loss by what the
   * gradient predicts (first order: {@code L(w) - L(w - lr g) ≈ lr |g|^2}, with {@code g} read off the step), and the
   * BatchNormalization moving statistics, not trainable in Keras, stay put.
   */
  @Test
  void cnnFineTunesAlongItsGradient() throws Exception {
    Dataset d = data("cnn", 8, 9);
    try (Model m = headed("cnn", true)) {
      assertEquals(2 + 10, m.trainableWeights().size()); // 14 variables less 4 moving statistics
      List<Weight> ws = m.trainableWeights();
      List<float[]> before = ws.stream().map(m::weightValue).toList();
      Weight movingMean = weight(m, "base", "bn_Conv1/moving_mean");
      float[] mean = m.weightValue(movingMean);
      double lr = 1e-6;
      m.compile(Optimizers.sgd(lr), Losses.meanSquaredError());
      double l0 = m.evaluate(d, 8).loss();
      m.fit(d, FitOptions.epochs(1).batchSize(8).verbose(0).shuffle(false));
      double l1 = m.evaluate(d, 8).loss();
      double g2 = 0;
      for (int i = 0; i < ws.size(); i++) {
        float[] a = before.get(i);
        float[] b = m.weightValue(ws.get(i));
        for (int k = 0; k < a.length; k++) g2 += Math.pow((a[k] - b[k]) / lr, 2);
      }
      double ratio = (l0 - l1) / (lr * g2);
      System.out.printf(
          "cnn: loss %.6g -> %.6g, first-order prediction ratio %.4f%n", l0, l1, ratio);
      assertTrue(Math.abs(ratio - 1) < 0.05, "ratio " + ratio);
      assertArrayEquals(mean, m.weightValue(movingMean));
    }
  }

  /** A fine-tuned wrapped model exports and reloads with its tuned weights (not the SavedModel's original ones). */
  @Test
  void fineTunedModelExportsAndReloadsItsTunedWeights(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    Dataset d = data("text_int32", 16, 6);
    float[] tuned;
    float[] original;
    java.nio.file.Path out;
    try (Model m = headed("text_int32", true)) {
      Weight table = weight(m, "base", "embeddings");
      original = m.weightValue(table);
      m.compile(Optimizers.sgd(0.5), Losses.meanSquaredError());
      m.fit(d, FitOptions.epochs(2).batchSize(8).verbose(0));
      tuned = m.weightValue(table);
      assertTrue(SavedModelLayerKerasTest.maxDiff(original, tuned) > 1e-3, "the table trains");
      float[] expected = SavedModelExportTest.flat(m.predict(d));
      out = m.export(dir.resolve("tuned"));
      try (Model back = Model.load(out)) {
        assertArrayEquals(tuned, back.weightValue(weight(back, "base", "embeddings")));
        double worst =
            SavedModelLayerKerasTest.maxDiff(expected, SavedModelExportTest.flat(back.predict(d)));
        System.out.printf(
            "text_int32 fine-tuned, exported, Model.load: predict max |diff| = %.3e%n", worst);
        assertTrue(worst <= 1e-6, "reloaded: " + worst);
        assertTrue(back.layer("base").isTrainable(), "the reloaded layer is still fine-tunable");
      }
    }
  }

  /** A frozen CNN export passes gradients to the layer before it, which trains; its own weights stay put. */
  @Test
  void layerBeforeAFrozenExportTrains() throws Exception {
    SymbolicTensor in = Input.of(8, 8, 3);
    SymbolicTensor pre = new Dense(3).named("pre").apply(in);
    SavedModelLayer base =
        new SavedModelLayer(SavedModelLayerKerasTest.fixture("cnn")).named("base");
    SymbolicTensor out = new Dense(2).named("head").apply(base.apply(pre));
    Dataset d = data("cnn", 16, 4);
    try (Model m = Model.of(in, out).named("pre_cnn").seed(2)) {
      assertEquals(4, m.trainableWeights().size());
      List<float[]> frozen = base.weights().stream().map(m::weightValue).toList();
      float[] pre0 = m.weightValue(m.layer("pre").weights().get(0));
      m.compile(Optimizers.sgd(1e-4), Losses.meanSquaredError());
      double l0 = m.evaluate(d, 16).loss();
      m.fit(d, FitOptions.epochs(3).batchSize(8).verbose(0).shuffle(false));
      double l1 = m.evaluate(d, 16).loss();
      double moved = SavedModelLayerKerasTest.maxDiff(
          pre0, m.weightValue(m.layer("pre").weights().get(0)));
      System.out.printf(
          "cnn behind a trainable Dense: loss %.5g -> %.5g, 'pre' kernel moved %.3e%n",
          l0, l1, moved);
      assertTrue(moved > 1e-5, "the layer before trains: " + moved);
      assertTrue(l1 < l0, l0 + " -> " + l1);
      for (int i = 0; i < frozen.size(); i++)
        assertArrayEquals(frozen.get(i), m.weightValue(base.weights().get(i)));
    }
  }

  @Test
  void fineTuningAnLstmExportIsRefusedNamingWhileAndTheAlternatives() throws Exception {
    try (Model m = headed("lstm", true)) {
      m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError());
      var e = assertThrows(
          RuntimeException.class,
          () -> m.fit(data("lstm", 8, 1), FitOptions.epochs(1).batchSize(8).verbose(0)));
      String msg = e.getMessage();
      for (String part : List.of(
          "'base'",
          "cannot be fine-tuned",
          "op 'While'",
          "setTrainable(false)",
          "Model.load",
          ".keras",
          "WeightImport.from(dir).into(model)")) {
        assertTrue(msg.contains(part), part + " in: " + msg);
      }
    }
  }

  @Test
  void floatFeaturesForAnIntSignatureAreRefused() {
    SavedModelLayer layer =
        new SavedModelLayer(SavedModelLayerKerasTest.fixture("text_int32")).named("ids");
    var e = assertThrows(IllegalArgumentException.class, () -> layer.apply(Input.of(6)));
    String msg = e.getMessage();
    for (String part : List.of("'ids'", "'tokens'", "int32", "float32", "Input.of(DType.INT32")) {
      assertTrue(msg.contains(part), part + " in: " + msg);
    }
  }
}
