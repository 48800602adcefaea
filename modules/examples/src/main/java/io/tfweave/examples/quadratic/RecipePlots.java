package io.tfweave.examples.quadratic;

import static io.tfweave.activations.Activation.SIGMOID;
import static io.tfweave.activations.Activation.TANH;

import io.tfweave.data.Dataset;
import io.tfweave.data.Synthetic;
import io.tfweave.examples.quadratic.PointSets.Points;
import io.tfweave.layers.preprocessing.Normalization;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.layers.quadratic.QuadraticInitialization;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.plot.DecisionSurfacePlot;
import io.tfweave.plot.Plots;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decision surfaces of the recommended recipe against the paper's form, trained through the library ({@code Model.fit}):
 * on rings of scale 0.1 and 10 (off-centre) and on the two spirals and a ×10 copy. Recipe: {@code Normalization} adapted
 * on the set, {@code QuadraticDense} with the default (ReLinear) initialisation, tanh hidden layers, Adam 0.03 with
 * clipnorm 1. Paper's form: no normalisation, random initialisation, sigmoid everywhere, SGD momentum 0.9, lr 0.1,
 * clipnorm 1 (the documented setting). Both at most 1,000 full-batch iterations, seed 1.
 *
 * <pre>
 * tools/run io.tfweave.examples.quadratic.RecipePlots --out target/quadratic
 * </pre>
 */
public final class RecipePlots {
  private RecipePlots() {}

  public static void main(String[] argv) {
    Map<String, String> a = Experiments.args(argv);
    Path out = Path.of(a.getOrDefault("out", "target/quadratic"));
    int max = Integer.parseInt(a.getOrDefault("max-iterations", "1000"));
    List<Points> sets = List.of(
        new PointSets.Rings(0.1, true, true, false).generate(1),
        new PointSets.Rings(10, true, false, true).generate(1),
        new PointSets.Spirals(1, 0.5, 0.5).generate(),
        new PointSets.Spirals(10, 5, 5).generate());
    System.out.println("set                                    form     iterations to 100 %  plot");
    for (Points p : sets) {
      boolean rings = p.name().startsWith("rings");
      int[] units = rings ? new int[] {3, 2, 1} : new int[] {20, 20, 1};
      for (boolean recipe : new boolean[] {true, false}) {
        Dataset d = p.dataset();
        try (Model m = network(d, units, recipe)) {
          m.compile(
              recipe
                  ? Optimizers.adam(0.03).clipnorm(1.0)
                  : Optimizers.sgd(0.1).momentum(0.9).clipnorm(1.0),
              Losses.binaryCrossentropy(),
              Metrics.accuracy());
          int it = TwoSpirals.train(m, d, max);
          String file =
              (p.name().replaceAll("[^a-z0-9.]+", "_") + (recipe ? "_recipe" : "_paper")) + ".png";
          double[] b = bounds(p);
          Plots.save(
              new DecisionSurfacePlot(g -> Experiments.probabilities(m, g))
                  .points(Synthetic.points(d), Synthetic.labels(d))
                  .bounds(b[0], b[1], b[2], b[3])
                  .resolution(150)
                  .title(p.name() + ", " + (recipe ? "recipe" : "paper's form")
                      + (it > 0 ? ", 100 % at " + it : ", not 100 % in " + max)),
              out.resolve(file),
              640,
              560);
          System.out.printf(
              Locale.ROOT,
              "%-38s %-8s %19s  %s%n",
              p.name(),
              recipe ? "recipe" : "paper",
              it > 0
                  ? Integer.toString(it)
                  : String.format(Locale.ROOT, "- (%.3f)", Experiments.accuracy(m, d)),
              out.resolve(file));
        }
      }
    }
  }

  static Model network(Dataset d, int[] units, boolean recipe) {
    Sequential s = Sequential.named(recipe ? "recipe" : "paper").input(2);
    if (recipe) s.add(new Normalization().adapt(d.inputs().get(0)));
    for (int i = 0; i < units.length; i++) {
      boolean last = i == units.length - 1;
      s.add(new QuadraticDense(units[i])
          .activation(last || !recipe ? SIGMOID : TANH)
          .initialization(
              recipe ? QuadraticInitialization.RELINEAR : QuadraticInitialization.RANDOM));
    }
    return s.seed(1).build();
  }

  private static double[] bounds(Points p) {
    double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
    float[] x = p.x();
    for (int i = 0; i < x.length; i += 2) {
      b[0] = Math.min(b[0], x[i]);
      b[1] = Math.max(b[1], x[i]);
      b[2] = Math.min(b[2], x[i + 1]);
      b[3] = Math.max(b[3], x[i + 1]);
    }
    double mx = 0.1 * (b[1] - b[0]);
    double my = 0.1 * (b[3] - b[2]);
    return new double[] {b[0] - mx, b[1] + mx, b[2] - my, b[3] + my};
  }
}
