package io.tfweave.evaluation;

import java.util.Locale;

/**
 * Per-class precision, recall, F1 and support with accuracy and macro / weighted averages, formatted like scikit-learn's
 * {@code classification_report}:
 *
 * <pre>
 *               precision    recall  f1-score   support
 *
 *  T-shirt/top     0.8612    0.8510    0.8561      1000
 *  ...
 *     accuracy                         0.9103     10000
 *    macro avg     0.9110    0.9103    0.9104     10000
 * weighted avg     0.9110    0.9103    0.9104     10000
 * </pre>
 */
public final class ClassificationReport {
  /** Decimal digits shown by default. */
  public static final int DIGITS_DEFAULT = 4;

  private final ConfusionMatrix matrix;

  ClassificationReport(ConfusionMatrix matrix) {
    this.matrix = matrix;
  }

  /** The matrix the report is computed from. */
  public ConfusionMatrix matrix() {
    return matrix;
  }

  /** The report with {@code digits} decimal digits (columns as scikit-learn's, 9 characters wide). */
  public String text(int digits) {
    if (digits < 0 || digits > 7)
      throw new IllegalArgumentException("digits must be in [0, 7]. Received: digits=" + digits);
    int width = "weighted avg".length();
    for (String s : matrix.classNames()) width = Math.max(width, s.length());
    String name = "%" + width + "s ";
    String num = " %9." + digits + "f";
    StringBuilder b = new StringBuilder();
    b.append(String.format(
        Locale.ROOT,
        name + " %9s %9s %9s %9s%n%n",
        "",
        "precision",
        "recall",
        "f1-score",
        "support"));
    for (int c = 0; c < matrix.classes(); c++) {
      b.append(String.format(
          Locale.ROOT,
          name + num + num + num + " %9d%n",
          matrix.classNames().get(c),
          matrix.precision(c),
          matrix.recall(c),
          matrix.f1(c),
          matrix.support(c)));
    }
    b.append(String.format(
        Locale.ROOT,
        "%n" + name + " %9s %9s" + num + " %9d%n",
        "accuracy",
        "",
        "",
        matrix.accuracy(),
        matrix.total()));
    b.append(String.format(
        Locale.ROOT,
        name + num + num + num + " %9d%n",
        "macro avg",
        matrix.macroAverage("precision"),
        matrix.macroAverage("recall"),
        matrix.macroAverage("f1"),
        matrix.total()));
    b.append(String.format(
        Locale.ROOT,
        name + num + num + num + " %9d%n",
        "weighted avg",
        matrix.weightedAverage("precision"),
        matrix.weightedAverage("recall"),
        matrix.weightedAverage("f1"),
        matrix.total()));
    return b.toString();
  }

  /** The report with {@link #DIGITS_DEFAULT} digits. */
  @Override
  public String toString() {
    return text(DIGITS_DEFAULT);
  }
}
