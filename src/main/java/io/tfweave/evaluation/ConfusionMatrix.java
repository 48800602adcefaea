package io.tfweave.evaluation;

import io.tfweave.plot.ConfusionMatrixPlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs for a classifier, with the per-class metrics derived from them: precision,
 * recall, F1 and support, plus accuracy and macro / weighted averages (scikit-learn's definitions; a ratio with a zero
 * denominator is 0). Rows are true classes, columns predicted classes.
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.of(testLabels, OneHot.argmax(model.predict(testX)), 10).classNames(names);
 * System.out.println(cm.report());
 * Plots.save(cm.plot().normalized(true), Path.of("confusion.png"), 640, 560);
 * }</pre>
 */
public final class ConfusionMatrix {
  private final int[][] counts;
  private List<String> classNames;

  private ConfusionMatrix(int[][] counts) {
    this.counts = counts;
    this.classNames = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) classNames.add(Integer.toString(i));
  }

  /** Counts {@code labels[i]} → {@code predictions[i]} over {@code classes} classes. */
  public static ConfusionMatrix of(int[] labels, int[] predictions, int classes) {
    if (classes <= 0)
      throw new IllegalArgumentException(
          "classes must be a positive integer. Received: classes=" + classes);
    if (labels.length != predictions.length) {
      throw new IllegalArgumentException(
          "labels and predictions must have the same length. Received: " + labels.length
              + " labels and " + predictions.length + " predictions");
    }
    int[][] m = new int[classes][classes];
    for (int i = 0; i < labels.length; i++) {
      check("label", labels[i], i, classes);
      check("prediction", predictions[i], i, classes);
      m[labels[i]][predictions[i]]++;
    }
    return new ConfusionMatrix(m);
  }

  private static void check(String what, int v, int i, int classes) {
    if (v < 0 || v >= classes) {
      throw new IllegalArgumentException(
          what + " " + v + " at index " + i + " is outside [0, " + classes + ")");
    }
  }

  /** Names for the classes in label order (default "0", "1", ...). */
  public ConfusionMatrix classNames(List<String> names) {
    if (names.size() != counts.length) {
      throw new IllegalArgumentException(
          "Expected " + counts.length + " class names. Received: " + names.size());
    }
    this.classNames = List.copyOf(names);
    return this;
  }

  /** The class names. */
  public List<String> classNames() {
    return classNames;
  }

  /** Number of classes. */
  public int classes() {
    return counts.length;
  }

  /** A copy of the counts {@code [true][predicted]}. */
  public int[][] counts() {
    int[][] c = new int[counts.length][];
    for (int i = 0; i < c.length; i++) c[i] = counts[i].clone();
    return c;
  }

  /**
   * The matrix divided by row sums ({@code "true"}: each row is the distribution of predictions for a true class; its
   * diagonal is the recall), column sums ({@code "pred"}: the diagonal is the precision) or the total ({@code "all"}), like
   * scikit-learn's {@code normalize}; empty rows/columns give zeros.
   */
  public double[][] normalized(String by) {
    int n = counts.length;
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double d =
            switch (by) {
              case "true" -> support(i);
              case "pred" -> predicted(j);
              case "all" -> total();
              default -> throw new IllegalArgumentException(
                  "by must be one of true, pred, all. Received: by=" + by);
            };
        out[i][j] = d == 0 ? 0 : counts[i][j] / d;
      }
    }
    return out;
  }

  /** Number of samples. */
  public long total() {
    long t = 0;
    for (int[] row : counts) for (int v : row) t += v;
    return t;
  }

  /** Samples whose true class is {@code c}. */
  public long support(int c) {
    long s = 0;
    for (int v : counts[c]) s += v;
    return s;
  }

  /** Samples predicted as class {@code c}. */
  public long predicted(int c) {
    long s = 0;
    for (int[] row : counts) s += row[c];
    return s;
  }

  /** Fraction of samples on the diagonal. */
  public double accuracy() {
    long diag = 0;
    for (int i = 0; i < counts.length; i++) diag += counts[i][i];
    return total() == 0 ? 0 : (double) diag / total();
  }

  /** True positives / predicted positives for class {@code c}. */
  public double precision(int c) {
    return ratio(counts[c][c], predicted(c));
  }

  /** True positives / actual positives for class {@code c}. */
  public double recall(int c) {
    return ratio(counts[c][c], support(c));
  }

  /** Harmonic mean of precision and recall for class {@code c}. */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Unweighted mean of a per-class metric ({@code "precision"}, {@code "recall"} or {@code "f1"}). */
  public double macroAverage(String metric) {
    double s = 0;
    for (int c = 0; c < counts.length; c++) s += metric(metric, c);
    return s / counts.length;
  }

  /** Support-weighted mean of a per-class metric. */
  public double weightedAverage(String metric) {
    double s = 0;
    for (int c = 0; c < counts.length; c++) s += metric(metric, c) * support(c);
    return total() == 0 ? 0 : s / total();
  }

  private double metric(String name, int c) {
    return switch (name) {
      case "precision" -> precision(c);
      case "recall" -> recall(c);
      case "f1" -> f1(c);
      default -> throw new IllegalArgumentException(
          "metric must be one of precision, recall, f1. Received: metric=" + name);
    };
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  /** The classification report for this matrix. */
  public ClassificationReport report() {
    return new ClassificationReport(this);
  }

  /** A heat-map figure of the counts with the class names (see {@link ConfusionMatrixPlot}). */
  public ConfusionMatrixPlot plot() {
    return new ConfusionMatrixPlot(counts).classNames(classNames.toArray(String[]::new));
  }

  /** The counts as an aligned text table with class names. */
  @Override
  public String toString() {
    int w = 6;
    for (String s : classNames) w = Math.max(w, s.length() + 1);
    for (int c = 0; c < counts.length; c++)
      w = Math.max(w, Long.toString(support(c)).length() + 1);
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%" + w + "s", "true\\pred"));
    for (String s : classNames) b.append(String.format(Locale.ROOT, " %" + w + "s", s));
    b.append('\n');
    for (int i = 0; i < counts.length; i++) {
      b.append(String.format(Locale.ROOT, "%" + w + "s", classNames.get(i)));
      for (int v : counts[i]) b.append(String.format(Locale.ROOT, " %" + w + "d", v));
      b.append('\n');
    }
    return b.toString();
  }
}
