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
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Experiment 1 of Fan, Cong and Wang: a 2-20-20-1 network of second-order sigmoid neurons separates the two spirals
 * (194 points) with 100 % training accuracy. Full-batch training (one step = all 194 points), binary cross-entropy,
 * Adam with learning rate 0.01 and the gradient norm clipped at 1 (without clipping, or with a larger rate, the products of
 * the quadratic neurons make training diverge on some seeds). Prints, per seed, the iterations needed with and without the
 * paper's outer-to-inner curriculum ("divide and conquer": the outer quarter of the spirals first, then the outer half,
 * three quarters, all), and draws the decision surface of the first seed.
 *
 * <pre>
 * tools/run io.tfweave.examples.quadratic.TwoSpirals --seeds 1,2,3,4,5 --max-iterations 20000 --out target/quadratic
 * </pre>
 * Options: {@code --lr 0.01}, {@code --clipnorm 1}, {@code --curriculum only|off|both} (default both),
 * {@code --first-order} (same shape, ordinary neurons, for comparison), {@code --sgd} (SGD with momentum 0.9 instead of
 * Adam), {@code --init relinear}.
 */
public final class TwoSpirals {
  private TwoSpirals() {}

  public static void main(String[] argv) {
    Map<String, String> a = Experiments.args(argv);
    long[] seeds = Arrays.stream(a.getOrDefault("seeds", "1,2,3").split(","))
        .mapToLong(Long::parseLong)
        .toArray();
    double lr = Double.parseDouble(a.getOrDefault("lr", "0.01"));
    int max = Integer.parseInt(a.getOrDefault("max-iterations", "20000"));
    String curriculum = a.getOrDefault("curriculum", "both");
    boolean firstOrder = a.containsKey("first-order");
    boolean sgd = a.containsKey("sgd");
    boolean relinear = a.getOrDefault("init", "random").equals("relinear");
    double clip = Double.parseDouble(a.getOrDefault("clipnorm", "1"));
    Path out = Path.of(a.getOrDefault("out", "target/quadratic"));
    Dataset spirals = Synthetic.twoSpirals();
    System.out.printf(
        Locale.ROOT,
        "Two spirals (%d points), 2-20-20-1 %s sigmoid network, full batch, %s lr %s, clipnorm %s, "
            + "at most %d iterations%n",
        spirals.size(),
        firstOrder ? "FIRST-order" : "second-order",
        sgd ? "SGD (momentum 0.9)" : "Adam",
        lr,
        clip,
        max);
    System.out.println("seed  curriculum  iterations to 100%  final accuracy  seconds");
    for (long seed : seeds) {
      for (boolean cur : new boolean[] {false, true}) {
        if (cur && curriculum.equals("off") || !cur && curriculum.equals("only")) continue;
        long t0 = System.nanoTime();
        try (Model m = network(firstOrder, relinear, seed)) {
          Optimizer opt = sgd ? Optimizers.sgd(lr).momentum(0.9) : Optimizers.adam(lr);
          opt.clipnorm(clip);
          m.compile(opt, Losses.binaryCrossentropy(), Metrics.accuracy());
          int it = cur ? trainCurriculum(m, spirals, max) : train(m, spirals, max);
          double acc = Experiments.accuracy(m, spirals);
          System.out.printf(
              Locale.ROOT,
              "%4d  %-10s  %18s  %14.4f  %7.1f%n",
              seed,
              cur ? "yes" : "no",
              it < 0 ? "not within " + max : Integer.toString(it),
              acc,
              (System.nanoTime() - t0) / 1e9);
          if (seed == seeds[0]) {
            Path png = out.resolve("two_spirals_" + (firstOrder ? "first" : "second") + "_order"
                + (cur ? "_curriculum" : "") + ".png");
            Plots.save(
                new DecisionSurfacePlot(g -> Experiments.probabilities(m, g))
                    .points(Synthetic.points(spirals), Synthetic.labels(spirals))
                    .bounds(0, 1, 0, 1)
                    .resolution(150)
                    .classNames("spiral 0", "spiral 1")
                    .title("Two spirals, " + (firstOrder ? "first" : "second") + "-order 2-20-20-1"
                        + (cur ? ", curriculum" : "")),
                png,
                640,
                560);
            System.out.println("      decision surface: " + png);
          }
        }
      }
    }
  }

  /** The 2-20-20-1 sigmoid network (second-order by default). */
  static Model network(boolean firstOrder, boolean relinear, long seed) {
    Sequential s = Sequential.named("spirals").input(2);
    for (int units : new int[] {20, 20, 1}) {
      s.add(
          firstOrder
              ? new Dense(units).activation(SIGMOID)
              : new QuadraticDense(units)
                  .activation(SIGMOID)
                  .initialization(
                      relinear
                          ? QuadraticInitialization.RELINEAR
                          : QuadraticInitialization.RANDOM));
    }
    return s.seed(seed).build();
  }

  /**
   * Full-batch training until 100 % training accuracy; returns the iterations (updates) used, or -1 if not reached in
   * {@code max}. The accuracy logged during a step is that of the weights before the step, so a hit is confirmed on the
   * updated weights, and training goes on if the last update lost a point.
   */
  static int train(Model m, Dataset d, int max) {
    int used = 0;
    while (used < max) {
      Experiments.StopAtPerfect stop = new Experiments.StopAtPerfect();
      m.fit(
          d,
          FitOptions.epochs(max - used)
              .batchSize(d.size())
              .shuffle(false)
              .verbose(0)
              .callbacks(stop));
      used += stop.epochsRun;
      if (stop.reachedAt < 0) return -1;
      if (Experiments.accuracy(m, d) >= 1.0) return used;
    }
    return -1;
  }

  /**
   * The paper's divide and conquer: train on the outer quarter of each spiral, then the outer half, three quarters and all
   * points, each stage until 100 % on its points; returns the total iterations, or -1 if a stage did not get there.
   */
  static int trainCurriculum(Model m, Dataset d, int max) {
    int total = 0;
    int pairs = d.size() / 2;
    for (int stage = 1; stage <= 4; stage++) {
      Dataset part = d.take(2 * (int) Math.round(pairs * stage / 4.0));
      int it = train(m, part, max - total);
      if (it < 0) return -1;
      total += it;
    }
    return total;
  }
}
