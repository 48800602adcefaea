package io.tfweave.models;

import static io.tfweave.activations.Activation.RELU;
import static io.tfweave.activations.Activation.SIGMOID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.Synthetic;
import io.tfweave.layers.core.Dense;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import io.tfweave.training.TrainingControl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * predict from 8 threads while fit runs and close() races: no failure other than the documented "closed" error after close,
 * every prediction made from the weights of a completed step, and no weights lost.
 */
class ConcurrentModelTest {
  static final Dataset RINGS = Synthetic.concentricRings(2, 48, 1);
  static final Dataset PROBE = Dataset.ofArrays(List.of(RINGS.inputs().get(0).slice(0, 8)), null);
  static final int THREADS = 8;

  static Model mlp() {
    Model m = Sequential.builder()
        .input(2)
        .add(new Dense(8).activation(RELU), new Dense(1).activation(SIGMOID))
        .seed(11)
        .build();
    m.compile(Optimizers.adam(0.01), "binary_crossentropy", "accuracy");
    return m;
  }

  static FitOptions options(int epochs, Callback... cbs) {
    return FitOptions.epochs(epochs).batchSize(16).verbose(0).callbacks(cbs);
  }

  static float[] flat(List<FloatNdArray> ws) {
    int n = 0;
    for (FloatNdArray w : ws) n += (int) w.size();
    float[] out = new float[n];
    int at = 0;
    for (FloatNdArray w : ws) {
      float[] v = new float[(int) w.size()];
      w.copyTo(DataBuffers.of(v, false, false));
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  static String key(FloatNdArray a) {
    return Arrays.toString(flat(List.of(a)));
  }

  /** Records the predictions and weights after every training step (run on the fit thread, between steps). */
  static final class StepStates implements Callback {
    final Model model;
    final Set<String> predictions = ConcurrentHashMap.newKeySet();
    final List<float[]> weights = new CopyOnWriteArrayList<>();

    StepStates(Model model) {
      this.model = model;
      predictions.add(key(model.predict(PROBE)));
      weights.add(flat(model.getWeights()));
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
      predictions.add(key(model.predict(PROBE)));
      weights.add(flat(model.getWeights()));
    }
  }

  /** Threads that predict on PROBE until stopped, recording outputs and failures. */
  static final class Hammer {
    final List<Thread> threads = new ArrayList<>();
    final Set<String> outputs = ConcurrentHashMap.newKeySet();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch started = new CountDownLatch(THREADS);

    Hammer(Model m) {
      for (int i = 0; i < THREADS; i++) {
        Thread t = new Thread(
            () -> {
              started.countDown();
              while (!stop.get()) {
                try {
                  outputs.add(key(m.predict(PROBE)));
                  calls.incrementAndGet();
                } catch (Throwable e) {
                  failures.add(e);
                  if (e instanceof IllegalStateException)
                    return; // closed: every further call throws the same
                }
              }
            },
            "predict-" + i);
        threads.add(t);
        t.start();
      }
      try {
        started.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    void join() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) t.join(60_000);
    }
  }

  static void assertClosedError(Throwable e, String name) {
    assertTrue(
        e instanceof IllegalStateException
            && e.getMessage().startsWith("Model '" + name + "' is closed"),
        () -> "expected the documented closed error, got " + e);
  }

  @Test
  void predictFromEightThreadsDuringTheFirstFitSeesCompletedStepsAndLosesNoWeights()
      throws Exception {
    Model reference = mlp();
    StepStates states = new StepStates(reference);
    reference.fit(RINGS, options(4, states));
    float[] expected = flat(reference.getWeights());
    reference.close();

    Model m = mlp();
    m.predict(
        PROBE); // the graph exists and predict runs before the first fit (the case that used to
    // fail)
    Hammer h = new Hammer(m);
    m.fit(RINGS, options(4));
    int during = h.calls.get();
    float[] afterFit = flat(m.getWeights());
    // close() races with the 8 predicting threads
    m.close();
    h.join();

    assertArrayEquals(
        expected, afterFit, "the same weights as a single-threaded fit under the same seed");
    assertTrue(during > 0, "predict ran during fit");
    for (Throwable e : h.failures) assertClosedError(e, m.name());
    for (String out : h.outputs)
      assertTrue(states.predictions.contains(out), "a prediction from a torn state: " + out);
    assertHandedBack(m, expected);
  }

  @Test
  void closeRacingFitAndPredictIsFinalAndKeepsACompletedStep() throws Exception {
    Model reference = mlp();
    StepStates states = new StepStates(reference);
    reference.fit(RINGS, options(40, states));
    reference.close();
    Set<String> weightStates = ConcurrentHashMap.newKeySet();
    for (float[] w : states.weights) weightStates.add(Arrays.toString(w));

    int completed = 0;
    for (int round = 0; round < 4; round++) {
      Model m = mlp();
      Hammer h = new Hammer(m);
      List<Throwable> fitFailure = new CopyOnWriteArrayList<>();
      Thread fit = new Thread(() -> {
        try {
          m.fit(RINGS, options(40));
        } catch (Throwable e) {
          fitFailure.add(e);
        }
      });
      fit.start();
      Thread.sleep(40L + 120L * round);
      m.close();
      fit.join(60_000);
      h.join();
      for (Throwable e : h.failures) assertClosedError(e, m.name());
      for (Throwable e : fitFailure) assertClosedError(e, m.name());
      if (fitFailure.isEmpty()) completed++;
      for (String out : h.outputs)
        assertTrue(states.predictions.contains(out), "a prediction from a torn state: " + out);
      float[] handed = handedBack(m);
      assertTrue(
          weightStates.contains(Arrays.toString(handed)),
          "close kept the weights of a completed step, round " + round);
      assertEveryCallThrowsClosed(m);
    }
    assertTrue(
        completed < 4, "at least one close interrupted a fit (else the race was not exercised)");
  }

  @Test
  void everyCallAfterCloseThrowsAndDoesNotReopen(@TempDir Path dir) {
    Model m = mlp();
    m.fit(RINGS, options(1));
    float[] trained = flat(m.getWeights());
    m.close();
    m.close(); // a second close does nothing
    assertEveryCallThrowsClosed(m);
    assertThrows(IllegalStateException.class, () -> m.saveWeights(dir.resolve("w")));
    assertThrows(IllegalStateException.class, () -> m.export(dir.resolve("export")));
    assertEquals(2, m.layers().size(), "the structure stays readable");
    assertHandedBack(m, trained);
  }

  static void assertEveryCallThrowsClosed(Model m) {
    List<org.junit.jupiter.api.function.Executable> calls = List.of(
        () -> m.predict(PROBE),
        () -> m.fit(RINGS, options(1)),
        () -> m.evaluate(RINGS),
        m::getWeights,
        () -> m.setWeights(List.of()),
        () -> m.weightValue(m.weights().get(0)),
        () -> m.compile("sgd", "mse"),
        m::graphDef,
        m::graphAccess,
        () -> m.loadWeights(Path.of("nowhere")),
        () -> m.seed(3));
    for (var call : calls)
      assertClosedError(assertThrows(IllegalStateException.class, call), m.name());
  }

  /** The weights a closed model handed back to its layers, read through a new model over the same layers. */
  static float[] handedBack(Model closed) {
    try (Model again = Model.of(closed.inputs(), closed.outputs())) {
      return flat(again.getWeights());
    }
  }

  static void assertHandedBack(Model closed, float[] expected) {
    assertArrayEquals(
        expected, handedBack(closed), "close handed the trained weights back to the layers");
  }

  /** A callback may call predict and save on the fit thread (re-entrant locks) without deadlock. */
  @Test
  void callbacksMayPredictAndSaveDuringFit(@TempDir Path dir) {
    try (Model m = mlp()) {
      AtomicInteger saved = new AtomicInteger();
      m.fit(RINGS, options(2, new Callback() {
        TrainingControl control;

        @Override
        public void onTrainBegin(TrainingControl c) {
          control = c;
        }

        @Override
        public void onTestEnd(Map<String, Double> logs) {}

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
          m.predict(PROBE);
          control.saveWeights(dir.resolve("e" + epoch));
          saved.incrementAndGet();
        }
      }));
      assertEquals(2, saved.get());
    }
  }
}
