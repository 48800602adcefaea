package io.tfweave.examples.quadratic;

import static io.tfweave.activations.Activation.SIGMOID;

import io.tfweave.data.Dataset;
import io.tfweave.data.Synthetic;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.layers.quadratic.QuadraticInitialization;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.plot.DecisionSurfacePlot;
import io.tfweave.plot.Plots;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Experiment 2 of Fan, Cong and Wang: four concentric rings of 60 points, alternately labelled. A second-order 2-3-2-1
 * sigmoid network (60 parameters) against a first-order 2-20-10-1 sigmoid network (281 parameters), over several seeds:
 * how often each reaches 100 % training accuracy, and within how many full-batch iterations. Binary cross-entropy,
 * gradient norm clipped at 1, and two optimizers: SGD with momentum 0.9 (lr 0.1, closest to the paper's plain
 * backpropagation) and Adam (lr 0.01). Draws the decision surfaces of the first seed.
 *
 * <pre>
 * tools/run io.tfweave.examples.quadratic.ConcentricRings --seeds 1-12 --max-iterations 5000 --out target/quadratic
 * </pre>
 * Options: {@code --optimizers sgd,adam}, {@code --lr-sgd 0.1}, {@code --lr-adam 0.01}, {@code --init relinear},
 * {@code --data-seed 0}.
 */
public final class ConcentricRings {
  private ConcentricRings() {}

  public static void main(String[] argv) {
    Map<String, String> a = Experiments.args(argv);
    String[] range = a.getOrDefault("seeds", "1-12").split("-");
    long first = Long.parseLong(range[0]);
    long last = range.length > 1 ? Long.parseLong(range[1]) : first;
    int max = Integer.parseInt(a.getOrDefault("max-iterations", "5000"));
    boolean relinear = a.getOrDefault("init", "random").equals("relinear");
    Path out = Path.of(a.getOrDefault("out", "target/quadratic"));
    Dataset rings =
        Synthetic.concentricRings(4, 60, Long.parseLong(a.getOrDefault("data-seed", "0")));
    System.out.printf(
        Locale.ROOT,
        "Concentric rings: 4 x 60 points, full batch, binary cross-entropy, gradient norm clipped "
            + "at 1, at most %d iterations, seeds %d-%d%n",
        max,
        first,
        last);
    for (String optimizer : a.getOrDefault("optimizers", "sgd,adam").split(",")) {
      boolean sgd = optimizer.equals("sgd");
      double lr = Double.parseDouble(a.getOrDefault("lr-" + optimizer, sgd ? "0.1" : "0.01"));
      System.out.printf(
          Locale.ROOT, "%s, learning rate %s:%n", sgd ? "SGD with momentum 0.9" : "Adam", lr);
      for (boolean second : new boolean[] {true, false}) {
        int n = (int) (last - first + 1);
        double[] its = new double[n];
        int ok = 0;
        StringBuilder row = new StringBuilder();
        long params = 0;
        long t0 = System.nanoTime();
        for (int k = 0; k < n; k++) {
          try (Model m = network(second, relinear, first + k)) {
            params =
                m.weights().stream().mapToLong(io.tfweave.graph.Weight::size).sum();
            Optimizer opt =
                (sgd ? Optimizers.sgd(lr).momentum(0.9) : Optimizers.adam(lr)).clipnorm(1.0);
            m.compile(opt, Losses.binaryCrossentropy(), Metrics.accuracy());
            int it = TwoSpirals.train(m, rings, max);
            its[k] = it;
            if (it > 0) ok++;
            row.append(
                    it > 0
                        ? Integer.toString(it)
                        : String.format(Locale.ROOT, "-(%.3f)", Experiments.accuracy(m, rings)))
                .append(k < n - 1 ? " " : "");
            if (k == 0) {
              Path png = out.resolve(
                  "rings_" + optimizer + "_" + (second ? "second" : "first") + "_order.png");
              Plots.save(
                  new DecisionSurfacePlot(g -> Experiments.probabilities(m, g))
                      .points(Synthetic.points(rings), Synthetic.labels(rings))
                      .bounds(-1.3, 1.3, -1.3, 1.3)
                      .resolution(150)
                      .title("Rings, " + (second ? "second-order 2-3-2-1" : "first-order 2-20-10-1")
                          + ", " + optimizer + ", seed " + first),
                  png,
                  640,
                  560);
            }
          }
        }
        double[] hit = Arrays.stream(its).filter(v -> v > 0).sorted().toArray();
        System.out.printf(
            Locale.ROOT,
            "  %-22s %3d params: %2d/%d seeds reach 100%%, iterations median %s, max %s (%.0f s)%n"
                + "    per seed (-(accuracy) = not within %d): %s%n",
            second ? "second-order 2-3-2-1" : "first-order 2-20-10-1",
            params,
            ok,
            n,
            hit.length == 0 ? "-" : Integer.toString((int) hit[(hit.length - 1) / 2]),
            hit.length == 0 ? "-" : Integer.toString((int) hit[hit.length - 1]),
            (System.nanoTime() - t0) / 1e9,
            max,
            row);
      }
    }
    System.out.println("Decision surfaces of the first seed: " + out.resolve("rings_*.png"));
  }

  /** Second-order 2-3-2-1 or first-order 2-20-10-1, sigmoid everywhere. */
  static Model network(boolean second, boolean relinear, long seed) {
    Sequential s = Sequential.named(second ? "rings_quadratic" : "rings_dense").input(2);
    for (int units : second ? new int[] {3, 2, 1} : new int[] {20, 10, 1}) {
      s.add(
          second
              ? new QuadraticDense(units)
                  .activation(SIGMOID)
                  .initialization(
                      relinear ? QuadraticInitialization.RELINEAR : QuadraticInitialization.RANDOM)
              : new Dense(units).activation(SIGMOID));
    }
    return s.seed(seed).build();
  }
}
