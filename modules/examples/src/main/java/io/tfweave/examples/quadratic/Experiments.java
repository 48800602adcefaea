package io.tfweave.examples.quadratic;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.models.Model;
import io.tfweave.training.Callback;
import io.tfweave.training.TrainingControl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the second-order experiments: argument parsing, early stop at 100 % accuracy, and plot scoring. */
final class Experiments {
  private Experiments() {}

  /** Parses {@code --key value} pairs (and bare {@code --flag} as "true"). */
  static Map<String, String> args(String[] argv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--"))
        throw new IllegalArgumentException("Expected --key value, got " + argv[i]);
      String k = argv[i].substring(2);
      if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) m.put(k, argv[++i]);
      else m.put(k, "true");
    }
    return m;
  }

  /** Stops training at the end of the first epoch whose training accuracy is 100 %, remembering that epoch (1-based). */
  static final class StopAtPerfect implements Callback {
    private TrainingControl control;
    int reachedAt = -1;
    int epochsRun;

    @Override
    public void onTrainBegin(TrainingControl c) {
      control = c;
      reachedAt = -1;
      epochsRun = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      epochsRun = epoch + 1;
      if (logs.getOrDefault("accuracy", 0.0) >= 1.0) {
        reachedAt = epoch + 1;
        control.requestStop();
      }
    }
  }

  /** P(class 1) of a model with one sigmoid output, for every row of {@code grid}. */
  static double[] probabilities(Model m, double[][] grid) {
    float[] x = new float[grid.length * 2];
    for (int i = 0; i < grid.length; i++) {
      x[2 * i] = (float) grid[i][0];
      x[2 * i + 1] = (float) grid[i][1];
    }
    float[] p = m.predictArrays(List.of(HostArray.ofFloats(x, grid.length, 2)), 4096)
        .get(0)
        .floats();
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) out[i] = p[i];
    return out;
  }

  /** Training accuracy of a one-sigmoid-output model on {@code d} (threshold 0.5), computed from predictions. */
  static double accuracy(Model m, Dataset d) {
    float[] p = m.predictArrays(d.inputs(), 4096).get(0).floats();
    float[] y = d.targets().asFloat().floats();
    int ok = 0;
    for (int i = 0; i < y.length; i++) if ((p[i] > 0.5f) == (y[i] > 0.5f)) ok++;
    return ok / (double) y.length;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  static double std(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return v.length > 1 ? Math.sqrt(s / (v.length - 1)) : 0;
  }
}
