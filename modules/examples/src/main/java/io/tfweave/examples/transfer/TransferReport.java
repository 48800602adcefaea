package io.tfweave.examples.transfer;

import io.tfweave.data.FashionMnist;
import io.tfweave.plot.ConfusionMatrixPlot;
import io.tfweave.plot.Plots;
import io.tfweave.plot.TrainingCurves;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The transfer protocol's results: one run per (case, seed), printed as the seed's table, mean ± std over seeds. */
final class TransferReport {
  static final String[] NAMES = FashionMnist.CLASS_NAMES.subList(5, 10).toArray(String[]::new);

  /** One run: a case on one seed's target sample. */
  record Run(
      String name,
      long seed,
      long trainable,
      double lr,
      double seconds,
      double accuracy,
      double loss,
      Map<String, List<Double>> history,
      int[][] cm) {}

  private final List<Run> runs = new ArrayList<>();

  void add(Run r) {
    runs.add(r);
  }

  /** Mean test accuracy of case {@code name} over its seeds. */
  double mean(String name) {
    return runs.stream()
        .filter(r -> r.name().equals(name))
        .mapToDouble(Run::accuracy)
        .average()
        .orElse(Double.NaN);
  }

  private double std(String name) {
    double m = mean(name);
    List<Run> rs = runs.stream().filter(r -> r.name().equals(name)).toList();
    if (rs.size() < 2) return 0;
    double ss =
        rs.stream().mapToDouble(r -> (r.accuracy() - m) * (r.accuracy() - m)).sum();
    return Math.sqrt(ss / (rs.size() - 1));
  }

  private List<String> cases() {
    return runs.stream().map(Run::name).distinct().toList();
  }

  void print(Options o) {
    System.out.println();
    System.out.println(
        "| case | trainable params | epochs | lr | train time per run | test accuracy (mean ± std over "
            + o.seeds + " seeds) | per seed | vs (c) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---|---:|");
    List<String> cases = cases();
    double scratch = mean(cases.get(cases.size() - 1));
    for (String c : cases) {
      List<Run> rs = runs.stream().filter(r -> r.name().equals(c)).toList();
      StringBuilder per = new StringBuilder();
      for (Run r : rs)
        per.append(per.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%.3f", r.accuracy()));
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d | %d | %s | %.1f s | %.3f ± %.3f | %s | %+.1f points |%n",
          c,
          rs.get(0).trainable(),
          o.epochs,
          String.format(Locale.ROOT, "%.0e", rs.get(0).lr()).replace("e-0", "e-"),
          rs.stream().mapToDouble(Run::seconds).average().orElse(0),
          mean(c),
          std(c),
          per,
          100 * (mean(c) - scratch));
    }
  }

  /** Test-accuracy curves (mean over seeds per epoch) of every case, and the confusion matrix of the best run. */
  void save(Options o) throws IOException {
    Files.createDirectories(o.out);
    Map<String, Map<String, List<Double>>> curves = new LinkedHashMap<>();
    for (String c : cases()) {
      List<Run> rs = runs.stream().filter(r -> r.name().equals(c)).toList();
      Map<String, List<Double>> mean = new LinkedHashMap<>();
      for (String key : List.of("accuracy", "val_accuracy", "loss", "val_loss")) {
        List<Double> m = new ArrayList<>();
        for (int e = 0; e < o.epochs; e++) {
          final int epoch = e;
          m.add(rs.stream()
              .mapToDouble(r -> r.history().get(key).get(epoch))
              .average()
              .orElse(0));
        }
        mean.put(key, m);
      }
      curves.put(c, mean);
    }
    Path png = o.out.resolve("transfer_curves.png");
    Plots.save(TrainingCurves.compare(curves).metrics("val_accuracy", "val_loss"), png, 1100, 450);
    Run best =
        runs.stream().max(java.util.Comparator.comparingDouble(Run::accuracy)).orElseThrow();
    System.out.println();
    System.out.println("Confusion matrix of the best run, " + best.name() + " seed " + best.seed()
        + String.format(
            Locale.ROOT,
            " (test accuracy %.3f; rows: true class, columns: predicted)",
            best.accuracy()));
    System.out.println(format(best.cm()));
    Path cm = o.out.resolve("transfer_confusion_best.png");
    Plots.save(
        new ConfusionMatrixPlot(best.cm())
            .classNames(NAMES)
            .title("Fashion-MNIST 5-9, " + best.name()),
        cm,
        700,
        600);
    System.out.println(
        "Curves (val = the target test set, mean over seeds): " + png.toAbsolutePath());
    System.out.println("Confusion matrix plot: " + cm.toAbsolutePath());
  }

  private static String format(int[][] cm) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s", ""));
    for (String c : NAMES) b.append(String.format(Locale.ROOT, "%12s", c));
    for (int i = 0; i < cm.length; i++) {
      b.append('\n').append(String.format(Locale.ROOT, "%-12s", NAMES[i]));
      for (int v : cm[i]) b.append(String.format(Locale.ROOT, "%12d", v));
    }
    return b.toString();
  }
}
