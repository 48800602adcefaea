package io.tfweave.callbacks;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SIGMOID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.formats.EventFileReader;
import io.tfweave.formats.HistogramEvent;
import io.tfweave.formats.ScalarEvent;
import io.tfweave.graph.Weight;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardTest {
  @TempDir
  Path dir;

  private static Dataset data(int n) {
    float[] x = new float[n * 3];
    float[] y = new float[n];
    Random r = new Random(4);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) x[3 * i + j] = (float) r.nextGaussian();
      y[i] = x[3 * i] - x[3 * i + 2] > 0 ? 1 : 0;
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 3)), HostArray.ofFloats(y, n));
  }

  private static Model model() {
    Model m = Sequential.named("tb")
        .input(3)
        .add(new Dense(4).activation(RELU))
        .add(new Dense(1).activation(SIGMOID))
        .seed(2)
        .build();
    m.compile(Optimizers.adam(0.01), Losses.binaryCrossentropy(), Metrics.accuracy());
    return m;
  }

  private static void assertSeries(List<Double> expected, List<ScalarEvent> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(i, actual.get(i).step());
      assertEquals(expected.get(i).floatValue(), (float) actual.get(i).value(), "epoch " + i);
    }
  }

  @Test
  void epochScalarsMatchHistory() throws IOException {
    try (Model m = model()) {
      History h = m.fit(
          data(40),
          FitOptions.epochs(3)
              .batchSize(10)
              .validationSplit(0.25)
              .verbose(0)
              .callbacks(new TensorBoard(dir)));
      EventFileReader train = EventFileReader.read(dir.resolve("train"));
      EventFileReader val = EventFileReader.read(dir.resolve("validation"));
      assertEquals("brain.Event:2", train.fileVersion());
      assertSeries(h.get("loss"), train.scalars("epoch_loss"));
      assertSeries(h.get("accuracy"), train.scalars("epoch_accuracy"));
      assertSeries(h.get("val_loss"), val.scalars("epoch_loss"));
      assertSeries(h.get("val_accuracy"), val.scalars("epoch_accuracy"));
      assertSeries(List.of(0.01, 0.01, 0.01), train.scalars("epoch_learning_rate"));
      assertEquals(
          List.of(3L, 6L, 9L),
          val.scalars("evaluation_loss_vs_iterations").stream()
              .map(ScalarEvent::step)
              .toList());
      assertFalse(train.scalarTags().stream()
          .anyMatch(t -> t.startsWith("batch_") || t.startsWith("epoch_val_")));
      assertTrue(train.histogramTags().isEmpty());
      assertTrue(train.graph().orElseThrow().getNodeList().stream()
          .anyMatch(n -> n.getOp().equals("MatMul")));
    }
  }

  @Test
  void batchScalarsAndHistograms() throws IOException {
    try (Model m = model()) {
      History h = m.fit(
          data(20),
          FitOptions.epochs(3)
              .batchSize(10)
              .verbose(0)
              .callbacks(
                  new TensorBoard(dir).updateFreq("batch").histogramFreq(2).writeGraph(false)));
      EventFileReader train = EventFileReader.read(dir.resolve("train"));
      List<ScalarEvent> batches = train.scalars("batch_loss");
      assertEquals(
          List.of(1L, 2L, 3L, 4L, 5L, 6L),
          batches.stream().map(ScalarEvent::step).toList());
      for (int epoch = 0; epoch < 3; epoch++) {
        assertEquals(h.get("loss").get(epoch).floatValue(), (float)
            batches.get(2 * epoch + 1).value());
      }
      assertFalse(train.hasGraph());
      assertFalse(Files.exists(dir.resolve("validation")));
      Weight kernel = m.weights().get(0);
      List<HistogramEvent> hist = train.histograms("tb/" + kernel.path() + "/histogram");
      assertEquals(List.of(0L, 2L), hist.stream().map(HistogramEvent::step).toList());
      float[] w = m.weightValue(kernel);
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (float v : w) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      HistogramEvent last = hist.get(1);
      assertEquals(w.length, last.count());
      assertEquals((float) min, (float) last.min());
      assertEquals((float) max, (float) last.max());
      assertEquals(4, train.histogramTags().size());
    }
  }

  @Test
  void closesFilesAndStartsNewOnesForEachFit() throws IOException {
    TensorBoard tb = new TensorBoard(dir).writeGraph(false);
    try (Model m = model()) {
      m.fit(data(10), FitOptions.epochs(1).batchSize(10).verbose(0).callbacks(tb));
      m.fit(data(10), FitOptions.epochs(2).batchSize(10).verbose(0).callbacks(tb));
    }
    try (Stream<Path> s = Files.list(dir.resolve("train"))) {
      assertEquals(
          2,
          s.filter(p -> p.getFileName().toString().endsWith(SummaryFiles.FILE_SUFFIX))
              .count());
    }
    assertEquals(
        3, EventFileReader.read(dir.resolve("train")).scalars("epoch_loss").size());
  }

  @Test
  void errors() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> new TensorBoard(dir).histogramFreq(-1));
    assertTrue(e.getMessage().contains("Received: histogramFreq=-1"));
    e = assertThrows(
        IllegalArgumentException.class, () -> new TensorBoard(dir).updateFreq("sometimes"));
    assertTrue(e.getMessage().contains("Received: updateFreq=sometimes"));
    e = assertThrows(IllegalArgumentException.class, () -> new TensorBoard(dir).updateFreq(0));
    assertTrue(e.getMessage().contains("Received: updateFreq=0"));
  }
}
