package io.tfweave.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.tensorflow.ndarray.Shape;

/**
 * The result of a {@link GradientCheck}: for each variable (input or weight), the analytic gradient from
 * {@code tf.gradients}, the central-difference estimate, and the worst absolute and relative disagreement between them.
 *
 * <p>The relative error of one entry is {@code |analytic − numeric| / max(|analytic|, |numeric|, floor)}, with the check's
 * relative floor keeping near-zero gradients from inflating it. {@link #toString()} prints one row per variable.
 */
public final class GradientReport {
  /** One variable's comparison; {@code analytic} and {@code numeric} hold the checked entries only (see {@code indices}). */
  public record Entry(
      String name,
      Shape shape,
      int[] indices,
      double[] analytic,
      double[] numeric,
      double maxAbsError,
      double maxRelError,
      double maxAbsGradient) {
    /** Number of entries compared. */
    public int checked() {
      return indices.length;
    }
  }

  private final List<Entry> entries;
  private final String dtype;
  private final double epsilon;
  private final double value;

  GradientReport(List<Entry> entries, String dtype, double epsilon, double value) {
    this.entries = List.copyOf(entries);
    this.dtype = dtype;
    this.epsilon = epsilon;
    this.value = value;
  }

  /** The checked scalar's value at the given point (the loss, or the summed expression). */
  public double value() {
    return value;
  }

  /** Builds the entry for one variable from its analytic and numeric values. */
  static Entry entry(
      String name, Shape shape, int[] indices, double[] analytic, double[] numeric, double floor) {
    double abs = 0;
    double rel = 0;
    double mag = 0;
    for (int i = 0; i < indices.length; i++) {
      double a = analytic[i];
      double n = numeric[i];
      double d = Math.abs(a - n);
      if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
      abs = Math.max(abs, d);
      rel = Math.max(rel, d / Math.max(floor, Math.max(Math.abs(a), Math.abs(n))));
      mag = Math.max(mag, Math.abs(a));
    }
    return new Entry(name, shape, indices, analytic, numeric, abs, rel, mag);
  }

  /** All variables, in the order they were declared. */
  public List<Entry> entries() {
    return entries;
  }

  /** The entry of the variable called {@code name}. */
  public Entry entry(String name) {
    for (Entry e : entries) if (e.name().equals(name)) return e;
    throw new IllegalArgumentException(
        "No variable '" + name + "' in this gradient report. Variables: "
            + entries.stream().map(Entry::name).toList());
  }

  /** The variable with the largest relative error. */
  public Entry worst() {
    return entries.stream().max(Comparator.comparingDouble(Entry::maxRelError)).orElseThrow();
  }

  /** The largest relative error over all variables. */
  public double worstRelativeError() {
    return entries.isEmpty() ? 0 : worst().maxRelError();
  }

  /** The largest absolute error over all variables. */
  public double worstAbsoluteError() {
    return entries.stream().mapToDouble(Entry::maxAbsError).max().orElse(0);
  }

  /** True when every variable's relative error is at most {@code maxRelativeError}. */
  public boolean passes(double maxRelativeError) {
    return worstRelativeError() <= maxRelativeError;
  }

  /**
   * Throws an {@link AssertionError} naming every variable whose relative error exceeds {@code maxRelativeError}, with the
   * report and the worst entry's analytic and numeric values; returns this report otherwise.
   */
  public GradientReport assertWithin(double maxRelativeError) {
    List<String> bad = new ArrayList<>();
    for (Entry e : entries) {
      if (!(e.maxRelError() <= maxRelativeError)) bad.add(e.name());
    }
    if (bad.isEmpty()) return this;
    Entry w = worst();
    int at = 0;
    double worstDiff = -1;
    for (int i = 0; i < w.checked(); i++) {
      double d = Math.abs(w.analytic()[i] - w.numeric()[i]);
      if (Double.isNaN(d) || d > worstDiff) {
        worstDiff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        at = i;
      }
    }
    throw new AssertionError(String.format(
        Locale.ROOT,
        "Gradient check failed for %s: relative error above %.1e.%n"
            + "Worst entry: %s flat index %d, analytic %.6e, numeric %.6e.%n%s",
        bad,
        maxRelativeError,
        w.name(),
        w.checked() == 0 ? -1 : w.indices()[at],
        w.checked() == 0 ? 0 : w.analytic()[at],
        w.checked() == 0 ? 0 : w.numeric()[at],
        this));
  }

  @Override
  public String toString() {
    int width =
        Math.max(8, entries.stream().mapToInt(e -> e.name().length()).max().orElse(8));
    StringBuilder b = new StringBuilder();
    b.append(String.format(
        Locale.ROOT,
        "Gradient check (%s, central difference, epsilon %.1e), value %.6g%n",
        dtype,
        epsilon,
        value));
    String head = "%-" + width + "s  %-14s %8s  %11s  %11s  %11s%n";
    b.append(String.format(
        Locale.ROOT,
        head,
        "variable",
        "shape",
        "checked",
        "max |grad|",
        "max abs err",
        "max rel err"));
    String row = "%-" + width + "s  %-14s %8d  %11.3e  %11.3e  %11.3e%n";
    for (Entry e : entries) {
      b.append(String.format(
          Locale.ROOT,
          row,
          e.name(),
          e.shape().toString(),
          e.checked(),
          e.maxAbsGradient(),
          e.maxAbsError(),
          e.maxRelError()));
    }
    b.append(String.format(
        Locale.ROOT,
        "worst relative error: %.3e (%s)%n",
        worstRelativeError(),
        entries.isEmpty() ? "-" : worst().name()));
    return b.toString();
  }
}
