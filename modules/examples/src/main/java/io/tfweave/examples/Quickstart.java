package io.tfweave.examples;

import static io.tfweave.activations.Activation.SIGMOID;

import io.tfweave.callbacks.CsvLogger;
import io.tfweave.callbacks.TensorBoard;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.Synthetic;
import io.tfweave.layers.Layer;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.preprocessing.Normalization;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.plot.DecisionSurfacePlot;
import io.tfweave.plot.Plots;
import io.tfweave.saving.ExportOptions;
import io.tfweave.saving.SavedModelExporter;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import io.tfweave.training.TrainingControl;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The README's main job: trains a second-order (quadratic) 2-20-20-1 network and a first-order one on the two-spirals
 * problem (generated, no download), each after a {@code Normalization} layer adapted on the points (the quadratic layers'
 * recipe: their default ReLinear initialisation needs normalised inputs to train reliably), prints their accuracy, and writes decision-surface PNGs, history CSVs, TensorBoard logs
 * and a SavedModel under {@code savedmodels/}.
 *
 * <p>{@code tools/quickstart [--epochs 10000] [--out target/quickstart]}
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {
    Map<String, String> a = Args.parse(
        args, Map.of("epochs", "10000", "out", "target/quickstart", "savedmodels", "savedmodels"));
    int epochs = Integer.parseInt(a.get("epochs"));
    Path out = Path.of(a.get("out"));
    Dataset spirals = Synthetic.twoSpirals();
    System.out.printf(
        "Two spirals: %d points (Fan, Cong & Wang), full-batch Adam (lr 0.01, clipnorm 1), up to %d epochs%n%n",
        spirals.size(), epochs);
    double[] acc = new double[2];
    String[] names = {"second_order", "first_order"};
    for (int k = 0; k < 2; k++) {
      boolean quadratic = k == 0;
      IntFunction<Layer> layer = units -> quadratic
          ? new QuadraticDense(units).activation(SIGMOID)
          : new Dense(units).activation(SIGMOID);
      try (Model m = Sequential.named("spirals_" + names[k])
          .input(2)
          .add(new Normalization().adapt(spirals.inputs().get(0))) // zero mean, unit variance
          .add(layer.apply(20), layer.apply(20), layer.apply(1))
          .seed(1)
          .build()) {
        System.out.printf(
            "%s network 2-20-20-1: %,d parameters%n",
            quadratic ? "Second-order" : "First-order", m.countParams());
        m.compile(
            Optimizers.adam(0.01).clipnorm(1.0), Losses.binaryCrossentropy(), Metrics.accuracy());
        Path run = out.resolve(names[k]);
        History h = m.fit(
            spirals,
            FitOptions.epochs(epochs)
                .batchSize(spirals.size())
                .verbose(0)
                .callbacks(
                    new EpochBar(names[k]),
                    new StopAtPerfectAccuracy(),
                    new CsvLogger(run.resolve("history.csv")),
                    new TensorBoard(out.resolve("logs").resolve(names[k]))));
        acc[k] = m.evaluate(spirals).get("accuracy");
        System.out.printf(
            Locale.ROOT, "  training accuracy %.4f after %d epochs%n", acc[k], h.size());
        double[][] pts = Synthetic.points(spirals);
        Plots.save(
            new DecisionSurfacePlot(grid -> predict(m, grid))
                .points(pts, Synthetic.labels(spirals))
                .bounds(0, 1, 0, 1)
                .title((quadratic ? "Second-order" : "First-order") + " 2-20-20-1, accuracy "
                    + String.format(Locale.ROOT, "%.3f", acc[k])),
            run.resolve("decision_surface.png"),
            640,
            560);
        if (quadratic) {
          Path saved = SavedModelExporter.exportVersion(
              m,
              Path.of(a.get("savedmodels")).resolve("spirals_second_order"),
              1,
              ExportOptions.defaults().overwrite(true));
          System.out.println("  SavedModel: " + saved);
        }
        System.out.println(
            "  wrote " + run.resolve("decision_surface.png") + ", " + run.resolve("history.csv"));
      }
    }
    System.out.printf(
        Locale.ROOT, "%nSecond-order accuracy %.4f, first-order accuracy %.4f%n", acc[0], acc[1]);
    System.out.println("TensorBoard logs: " + out.resolve("logs") + "  (tensorboard --logdir "
        + out.resolve("logs") + ")");
  }

  static double[] predict(Model m, double[][] grid) {
    float[] x = new float[grid.length * 2];
    for (int i = 0; i < grid.length; i++) {
      x[2 * i] = (float) grid[i][0];
      x[2 * i + 1] = (float) grid[i][1];
    }
    float[] p = m.predictArrays(List.of(HostArray.ofFloats(x, grid.length, 2)), 4096)
        .get(0)
        .floats();
    double[] r = new double[p.length];
    for (int i = 0; i < p.length; i++) r[i] = p[i];
    return r;
  }

  /**
   * Stops once every training point has been classified correctly for 25 epochs in a row (a step's accuracy is measured
   * before its own update, so one perfect epoch does not guarantee perfect weights after it).
   */
  static final class StopAtPerfectAccuracy implements Callback {
    private static final int STREAK = 25;
    private TrainingControl control;
    private int streak;

    @Override
    public void onTrainBegin(TrainingControl c) {
      control = c;
      streak = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      streak = logs.get("accuracy") >= 1.0 ? streak + 1 : 0;
      if (streak >= STREAK) control.requestStop();
    }
  }

  /** A one-line progress bar over epochs (full-batch training has one step per epoch). */
  static final class EpochBar implements Callback {
    private final String name;
    private final boolean terminal = System.console() != null;
    private int epochs;
    private long lastDraw;
    private int lastDecile = -1;

    EpochBar(String name) {
      this.name = name;
    }

    @Override
    public void onTrainBegin(TrainingControl c) {
      epochs = c.epochs();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      int done = epoch + 1;
      int decile = done * 10 / epochs;
      long now = System.nanoTime();
      boolean draw = terminal ? now - lastDraw > 100_000_000L : decile != lastDecile;
      if (!draw && !(logs.get("accuracy") >= 1.0)) return;
      lastDraw = now;
      lastDecile = decile;
      int filled = done * 30 / epochs;
      String bar = "=".repeat(Math.max(0, filled - 1)) + ">" + ".".repeat(30 - Math.max(1, filled));
      String line = String.format(
          Locale.ROOT,
          "  %s %5d/%d [%s] - loss: %.4f - accuracy: %.4f",
          name,
          done,
          epochs,
          bar,
          logs.get("loss"),
          logs.get("accuracy"));
      System.out.print(terminal ? "\r" + line : line + "\n");
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
      if (terminal) System.out.println();
    }
  }
}
