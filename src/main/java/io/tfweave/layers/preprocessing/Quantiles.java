package io.tfweave.layers.preprocessing;

import java.util.Arrays;

/**
 * Keras's approximate quantile summary for {@link Discretization}: {@code summarize} keeps every {@code n·ε}-th sorted value
 * with a weight, {@code compress} re-samples the weighted values at regular percentiles with linear interpolation
 * ({@code np.interp}), and the bin boundaries are the compressed summary at {@code 1 / numBins} steps, minus the last.
 */
final class Quantiles {
  private Quantiles() {}

  static float[] binBoundaries(float[] values, int numBins, double epsilon) {
    if (values.length == 0) throw new IllegalArgumentException("adapt needs at least one value");
    double[][] summary = compress(summarize(values, epsilon), epsilon);
    double[][] bins = compress(summary, 1.0 / numBins);
    float[] out = new float[bins[0].length - 1];
    for (int i = 0; i < out.length; i++) out[i] = (float) bins[0][i];
    return out;
  }

  /** Sorted values at steps of {@code n·ε} (at least 1), each weighted by the step. */
  static double[][] summarize(float[] values, double epsilon) {
    float[] sorted = values.clone();
    Arrays.sort(sorted);
    double increment = sorted.length / (1.0 / epsilon);
    int start = (int) increment;
    double step = Math.max(increment, 1);
    int stride = (int) step;
    int n = start >= sorted.length ? 0 : (sorted.length - 1 - start) / stride + 1;
    double[][] s = new double[2][n];
    for (int i = 0; i < n; i++) {
      s[0][i] = sorted[start + i * stride];
      s[1][i] = step;
    }
    return s;
  }

  /** Re-samples a summary at percentiles ε, 2ε, ..., unless it is already that small. */
  static double[][] compress(double[][] summary, double epsilon) {
    int n = summary[0].length;
    if (n * epsilon < 1) return summary;
    int k = (int) Math.ceil(1.0 / epsilon);
    double[] percents = new double[k];
    for (int i = 0; i < k; i++) percents[i] = epsilon + i * epsilon;
    double[] cum = new double[n];
    double acc = 0;
    for (int i = 0; i < n; i++) cum[i] = acc += summary[1][i];
    double[] cumPercent = new double[n];
    for (int i = 0; i < n; i++) cumPercent[i] = cum[i] / cum[n - 1];
    double[] bins = new double[k];
    double[] cumWeights = new double[k];
    for (int i = 0; i < k; i++) {
      bins[i] = interp(percents[i], cumPercent, summary[0]);
      cumWeights[i] = interp(percents[i], cumPercent, cum);
    }
    double[] weights = new double[k];
    for (int i = 0; i < k; i++) weights[i] = cumWeights[i] - (i == 0 ? 0 : cumWeights[i - 1]);
    for (int i = 0; i < k; i++) {
      bins[i] = (float) bins[i];
      weights[i] = (float) weights[i];
    }
    return new double[][] {bins, weights};
  }

  /** {@code np.interp}: piecewise-linear, clamped at the ends. */
  static double interp(double x, double[] xp, double[] fp) {
    if (x <= xp[0]) return fp[0];
    if (x >= xp[xp.length - 1]) return fp[fp.length - 1];
    int hi = Arrays.binarySearch(xp, x);
    if (hi >= 0) return fp[hi];
    hi = -hi - 1;
    int lo = hi - 1;
    double t = (x - xp[lo]) / (xp[hi] - xp[lo]);
    return fp[lo] + t * (fp[hi] - fp[lo]);
  }
}
