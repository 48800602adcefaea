package io.tfweave.mixedprecision;

import static io.tfweave.activations.Activation.*;
import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.Layer;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.core.Embedding;
import io.tfweave.layers.pooling.MaxPooling2D;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.layers.regularization.Dropout;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/** Mixed precision on CPU: bfloat16 (and float16) computations with float32 variables, outputs and losses. */
class MixedPrecisionTest {
  /**
   * An IMDB-like token task whose labels are 10 % noisy, so that accuracy stays below 1 and a gap between precisions
   * would show: label-1 samples carry two ids from [1, 11), label-0 samples two from [11, 21), the rest is noise.
   */
  static Dataset corpus(int n, long seed) {
    Random r = new Random(seed);
    int len = 40;
    int vocab = 500;
    int[] ids = new int[n * len];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextBoolean() ? 1 : 0;
      boolean flip = r.nextDouble() < 0.1;
      int base = (y[i] == 1) != flip ? 1 : 11;
      for (int t = 0; t < len; t++) ids[i * len + t] = 21 + r.nextInt(vocab - 21);
      for (int k = 0; k < 2; k++) ids[i * len + r.nextInt(len)] = base + r.nextInt(10);
    }
    return Dataset.ofArrays(List.of(HostArray.ofInts(ids, n, len)), HostArray.ofFloats(y, n, 1));
  }

  /** The textbook IMDB model (Embedding, Flatten, Dense relu, Dense sigmoid), every layer under {@code policy}. */
  static Model imdb(DTypePolicy policy) {
    List<Layer> layers = List.of(
        new Embedding(500, 16),
        new Flatten(),
        new Dense(16).activation(RELU),
        new Dense(1).activation(SIGMOID));
    for (Layer l : layers) l.dtype(policy);
    return Sequential.named("imdb")
        .input(DType.INT32, 40)
        .add(layers.toArray(Layer[]::new))
        .seed(1)
        .build();
  }

  static List<DataType> matMulTypes(Model m) {
    List<DataType> out = new ArrayList<>();
    var it = m.graphAccess().graph().operations();
    while (it.hasNext()) {
      GraphOperation op = it.next();
      if (op.type().equals("MatMul")) out.add(op.output(0).dataType());
    }
    return out;
  }

  @Test
  void bfloat16TrainingOfTheImdbModelReachesTheFloat32AccuracyWithinOnePoint() {
    Dataset train = corpus(2000, 3);
    Dataset test = corpus(1000, 4);
    double[] acc = new double[2];
    double[] firstLoss = new double[2];
    DTypePolicy[] policies = {DTypePolicy.FLOAT32, DTypePolicy.MIXED_BFLOAT16};
    for (int i = 0; i < 2; i++) {
      try (Model m = imdb(policies[i])) {
        m.compile(Optimizers.rmsprop(0.001), Losses.binaryCrossentropy(), Metrics.accuracy());
        var h = m.fit(train, FitOptions.epochs(8).batchSize(32).verbose(0));
        firstLoss[i] = h.get("loss").get(0);
        acc[i] = m.evaluate(test).get("accuracy");
        List<DataType> types = matMulTypes(m);
        assertFalse(types.isEmpty());
        DataType want = i == 0 ? DataType.DT_FLOAT : DataType.DT_BFLOAT16;
        for (DataType t : types) assertEquals(want, t, "MatMul dtype under " + policies[i]);
        // Variables stay float32.
        for (FloatNdArray w : m.getWeights()) assertNotNull(w);
      }
    }
    // Both learn the task (its 10 % label noise caps accuracy near 0.9) and agree within one point.
    assertTrue(acc[0] > 0.8 && acc[1] > 0.8, java.util.Arrays.toString(acc));
    assertEquals(acc[0], acc[1], 0.01, "float32 vs mixed_bfloat16 test accuracy");
    assertEquals(firstLoss[0], firstLoss[1], 0.02, "first-epoch losses");
  }

  /** 8×8 images: class 1 is brighter in the top half, class 0 in the bottom half, plus noise. */
  static Dataset images(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * 64];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      for (int p = 0; p < 64; p++) {
        boolean top = p < 32;
        x[i * 64 + p] = (float) (r.nextGaussian() * 0.5 + ((top == (y[i] == 1)) ? 0.12 : 0));
      }
    }
    return Dataset.ofArrays(
        List.of(HostArray.ofFloats(x, n, 8, 8, 1)), HostArray.ofFloats(y, n, 1));
  }

  @Test
  void bfloat16ConvolutionsAcrossAFloat32OnlyLayer() {
    Dataset train = images(512, 8);
    Dataset test = images(256, 9);
    double[] acc = new double[2];
    DTypePolicy[] policies = {DTypePolicy.FLOAT32, DTypePolicy.MIXED_BFLOAT16};
    for (int i = 0; i < 2; i++) {
      List<Layer> layers = List.of(
          new Conv2D(4, 3).activation(RELU),
          new MaxPooling2D(),
          new Dropout(0.1), // no 16-bit implementation: computes in float32 between bfloat16 layers
          new Flatten(),
          new Dense(2).activation(SOFTMAX));
      for (Layer l : layers) l.dtype(policies[i]);
      try (Model m = Sequential.builder()
          .input(8, 8, 1)
          .add(layers.toArray(Layer[]::new))
          .seed(2)
          .build()) {
        m.compile(
            Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        m.fit(train, FitOptions.epochs(5).batchSize(32).verbose(0));
        acc[i] = m.evaluate(test).get("accuracy");
        boolean bf16Conv = false;
        var it = m.graphAccess().graph().operations();
        while (it.hasNext()) {
          GraphOperation op = it.next();
          if (op.type().equals("Conv2D"))
            bf16Conv |= op.output(0).dataType() == DataType.DT_BFLOAT16;
        }
        assertEquals(i == 1, bf16Conv, "Conv2D in bfloat16 under " + policies[i]);
      }
    }
    assertTrue(acc[0] > 0.75 && acc[1] > 0.75, java.util.Arrays.toString(acc));
    assertEquals(acc[0], acc[1], 0.03, java.util.Arrays.toString(acc));
  }

  @Test
  void float16TrainingScalesTheLossAndLearns() {
    Dataset train = corpus(1000, 5);
    try (Model m = imdb(DTypePolicy.MIXED_FLOAT16)) {
      m.compile(Optimizers.adam(0.001), Losses.binaryCrossentropy(), Metrics.accuracy());
      var h = m.fit(train, FitOptions.epochs(8).batchSize(32).verbose(0));
      assertTrue(h.last("loss") < h.get("loss").get(0), h.toString());
      assertTrue(h.last("accuracy") > 0.8, h.toString());
      for (DataType t : matMulTypes(m)) assertEquals(DataType.DT_HALF, t);
      try (var r =
          m.graphAccess().session().runner().fetch("train/loss_scale/scale").run()) {
        // 256 steps, all finite: the scale is still Keras's initial 2^15 (it would double after
        // 2000).
        assertEquals(32768f, ((TFloat32) r.get(0)).getFloat());
      }
    }
  }

  static float scale(Model m) {
    try (var r =
        m.graphAccess().session().runner().fetch("train/loss_scale/scale").run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  @Test
  void theLossScaleIsSavedWithTheOptimizerStateAndResumes(@TempDir Path dir) throws Exception {
    Dataset data = corpus(256, 10);
    FitOptions two = FitOptions.epochs(2).batchSize(32).verbose(0);
    try {
      // Initial scale 8, doubling every 5 finite steps: 8 steps per epoch, so the scale moves while
      // training.
      MixedPrecision.setLossScale(LossScale.dynamic(8, 5));
      List<Double> full;
      float fullScale;
      try (Model m = imdb(DTypePolicy.MIXED_FLOAT16)) {
        m.compile(Optimizers.adam(0.001), Losses.binaryCrossentropy());
        full = m.fit(data, FitOptions.epochs(4).batchSize(32).verbose(0)).get("loss");
        fullScale = scale(m);
      }
      assertEquals(8 * Math.pow(2, 32 / 5), fullScale); // 32 finite steps: 6 doublings
      Path ckpt = dir.resolve("w");
      try (Model m = imdb(DTypePolicy.MIXED_FLOAT16)) {
        m.compile(Optimizers.adam(0.001), Losses.binaryCrossentropy());
        m.fit(data, two);
        assertEquals(8 * Math.pow(2, 16 / 5), scale(m));
        m.saveWeights(ckpt);
      }
      var keys = io.tfweave.formats.CheckpointReader.open(ckpt).variables().stream()
          .map(v -> v.name())
          .toList();
      assertTrue(
          keys.contains("optimizer/loss_scale/scale")
              && keys.contains("optimizer/loss_scale/good_steps"),
          keys.toString());
      try (Model m = imdb(DTypePolicy.MIXED_FLOAT16)) {
        m.compile(Optimizers.adam(0.001), Losses.binaryCrossentropy());
        m.loadWeights(ckpt);
        var h = m.fit(data, FitOptions.epochs(4).batchSize(32).verbose(0).initialEpoch(2));
        assertEquals(full.subList(2, 4), h.get("loss"));
        assertEquals(fullScale, scale(m));
      }
    } finally {
      MixedPrecision.setLossScale(LossScale.dynamic());
    }
  }

  @Test
  void float32ModelsHaveNoLossScale() {
    try (Model m = imdb(DTypePolicy.MIXED_BFLOAT16)) {
      m.compile(Optimizers.sgd(0.01), Losses.binaryCrossentropy());
      m.fit(corpus(64, 6), FitOptions.epochs(1).batchSize(32).verbose(0));
      assertNull(m.graphAccess().graph().operation("train/loss_scale/scale"));
    }
  }

  @Test
  void exportKeepsFloat32OutputsAndReproducesPredictions(@TempDir Path dir) {
    Dataset data = corpus(64, 7);
    FloatNdArray before;
    Path saved;
    try (Model m = imdb(DTypePolicy.MIXED_BFLOAT16)) {
      m.compile(Optimizers.rmsprop(0.001), Losses.binaryCrossentropy());
      m.fit(data, FitOptions.epochs(1).batchSize(32).verbose(0));
      before = m.predict(data);
      assertEquals(
          Map.of(
              "module",
              "keras",
              "class_name",
              "DTypePolicy",
              "config",
              Map.of("name", "mixed_bfloat16")),
          withoutNull(m.layers().get(2).config().get("dtype")));
      saved = m.export(dir.resolve("m"));
    }
    try (Model back = Model.load(saved)) {
      assertEquals(DTypePolicy.MIXED_BFLOAT16, back.layers().get(2).dtypePolicy());
      FloatNdArray after = back.predict(data);
      for (int i = 0; i < 64; i++) assertEquals(before.getFloat(i, 0), after.getFloat(i, 0), 0f);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withoutNull(Object m) {
    Map<String, Object> c = new java.util.LinkedHashMap<>((Map<String, Object>) m);
    c.values().removeIf(java.util.Objects::isNull);
    return c;
  }

  @Test
  void globalPolicyAppliesToLayersCreatedWhileItIsSet() {
    try {
      MixedPrecision.setGlobalPolicy("mixed_bfloat16");
      Dense d = new Dense(3);
      LSTM lstm = new LSTM(4);
      assertEquals(DTypePolicy.MIXED_BFLOAT16, d.dtypePolicy());
      assertEquals(org.tensorflow.types.TBfloat16.class, d.computeType());
      // A layer without a 16-bit implementation keeps computing in float32.
      assertEquals(TFloat32.class, lstm.computeType());
    } finally {
      MixedPrecision.setGlobalPolicy(DTypePolicy.FLOAT32);
    }
    assertEquals(DTypePolicy.FLOAT32, new Dense(3).dtypePolicy());
    assertFalse(new Dense(3).config().containsKey("dtype"));
  }

  @Test
  void policiesAndErrors() {
    assertEquals("bfloat16", DTypePolicy.of("mixed_bfloat16").computeDType());
    assertEquals("float16", DTypePolicy.MIXED_FLOAT16.computeDType());
    assertEquals("float32", DTypePolicy.MIXED_FLOAT16.variableDType());
    assertSame(
        DTypePolicy.MIXED_FLOAT16, DTypePolicy.fromConfig(DTypePolicy.MIXED_FLOAT16.config()));
    assertSame(DTypePolicy.FLOAT32, DTypePolicy.fromConfig("float32"));
    var e = assertThrows(IllegalArgumentException.class, () -> DTypePolicy.of("bfloat16"));
    assertTrue(e.getMessage().contains("Unsupported dtype policy 'bfloat16'"), e.getMessage());
  }
}
