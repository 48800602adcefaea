package io.tfweave.training;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.pipeline.FeatureSpec;
import io.tfweave.data.pipeline.FeatureType;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.data.pipeline.TfRecords;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.types.TFloat32;

/** fit, evaluate and predict on pipelines: same result as arrays, epochs, steps, validation, and the errors. */
class PipelineFitTest {
  @TempDir
  Path dir;

  static final int N = 64;

  /** 64 samples of 4 features and a label in 0..2 that depends on them. */
  static Map<String, HostArray> data() {
    float[] x = new float[N * 4];
    int[] y = new int[N];
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < 4; k++) x[i * 4 + k] = (float) r.nextGaussian();
      y[i] = x[i * 4] + x[i * 4 + 1] > 0.5 ? 2 : x[i * 4 + 2] > 0 ? 1 : 0;
    }
    Map<String, HostArray> m = new LinkedHashMap<>();
    m.put("x", HostArray.ofFloats(x, N, 4));
    m.put("y", HostArray.ofInts(y, N));
    return m;
  }

  static Dataset dataset() {
    return Dataset.ofArrays(List.of(data().get("x")), data().get("y"));
  }

  static Model model() {
    Model m = Sequential.named("mlp")
        .input(4)
        .add(new Dense(8).activation(RELU))
        .add(new Dense(3).activation(SOFTMAX))
        .seed(7)
        .build();
    m.compile(Optimizers.adam(0.01), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
    return m;
  }

  List<Path> tfRecordFiles() {
    return TfRecords.writeShards(dir, "train", 3, data());
  }

  Pipeline tfRecords() {
    tfRecordFiles();
    return Pipeline.fromTfRecords(dir + "/train-*.tfrecord", TfRecords.specOf(data()));
  }

  static void assertSameWeights(Model a, Model b) {
    List<FloatNdArray> wa = a.getWeights();
    List<FloatNdArray> wb = b.getWeights();
    assertEquals(wa.size(), wb.size());
    for (int i = 0; i < wa.size(); i++) {
      float[] x = new float[(int) wa.get(i).size()];
      float[] y = new float[x.length];
      wa.get(i).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(x, false, false));
      wb.get(i).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(y, false, false));
      assertArrayEquals(x, y, 1e-6f, "weight " + i);
    }
  }

  @Test
  void aTfRecordPipelineTrainsToTheSameWeightsAsTheSameArraysInOrder() {
    try (Model arrays = model();
        Model records = model();
        Model slices = model()) {
      History ha = arrays.fit(
          dataset(), FitOptions.epochs(3).batchSize(16).shuffle(false).verbose(0));
      History hr = records.fit(
          tfRecords().batch(16).prefetch(Pipeline.AUTOTUNE),
          FitOptions.epochs(3).verbose(0));
      slices.fit(Pipeline.fromArrays(data()).batch(16), FitOptions.epochs(3).verbose(0));
      assertSameWeights(arrays, records);
      assertSameWeights(arrays, slices);
      assertEquals(ha.asMap().get("loss").get(2), hr.asMap().get("loss").get(2), 1e-5);
      assertEquals(3, records.epochsTrained());
    }
  }

  @Test
  void generatorAndCsvPipelinesTrainLikeTheArrays() throws java.io.IOException {
    HostArray x = data().get("x");
    HostArray y = data().get("y");
    StringBuilder csv = new StringBuilder("a,b,c,d,label\n");
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < 4; k++) csv.append(x.floats()[i * 4 + k]).append(',');
      csv.append(y.ints()[i]).append('\n');
    }
    Path file = java.nio.file.Files.writeString(dir.resolve("train.csv"), csv);
    Pipeline generator = Pipeline.fromGenerator(
        () -> java.util.stream.IntStream.range(0, N)
            .mapToObj(i -> new Object[] {
              java.util.Arrays.copyOfRange(x.floats(), i * 4, i * 4 + 4), y.ints()[i]
            })
            .iterator(),
        new io.tfweave.data.pipeline.TensorSpec(
            "x", TFloat32.class, org.tensorflow.ndarray.Shape.of(4)),
        new io.tfweave.data.pipeline.TensorSpec(
            "y", org.tensorflow.types.TInt32.class, org.tensorflow.ndarray.Shape.scalar()));
    try (Model arrays = model();
        Model gen = model();
        Model rows = model()) {
      arrays.fit(dataset(), FitOptions.epochs(2).batchSize(16).shuffle(false).verbose(0));
      gen.fit(generator.batch(16), FitOptions.epochs(2).verbose(0));
      rows.fit(
          Pipeline.fromCsv(file, io.tfweave.data.pipeline.CsvOptions.defaults().label("label"))
              .batch(16),
          FitOptions.epochs(2).verbose(0));
      assertSameWeights(arrays, gen);
      assertSameWeights(arrays, rows);
    }
  }

  /** Counts the batches of each epoch. */
  static final class Batches implements Callback {
    final List<Integer> perEpoch = new ArrayList<>();
    int n;

    @Override
    public void onEpochBegin(int epoch) {
      n = 0;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
      n++;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      perEpoch.add(n);
    }
  }

  @Test
  void epochsReIterateAndStepsPerEpochCarriesTheIteratorOn() {
    try (Model m = model()) {
      Batches b = new Batches();
      m.fit(tfRecords().batch(16), FitOptions.epochs(2).verbose(0).callbacks(b));
      assertEquals(List.of(4, 4), b.perEpoch);
      Batches c = new Batches();
      m.fit(
          tfRecords().batch(13),
          FitOptions.epochs(3).stepsPerEpoch(3).verbose(0).callbacks(c));
      assertEquals(
          List.of(3, 2, 3),
          c.perEpoch,
          "5 batches: the second epoch runs out, the third starts a new pass");
      Batches d = new Batches();
      m.fit(
          Pipeline.fromArrays(data()).shuffle(64, 1).batch(16).repeat(),
          FitOptions.epochs(2).stepsPerEpoch(5).verbose(0).callbacks(d));
      assertEquals(List.of(5, 5), d.perEpoch);
    }
  }

  @Test
  void progressShowsUnknownUntilTheFirstPassEnds() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try (Model m = model()) {
      m.fit(tfRecords().batch(16), FitOptions.epochs(2).verbose(1));
    } finally {
      System.setOut(old);
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length, String.join("\n", lines));
    assertTrue(
        lines[1].matches(
            "\\s+4/Unknown - \\d+s \\d+[mu]s/step - loss: [0-9.]+ - accuracy: [0-9.]+"),
        lines[1]);
    assertTrue(lines[3].startsWith("4/4 [="), lines[3]);
  }

  @Test
  void validationEvaluateAndPredictOnPipelines() {
    try (Model m = model();
        Model twin = model()) {
      Pipeline val = Pipeline.fromArrays(data()).take(32).batch(8);
      History h = m.fit(tfRecords().batch(16), FitOptions.epochs(2).verbose(0).validation(val));
      assertEquals(2, h.asMap().get("val_loss").size());
      History hs = twin.fit(
          tfRecords().batch(16),
          FitOptions.epochs(2).verbose(0).validation(val).validationSteps(2));
      assertEquals(2, hs.asMap().get("val_accuracy").size());
      Map<String, Double> fromArrays = m.evaluate(dataset(), 16);
      Map<String, Double> fromPipeline = m.evaluate(tfRecords().batch(16));
      assertEquals(fromArrays.get("loss"), fromPipeline.get("loss"), 1e-5);
      assertEquals(fromArrays.get("accuracy"), fromPipeline.get("accuracy"), 1e-6);
      Map<String, Double> twoBatches = m.evaluate(Pipeline.fromArrays(data()).batch(16), 2);
      assertEquals(
          m.evaluate(
                  Dataset.ofArrays(
                      List.of(data().get("x").slice(0, 32)), data().get("y").slice(0, 32)),
                  16)
              .get("loss"),
          twoBatches.get("loss"),
          1e-5);
      FloatNdArray p = m.predict(tfRecords().batch(10));
      FloatNdArray q = m.predict(dataset());
      assertEquals(q.shape(), p.shape());
      for (int i = 0; i < N; i++) assertEquals(q.getFloat(i, 1), p.getFloat(i, 1), 1e-6);
      History arraysWithPipelineValidation =
          m.fit(dataset(), FitOptions.epochs(1).verbose(0).validation(val));
      assertTrue(arraysWithPipelineValidation.asMap().containsKey("val_loss"));
    }
  }

  @Test
  void emptyOrInfinitePipelinesFailBeforeTraining() throws Exception {
    try (Model m = model()) {
      Batches b = new Batches();
      var e = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              Pipeline.fromArrays(data()).take(0).batch(4),
              FitOptions.epochs(1).verbose(0).callbacks(b)));
      assertTrue(e.getMessage().startsWith("the training pipeline is empty"), e.getMessage());
      Path empty = TfRecords.write(dir.resolve("empty.tfrecord"), List.of());
      var u = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              Pipeline.fromTfRecords(List.of(empty), TfRecords.specOf(data())).batch(4),
              FitOptions.epochs(1).verbose(0)));
      assertTrue(u.getMessage().contains("is empty"), u.getMessage());
      var inf = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              Pipeline.fromArrays(data()).batch(4).repeat(),
              FitOptions.epochs(1).verbose(0).callbacks(b)));
      assertTrue(
          inf.getMessage().contains("is infinite") && inf.getMessage().contains("stepsPerEpoch"),
          inf.getMessage());
      assertEquals(List.of(), b.perEpoch, "no epoch began");
    }
  }

  @Test
  void pipelinesThatDoNotFitTheModelAreNamed() {
    try (Model m = model()) {
      var unbatched = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(Pipeline.fromArrays(data()), FitOptions.epochs(1)));
      assertTrue(
          unbatched.getMessage().contains("yields single samples of shape (4,)")
              && unbatched.getMessage().contains(".batch(32)"),
          unbatched.getMessage());
      FeatureSpec wide =
          FeatureSpec.create().fixedLen("x", FeatureType.FLOAT, 4).fixedLen("y", FeatureType.INT64);
      Pipeline wrong = Pipeline.fromArrays(data())
          .map((tf, e) -> e.with(
              "x",
              tf.concat(
                  List.of(e.get("x", TFloat32.class), e.get("x", TFloat32.class)), tf.constant(0))))
          .batch(8);
      var shape =
          assertThrows(IllegalArgumentException.class, () -> m.fit(wrong, FitOptions.epochs(1)));
      assertTrue(
          shape.getMessage().contains("expects batches of shape (None, 4), but component 'x'")
              && shape.getMessage().contains("[-1, 8]"),
          shape.getMessage());
      var bs = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(tfRecords().batch(8), FitOptions.epochs(1).batchSize(8)));
      assertTrue(bs.getMessage().contains("Do not set batchSize"), bs.getMessage());
      var noTarget = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(Pipeline.fromArrays(data().get("x"), null).batch(8), FitOptions.epochs(1)));
      assertTrue(noTarget.getMessage().contains("has no target component"), noTarget.getMessage());
      var named = assertThrows(
          IllegalArgumentException.class,
          () -> m.fit(
              Pipeline.fromTfRecords(tfRecordFiles(), wide).batch(8).inputs("pixels"),
              FitOptions.epochs(1)));
      assertTrue(
          named.getMessage().contains("component 'pixels', but its components are [x, y]"),
          named.getMessage());
    }
  }
}
