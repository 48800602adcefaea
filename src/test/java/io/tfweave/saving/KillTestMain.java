package io.tfweave.saving;

import static io.tfweave.activations.Activation.RELU;

import io.tfweave.layers.core.Dense;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Run in a child JVM by the kill tests: saves state 1, 2, 3, ... of a model in a loop ({@code weights <prefix>}:
 * {@code saveWeights}, {@code export <dir>}: {@code export} with overwrite), printing {@code saved <i>} after each, until
 * the parent kills it with SIGKILL. The parent then checks that the previous state always loads.
 */
public final class KillTestMain {
  private KillTestMain() {}

  /** A model big enough that one save takes a few milliseconds (~1 MB of weights). */
  static Model model() {
    return Sequential.builder()
        .input(64)
        .add(new Dense(512).activation(RELU), new Dense(448).activation(RELU), new Dense(3))
        .seed(5)
        .build();
  }

  /** The weights of state {@code i}: every value differs between states. */
  static List<FloatNdArray> state(Model m, int i) {
    List<FloatNdArray> out = new ArrayList<>();
    int k = 0;
    for (var w : m.weights()) {
      float[] v = new float[(int) w.size()];
      for (int j = 0; j < v.length; j++) v[j] = (float) Math.sin(i * 7919.0 + (k++) * 0.37) * 0.05f;
      out.add(NdArrays.wrap(w.shape(), DataBuffers.of(v, false, false)));
    }
    return out;
  }

  /** A fixed probe input. */
  static FloatNdArray probe() {
    float[] x = new float[4 * 64];
    for (int j = 0; j < x.length; j++) x[j] = (float) Math.cos(j * 0.11);
    return NdArrays.wrap(Shape.of(4, 64), DataBuffers.of(x, false, false));
  }

  /** The training run of mode {@code train}: small, Adam, shuffled, long enough to be killed in the middle. */
  static Model trainee() {
    Model m = Sequential.builder()
        .input(3)
        .add(new Dense(8).activation(RELU), new Dense(1))
        .seed(9)
        .build();
    m.compile(
        io.tfweave.optimizers.Optimizers.adam(0.01), io.tfweave.losses.Losses.meanSquaredError());
    return m;
  }

  static final int TRAIN_EPOCHS = 300;

  static io.tfweave.training.FitOptions trainOptions(io.tfweave.training.Callback... cbs) {
    return io.tfweave.training.FitOptions.epochs(TRAIN_EPOCHS)
        .batchSize(16)
        .verbose(0)
        .callbacks(cbs);
  }

  static final io.tfweave.data.Dataset TRAIN_DATA =
      io.tfweave.testing.Synthetic.linear(96, new float[] {1, -2, 0.5f}, 0.3f, 0.1, 4);

  /** {@code train <backupDir> <outFile>}: fits with BackupAndRestore, printing "saved <epochs done>", then writes the weights. */
  private static void train(Path backup, Path out) throws IOException {
    try (Model m = trainee()) {
      m.fit(
          TRAIN_DATA,
          trainOptions(
              new io.tfweave.callbacks.BackupAndRestore(backup),
              new io.tfweave.training.Callback() {
                @Override
                public void onEpochEnd(int epoch, java.util.Map<String, Double> logs) {
                  System.out.println("saved " + (epoch + 1));
                  System.out.flush();
                }
              }));
      float[] w = flat(m.getWeights());
      ServingCheckMain.write(out, new long[] {w.length}, w);
    }
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

  public static void main(String[] args) throws IOException {
    if (args[0].equals("train")) {
      train(Path.of(args[1]), Path.of(args[2]));
      return;
    }
    Path target = Path.of(args[1]);
    try (Model m = model()) {
      for (int i = 1; ; i++) {
        m.setWeights(state(m, i));
        if (args[0].equals("weights")) m.saveWeights(target);
        else SavedModels.export(m, target, ExportOptions.defaults().overwrite(true));
        System.out.println("saved " + i);
        System.out.flush();
      }
    }
  }

  /** A running child and the last state it reported saved. */
  static final class Child {
    /** The child's java.io.tmpdir (null: the default); tests set it to check that nothing is written there. */
    static volatile Path tmpDir;

    final Process process;
    private final Thread reader;
    private volatile int lastSaved;

    Child(String mode, Path target, String... more) throws IOException {
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String path = String.join(
          java.io.File.pathSeparator,
          java.util.stream.Stream.of(
                  System.getProperty("jdk.module.path", ""),
                  System.getProperty("java.class.path", ""))
              .filter(s -> !s.isEmpty())
              .toList());
      List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx512m"));
      if (tmpDir != null) cmd.add("-Djava.io.tmpdir=" + tmpDir);
      cmd.addAll(List.of("-cp", path, KillTestMain.class.getName(), mode, target.toString()));
      cmd.addAll(List.of(more));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
      process = pb.start();
      reader = new Thread(() -> read(process.getInputStream()), "kill-test-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read(InputStream in) {
      try (var r =
          new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("saved "))
            lastSaved = Integer.parseInt(line.substring(6).strip());
        }
      } catch (IOException | NumberFormatException e) {
        // the child was killed
      }
    }

    /** Waits for the child to finish on its own; returns its exit code. */
    int awaitExit() throws InterruptedException {
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the child JVM did not finish");
      }
      awaitOutput();
      return process.exitValue();
    }

    /**
     * Waits until the reader has seen the end of the child's output: on a starved machine a shorter wait could leave the
     * last "saved" lines unread and make the test expect an older state than the child reached.
     */
    private void awaitOutput() throws InterruptedException {
      reader.join(120_000);
      if (reader.isAlive())
        throw new IllegalStateException("the child's output was not read to its end within 120 s");
    }

    int lastSaved() {
      return lastSaved;
    }

    /** Waits until the child reported {@code n} saves, then kills it after a random delay of up to {@code maxDelayMs}. */
    int killAfter(int n, int maxDelayMs) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (lastSaved < n) {
        if (!process.isAlive())
          throw new IllegalStateException("the child JVM exited with " + process.exitValue());
        if (System.nanoTime() > deadline)
          throw new IllegalStateException("the child JVM made no progress");
        Thread.sleep(2);
      }
      Thread.sleep(ThreadLocalRandom.current().nextInt(maxDelayMs + 1));
      process.destroyForcibly(); // SIGKILL on Linux
      process.waitFor();
      awaitOutput(); // every line the child printed has been read
      return lastSaved;
    }
  }
}
