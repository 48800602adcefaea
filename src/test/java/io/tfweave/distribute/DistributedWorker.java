package io.tfweave.distribute;

import static io.tfweave.activations.Activation.*;

import io.tfweave.callbacks.BackupAndRestore;
import io.tfweave.callbacks.CsvLogger;
import io.tfweave.callbacks.ModelCheckpoint;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.normalization.BatchNormalization;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One worker of the multi-worker tests, started by {@code tools/launch-local} with {@code TF_CONFIG}: {@code exact OUT}
 * trains the three reference models; {@code long OUT TIMEOUT_MS} trains until stopped, printing each epoch; {@code backup OUT
 * DIE_AT} trains 6 epochs with BackupAndRestore, worker 1 halting itself after epoch DIE_AT when it is >= 0.
 */
public final class DistributedWorker {
  static final int N = 640;
  static final int GLOBAL_BATCH = 64;

  private DistributedWorker() {}

  /** Deterministic regression data (the same on every worker and in the test). */
  static Dataset data() {
    Random r = new Random(42);
    float[] x = new float[N * 3];
    float[] y = new float[N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < 3; j++) x[i * 3 + j] = (float) r.nextGaussian();
      y[i] = (float) (x[i * 3]
          - 2 * x[i * 3 + 1]
          + 0.5 * Math.sin(3 * x[i * 3 + 2])
          + 0.05 * r.nextGaussian());
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, N, 3)), HostArray.ofFloats(y, N, 1));
  }

  /** The models: {@code sgd} and {@code adam} MLPs, {@code bn} with BatchNormalization. */
  static Model model(String kind, Strategy s) {
    Sequential b = Sequential.named(kind).input(3);
    if (kind.equals("bn"))
      b.add(new Dense(16), new BatchNormalization(), new Dense(16).activation(TANH));
    else b.add(new Dense(16).activation(TANH));
    Model m = b.add(new Dense(1)).seed(7).build();
    m.distribute(s);
    m.compile(
        kind.equals("sgd") ? Optimizers.sgd(0.05) : Optimizers.adam(0.01),
        Losses.meanSquaredError());
    return m;
  }

  public static void main(String[] args) throws Exception {
    Strategy s = Strategy.fromTfConfig();
    Path out = Path.of(args[1]);
    Files.createDirectories(out);
    switch (args[0]) {
      case "exact" -> exact(s, out);
      case "long" -> longRun(s.operationTimeoutMillis(Long.parseLong(args[2])), out);
      case "backup" -> backup(s, out, Integer.parseInt(args[2]));
      default -> throw new IllegalArgumentException("mode " + args[0]);
    }
  }

  static void exact(Strategy s, Path out) throws Exception {
    for (String kind : List.of("sgd", "adam", "bn")) {
      try (Model m = model(kind, s)) {
        Path files = out.resolve("files-" + s.rank());
        List<Callback> cbs = kind.equals("sgd")
            ? List.of(
                new CsvLogger(files.resolve("log.csv")),
                new ModelCheckpoint(files.resolve("ckpt-{epoch}").toString()))
            : List.of();
        FitOptions o = FitOptions.epochs(30)
            .batchSize(GLOBAL_BATCH)
            .verbose(0)
            .callbacks(cbs.toArray(Callback[]::new));
        History h = m.fit(data(), o);
        if (kind.equals("sgd")) {
          m.export(files.resolve("export"));
          m.saveWeights(files.resolve("weights"));
        }
        write(out.resolve(kind + "-" + s.rank() + ".txt"), h.get("loss"), m);
      }
    }
    try (Model m = model("adam", s)) {
      History h = m.fit(
          pipeline(s), FitOptions.epochs(30).stepsPerEpoch(N / GLOBAL_BATCH).verbose(0));
      write(out.resolve("pipeline-" + s.rank() + ".txt"), h.get("loss"), m);
    }
  }

  /** The data as a pipeline: this worker's shard in batches of its share of the global batch, repeated. */
  static io.tfweave.data.pipeline.Pipeline pipeline(Strategy s) {
    return io.tfweave.data.pipeline.Pipeline.fromDataset(data())
        .shard(s.count(), s.rank())
        .batch(GLOBAL_BATCH / s.count())
        .repeat();
  }

  static void longRun(Strategy s, Path out) {
    try (Model m = model("adam", s)) {
      FitOptions o = FitOptions.epochs(100_000).batchSize(GLOBAL_BATCH).verbose(0);
      o.callbacks(new Callback() {
        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
          System.out.println("epoch " + epoch);
        }
      });
      m.fit(data(), o);
    } catch (RuntimeException e) {
      System.out.println(
          "FAILED " + System.currentTimeMillis() + " " + e.getClass().getSimpleName() + ": "
              + e.getMessage().lines().findFirst().orElse(""));
      System.exit(1);
    }
  }

  static void backup(Strategy s, Path out, int dieAt) throws Exception {
    try (Model m = model("adam", s)) {
      FitOptions o = FitOptions.epochs(6).batchSize(GLOBAL_BATCH).verbose(0);
      BackupAndRestore backup = new BackupAndRestore(out.resolve("backup"));
      o.callbacks(backup, new Callback() {
        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
          System.out.println("epoch " + epoch);
          if (epoch == dieAt && s.rank() == 1) Runtime.getRuntime().halt(9);
        }
      });
      try {
        m.fit(data(), o);
      } catch (RuntimeException e) {
        System.out.println("FAILED " + e.getClass().getSimpleName() + ": "
            + e.getMessage().lines().findFirst().orElse(""));
        System.exit(1);
      }
      System.out.println("restored epoch " + backup.restoredEpoch());
      write(out.resolve("backup-" + s.rank() + ".txt"), List.of(), m);
    }
  }

  /** The losses on the first line, then one line per weight. */
  static void write(Path file, List<Double> losses, Model m) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(" ", losses.stream().map(String::valueOf).toList()));
    for (Weight w : m.weights()) {
      StringBuilder b = new StringBuilder();
      for (float f : m.weightValue(w)) b.append(Float.floatToIntBits(f)).append(' ');
      lines.add(b.toString().trim());
    }
    Files.write(file, lines);
  }
}
