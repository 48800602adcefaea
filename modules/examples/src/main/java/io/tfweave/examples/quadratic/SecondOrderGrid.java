package io.tfweave.examples.quadratic;

import io.tfweave.examples.quadratic.PointSets.Points;
import io.tfweave.examples.quadratic.ReplicaTrainer.Net;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What makes second-order networks train reliably: a grid over data generators, initialisations, input normalisation,
 * optimizers, clipping and learning rates, many seeds each, with success = 100 % training accuracy within a budget of
 * full-batch iterations (default 1,000). Rings: the 40 generators of {@link PointSets#ringGrid()} (4 rings × 60 points)
 * for the second-order 2-3-2-1 and the first-order 2-20-10-1 sigmoid nets; spirals: the paper's set and five
 * scaled/shifted copies for 2-20-20-1 nets. Every (recipe, net) trains all its (generator, seed) pairs at once in one
 * graph ({@link ReplicaTrainer}). Prints, per recipe, the success rate and the median iterations of the successes.
 *
 * <pre>
 * tools/run io.tfweave.examples.quadratic.SecondOrderGrid --stage rings --screen-seeds 2 --seeds 20 --top 6
 * tools/run io.tfweave.examples.quadratic.SecondOrderGrid --stage spirals --screen-seeds 3 --seeds 20 --top 4
 * tools/run io.tfweave.examples.quadratic.SecondOrderGrid --verify      # replicas against Model.fit
 * </pre>
 * Stages: a coarse screen of every recipe with {@code --screen-seeds} seeds per generator, then the {@code --top} best and
 * the named settings with {@code --seeds} seeds. {@code --max-iterations 1000}; {@code --hidden sigmoid|tanh} (the
 * hidden layers' activation), {@code --grid full|small|tiny} (see {@link #recipes}), {@code --nets second,first};
 * {@code --only relinear:norm:adam:0.03:1:1,...} (init:raw|norm:optimizer:lr:clipnorm:quadLr) skips the screen.
 */
public final class SecondOrderGrid {
  private SecondOrderGrid() {}

  static final Net RINGS_SECOND = new Net(new int[] {2, 3, 2, 1}, true, "sigmoid");
  static final Net RINGS_FIRST = new Net(new int[] {2, 20, 10, 1}, false, "sigmoid");
  static final Net SPIRALS_SECOND = new Net(new int[] {2, 20, 20, 1}, true, "sigmoid");
  static final Net SPIRALS_FIRST = new Net(new int[] {2, 20, 20, 1}, false, "sigmoid");

  public static void main(String[] argv) {
    Map<String, String> a = Experiments.args(argv);
    int max = Integer.parseInt(a.getOrDefault("max-iterations", "1000"));
    if (a.containsKey("verify")) {
      verify(max);
      return;
    }
    int screen = Integer.parseInt(a.getOrDefault("screen-seeds", "2"));
    int seeds = Integer.parseInt(a.getOrDefault("seeds", "20"));
    int top = Integer.parseInt(a.getOrDefault("top", "6"));
    String stage = a.getOrDefault("stage", "rings");
    int chunk = Integer.parseInt(a.getOrDefault("chunk", "16"));
    boolean spirals = stage.equals("spirals");
    String hidden = a.getOrDefault("hidden", "sigmoid");
    List<Recipe> grid = recipes(a.getOrDefault("grid", "full"));
    List<String> nets = List.of(a.getOrDefault("nets", "second,first").split(","));
    for (String which : nets) {
      boolean second = which.equals("second");
      Net net = spirals
          ? (second ? SPIRALS_SECOND : SPIRALS_FIRST)
          : (second ? RINGS_SECOND : RINGS_FIRST);
      net = net.withHidden(hidden);
      List<Recipe> rs = second ? grid : firstOrder(grid);
      if (a.containsKey("recipes")) rs = rs.subList(0, Integer.parseInt(a.get("recipes")));
      System.out.printf(
          Locale.ROOT,
          "%n== %s on %s: screen of %d recipes, %d seed(s) per generator, <= %d iterations%n",
          net.label(),
          spirals ? "two spirals (6 copies)" : "rings (40 generators)",
          rs.size(),
          screen,
          max);
      if (a.containsKey("only")) {
        List<Recipe> only = new ArrayList<>();
        for (String spec : a.get("only").split(",")) {
          String[] f = spec.split(":");
          only.add(new Recipe(
              f[0],
              f[1].equals("norm"),
              f[2],
              Double.parseDouble(f[3]),
              Double.parseDouble(f[4]),
              Double.parseDouble(f[5])));
        }
        System.out.printf(Locale.ROOT, "%n== %s, %d seeds per generator%n", net.label(), seeds);
        List<Row> fin = runAll(net, only, spirals, seeds, 1000, max, 1);
        fin.sort(Row.ORDER);
        table(fin);
        perGenerator(fin.get(0), spirals);
        continue;
      }
      List<Row> rows = runAll(net, rs, spirals, screen, 0, max, chunk);
      rows.sort(Row.ORDER);
      table(rows);
      List<Recipe> finals = new ArrayList<>();
      for (int i = 0; i < Math.min(top, rows.size()); i++) finals.add(rows.get(i).recipe);
      for (Recipe named : named(spirals, second)) if (!finals.contains(named)) finals.add(named);
      System.out.printf(
          Locale.ROOT,
          "%n== %s: the %d best and the named settings, %d seeds per generator%n",
          net.label(),
          Math.min(top, rows.size()),
          seeds);
      List<Row> fin = runAll(net, finals, spirals, seeds, 1000, max, Math.max(1, chunk / 10));
      fin.sort(Row.ORDER);
      table(fin);
      perGenerator(fin.get(0), spirals);
    }
  }

  /**
   * The screened recipes. {@code full}: 6 initialisations (random, random_bg1, relinear and relinear_noise, the last two
   * also with quadLr 0.1) × normalisation × (SGD momentum 0.1/0.3/1, Adam 0.01/0.03/0.1) × clipnorm none/1 (144);
   * {@code small}: the 4 initialisations at quadLr 1 × normalisation × (SGD 0.1/0.3, Adam 0.01/0.03/0.1) × clipnorm (80);
   * {@code tiny}: random and relinear × normalisation × (SGD 0.1, Adam 0.01/0.03) × clipnorm 1 (12).
   */
  static List<Recipe> recipes(String size) {
    boolean full = size.equals("full");
    boolean tiny = size.equals("tiny");
    String[][] inits = full
        ? new String[][] {
          {"random", "1"},
          {"random_bg1", "1"},
          {"relinear", "1"},
          {"relinear", "0.1"},
          {"relinear_noise", "1"},
          {"relinear_noise", "0.1"}
        }
        : tiny
            ? new String[][] {{"random", "1"}, {"relinear", "1"}}
            : new String[][] {
              {"random", "1"}, {"random_bg1", "1"}, {"relinear", "1"}, {"relinear_noise", "1"}
            };
    double[] sgd =
        full ? new double[] {0.1, 0.3, 1.0} : tiny ? new double[] {0.1} : new double[] {0.1, 0.3};
    double[] adam = tiny ? new double[] {0.01, 0.03} : new double[] {0.01, 0.03, 0.1};
    double[] clips = tiny ? new double[] {1} : new double[] {0, 1};
    List<Recipe> out = new ArrayList<>();
    for (String[] init : inits)
      for (boolean norm : new boolean[] {false, true})
        for (String opt : new String[] {"sgd", "adam"})
          for (double lr : opt.equals("sgd") ? sgd : adam)
            for (double clip : clips)
              out.add(new Recipe(init[0], norm, opt, lr, clip, Double.parseDouble(init[1])));
    return out;
  }

  /** The same grid for a first-order net (initialisation does not apply). */
  static List<Recipe> firstOrder(List<Recipe> grid) {
    return grid.stream()
        .filter(r -> r.init().equals("random") && r.quadLr() == 1)
        .map(r -> new Recipe("glorot", r.normalize(), r.optimizer(), r.lr(), r.clipnorm(), 1))
        .toList();
  }

  /** The settings the issue measured: SGD momentum 0.9, lr 0.1, clipnorm 1; Adam 0.01 with clipnorm 1; random init. */
  static List<Recipe> named(boolean spirals, boolean second) {
    String init = second ? "random" : "glorot";
    return List.of(
        new Recipe(init, false, "sgd", 0.1, 1, 1), new Recipe(init, false, "adam", 0.01, 1, 1));
  }

  record Row(Recipe recipe, int[] hits, List<String> names, double seconds) {
    static final Comparator<Row> ORDER =
        Comparator.comparingInt((Row r) -> -r.ok()).thenComparingInt(Row::median);

    int ok() {
      return (int) Arrays.stream(hits).filter(h -> h >= 0).count();
    }

    int median() {
      int[] s = Arrays.stream(hits).filter(h -> h >= 0).sorted().toArray();
      return s.length == 0 ? Integer.MAX_VALUE : s[(s.length - 1) / 2];
    }

    int p90() {
      int[] s =
          Arrays.stream(hits).map(h -> h < 0 ? Integer.MAX_VALUE : h).sorted().toArray();
      return s[(int) Math.ceil(0.9 * s.length) - 1];
    }
  }

  /** Trains every (generator, seed) pair of one recipe at once; seeds are {@code base + 1 .. base + count}. */
  static Row run(Net net, Recipe recipe, boolean spirals, int count, long base, int max) {
    return run(net, List.of(recipe), spirals, count, base, max).get(0);
  }

  /**
   * Trains every (recipe, generator, seed) triple in one graph (the recipes share optimizer, rate and quadLr); seeds are
   * {@code base + 1 .. base + count}. Returns one row per recipe.
   */
  static List<Row> run(
      Net net, List<Recipe> recipes, boolean spirals, int count, long base, int max) {
    long t0 = System.nanoTime();
    List<Points> sets = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    List<Recipe> per = new ArrayList<>();
    for (Recipe r : recipes) {
      for (long s = base + 1; s <= base + count; s++) {
        if (spirals) {
          for (PointSets.Spirals g : PointSets.spiralGrid()) sets.add(g.generate());
        } else {
          for (PointSets.Rings g : PointSets.ringGrid()) sets.add(g.generate(s));
        }
        while (seeds.size() < sets.size()) {
          seeds.add(s);
          per.add(r);
        }
      }
    }
    int[] hits = ReplicaTrainer.train(
        net, per, sets, seeds.stream().mapToLong(Long::longValue).toArray(), max);
    double seconds = (System.nanoTime() - t0) / 1e9;
    int each = sets.size() / recipes.size();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < recipes.size(); i++) {
      Row row = new Row(
          recipes.get(i),
          Arrays.copyOfRange(hits, i * each, (i + 1) * each),
          sets.subList(i * each, (i + 1) * each).stream().map(Points::name).toList(),
          seconds);
      rows.add(row);
      System.err.printf(
          Locale.ROOT,
          "  [%s] %s: %d/%d (%.1f s for %d replicas)%n",
          net.label(),
          row.recipe.label(),
          row.ok(),
          each,
          seconds,
          sets.size());
    }
    return rows;
  }

  /** Splits recipes into groups that can share one graph (same optimizer, rate, quadLr). */
  static List<List<Recipe>> groups(List<Recipe> recipes) {
    Map<String, List<Recipe>> g = new java.util.LinkedHashMap<>();
    for (Recipe r : recipes)
      g.computeIfAbsent(r.optimizer() + r.lr() + "/" + r.quadLr(), k -> new ArrayList<>())
          .add(r);
    return new ArrayList<>(g.values());
  }

  static List<Row> runAll(
      Net net, List<Recipe> recipes, boolean spirals, int count, long base, int max, int chunk) {
    List<Row> rows = new ArrayList<>();
    for (List<Recipe> group : groups(recipes)) {
      for (int i = 0; i < group.size(); i += chunk)
        rows.addAll(run(
            net, group.subList(i, Math.min(group.size(), i + chunk)), spirals, count, base, max));
    }
    return rows;
  }

  static void table(List<Row> rows) {
    System.out.println(
        "  recipe                                                    success      median  p90");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "  %-56s %4d/%-4d %5.1f%%  %6s  %s%n",
          r.recipe.label(),
          r.ok(),
          r.hits.length,
          100.0 * r.ok() / r.hits.length,
          r.median() == Integer.MAX_VALUE ? "-" : Integer.toString(r.median()),
          r.p90() == Integer.MAX_VALUE ? ">max" : Integer.toString(r.p90()));
    }
  }

  /** Success per generator for one row (the best recipe), to show where it fails. */
  static void perGenerator(Row best, boolean spirals) {
    System.out.println("  per generator, best recipe " + best.recipe.label() + ":");
    Map<String, int[]> by = new java.util.LinkedHashMap<>();
    for (int i = 0; i < best.hits.length; i++) {
      int[] c = by.computeIfAbsent(best.names.get(i), k -> new int[2]);
      c[1]++;
      if (best.hits[i] >= 0) c[0]++;
    }
    StringBuilder line = new StringBuilder();
    int col = 0;
    for (var e : by.entrySet()) {
      line.append(String.format(
          Locale.ROOT, "    %-30s %2d/%-2d", e.getKey(), e.getValue()[0], e.getValue()[1]));
      if (++col % 3 == 0) {
        System.out.println(line);
        line.setLength(0);
      }
    }
    if (line.length() > 0) System.out.println(line);
  }

  /** Replicas against Model.fit on a few (generator, seed, recipe) cases: the first 100 % iteration must agree. */
  static void verify(int max) {
    List<PointSets.Rings> gens = PointSets.ringGrid();
    Recipe[] recipes = {
      new Recipe("random", false, "sgd", 0.1, 1, 1),
      new Recipe("relinear", true, "adam", 0.03, 0, 1),
      new Recipe("random", true, "adam", 0.01, 1, 1),
      new Recipe("relinear", true, "adam", 0.03, 1, 1)
    };
    int agree = 0;
    int total = 0;
    for (Recipe r : recipes) {
      Net net = RINGS_SECOND.withHidden(
          r.clipnorm() > 0 && r.init().equals("relinear") ? "tanh" : "sigmoid");
      for (long seed : new long[] {1, 2}) {
        List<Points> sets = List.of(gens.get(20).generate(seed), gens.get(5).generate(seed));
        int[] rep = ReplicaTrainer.train(net, r, sets, new long[] {seed, seed}, max);
        for (int i = 0; i < sets.size(); i++) {
          int fit = ReplicaCheck.fit(net, r, sets.get(i), seed, max);
          total++;
          if (agree(fit, rep[i])) agree++;
          System.out.printf(
              Locale.ROOT,
              "  %s %s | %s seed %d: replica %d, Model.fit %d%n",
              net.hidden(),
              r.label(),
              sets.get(i).name(),
              seed,
              rep[i],
              fit);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "verify: %d of %d cases agree (same iteration, or within 2 %%)%n",
        agree,
        total);
  }

  /**
   * Whether a replica's first 100 % iteration matches Model.fit's: both missed, or equal up to 2 % (at least 2 iterations):
   * the fused op rounds differently from autodiff, which can shift a hit that lies on the edge.
   */
  static boolean agree(int fit, int replica) {
    if (fit < 0 || replica < 0) return fit == replica;
    return Math.abs(fit - replica) <= Math.max(2, 0.02 * fit);
  }
}
