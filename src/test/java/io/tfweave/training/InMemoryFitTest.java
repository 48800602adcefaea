package io.tfweave.training;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/** The in-memory path: batches fed from the caller's arrays (no copy of the data), chunked arrays, nothing kept alive. */
class InMemoryFitTest {
  static Dataset data(int n, int features, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * features];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < features; j++) {
        x[i * features + j] = (float) r.nextGaussian();
        s += x[i * features + j] * (j % 3 - 1);
      }
      y[i] = s < -0.5 ? 0 : s < 0.5 ? 1 : 2;
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, features)), HostArray.ofInts(y, n));
  }

  static Model mlp(int features) {
    Model m = Sequential.builder()
        .input(features)
        .add(new Dense(8).activation(RELU), new Dense(3).activation(SOFTMAX))
        .seed(1)
        .build();
    m.compile(Optimizers.adam(1e-2), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
    return m;
  }

  @Test
  void fitHoldsOneBatchAtATimeWhateverTheDataSize() {
    int f = 20;
    try (Model m = mlp(f)) {
      for (int n : new int[] {1000, 4000}) {
        HostBatches.PEAK_BYTES.set(0);
        m.fit(
            data(n, f, n),
            FitOptions.epochs(1).batchSize(50).validationSplit(0.2).verbose(0));
        // One batch of 50 rows: 20 float inputs and one float target each, never the data.
        assertEquals(50L * (f + 1) * 4, HostBatches.PEAK_BYTES.get(), "n=" + n);
        assertEquals(0, HostBatches.LIVE_BYTES.get());
      }
    }
  }

  @Test
  void peakMemoryOfFitIsWellUnderTheDataSize() throws Exception {
    int f = 768;
    int n = 32_768; // 96 MiB of inputs
    try (Model m = mlp(f)) {
      FitOptions o = FitOptions.epochs(1).batchSize(256).validationSplit(0.2).verbose(0);
      m.fit(data(512, f, 1), o); // warm-up: graphs and kernels
      Dataset d = data(n, f, 2);
      System.gc();
      Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current RSS
      long before = status("VmRSS:");
      m.fit(d, o);
      long grown = (status("VmHWM:") - before) * 1024;
      long bytes = (long) n * (f + 1) * 4;
      // Before batches were fed from the arrays, fit added a tensor and a graph variable of the
      // data (>= 2x).
      assertTrue(
          grown < bytes / 2, "fit's peak grew by " + grown + " bytes for " + bytes + " of data");
    }
  }

  @Test
  void chunkedArraysTrainExactlyAsOneArray() {
    int n = 203;
    int f = 5;
    Dataset whole = data(n, f, 7);
    List<HostArray> xs = new ArrayList<>();
    List<HostArray> ys = new ArrayList<>();
    for (int from = 0; from < n; from += 7) {
      int to = Math.min(n, from + 7);
      xs.add(whole.inputs().get(0).slice(from, to));
      ys.add(whole.targets().slice(from, to));
    }
    HostArray cx = HostArray.ofChunks(xs);
    assertEquals(29, cx.chunkCount());
    Dataset chunked = Dataset.ofArrays(List.of(cx), HostArray.ofChunks(ys));
    FitOptions o =
        FitOptions.epochs(3).batchSize(16).validationSplit(0.2).seed(5).verbose(0);
    try (Model a = mlp(f);
        Model b = mlp(f)) {
      History ha = a.fit(whole, o);
      History hb = b.fit(chunked, o);
      assertEquals(ha.asMap(), hb.asMap());
      assertTrue(ha.last("loss") < ha.get("loss").get(0), ha.toString());
      List<FloatNdArray> wa = a.getWeights();
      List<FloatNdArray> wb = b.getWeights();
      for (int i = 0; i < wa.size(); i++) assertEquals(wa.get(i), wb.get(i), "weight " + i);
      Map<String, Double> ea = a.evaluate(whole, 32);
      assertEquals(ea, b.evaluate(chunked, 32));
      assertArrayEquals(flat(a.predict(whole)), flat(b.predict(chunked)));
    }
  }

  @Test
  void theModelDoesNotKeepTheCallersArraysAlive() {
    try (Model m = mlp(4)) {
      WeakReference<float[]> x = fitOnce(m);
      for (int i = 0; i < 20 && x.get() != null; i++) System.gc();
      assertTrue(x.get() == null, "the model still references the fitted arrays");
      m.releaseData(); // and releasing after that is harmless
    }
  }

  private static WeakReference<float[]> fitOnce(Model m) {
    Dataset d = data(300, 4, 3);
    History h1 = m.fit(d, FitOptions.epochs(1).batchSize(32).verbose(0));
    History h2 = m.fit(d, FitOptions.epochs(1).batchSize(32).verbose(0));
    assertTrue(h2.last("loss") < h1.last("loss") + 1e-3);
    return new WeakReference<>(d.inputs().get(0).floats());
  }

  static float[] flat(FloatNdArray a) {
    float[] v = new float[(int) a.size()];
    a.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
    return v;
  }

  static long status(String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D+", ""));
    }
    throw new IllegalStateException("no " + field);
  }
}
