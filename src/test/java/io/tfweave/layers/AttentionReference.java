package io.tfweave.layers;

/** Plain-Java references for the attention tests (row-major arrays, double accumulation). */
public final class AttentionReference {
  private AttentionReference() {}

  /** {@code x [n, steps, d] · w [d, units] + b [units]}. */
  public static double[] project(
      float[] x, int n, int steps, int d, float[] w, float[] b, int units) {
    double[] y = new double[n * steps * units];
    for (int r = 0; r < n * steps; r++) {
      for (int u = 0; u < units; u++) {
        double s = b == null ? 0 : b[u];
        for (int c = 0; c < d; c++) s += x[r * d + c] * w[c * units + u];
        y[r * units + u] = s;
      }
    }
    return y;
  }

  /** Softmax of each row of {@code s} (length {@code len}); {@code allowed} (same layout) or null; masked → −1e9. */
  public static double[] softmaxRows(double[] s, boolean[] allowed, int len) {
    double[] p = new double[s.length];
    for (int r = 0; r < s.length / len; r++) {
      double max = Double.NEGATIVE_INFINITY;
      double[] v = new double[len];
      for (int j = 0; j < len; j++) {
        v[j] = allowed == null || allowed[r * len + j] ? s[r * len + j] : -1e9;
        max = Math.max(max, v[j]);
      }
      double z = 0;
      for (int j = 0; j < len; j++) z += Math.exp(v[j] - max);
      for (int j = 0; j < len; j++) p[r * len + j] = Math.exp(v[j] - max) / z;
    }
    return p;
  }

  /** The result of a multi-head attention: the output {@code [n, t, out]} and the weights {@code [n, heads, t, s]}. */
  public record Mha(double[] output, double[] weights) {}

  /**
   * Multi-head attention with Keras's weight layout; {@code allowed} is {@code [n, t, s]} (true attends) or null.
   * Kernels are flat [d, heads·size] (row-major [d, heads, size]), the output kernel flat [heads·vd, out].
   */
  public static Mha mha(
      float[] q,
      float[] v,
      float[] k,
      int n,
      int t,
      int s,
      int dq,
      int dv,
      int dk,
      int heads,
      int kd,
      int vd,
      int out,
      float[][] w,
      boolean[] allowed) {
    double[] pq = project(q, n, t, dq, w[0], w[1], heads * kd);
    double[] pk = project(k, n, s, dk, w[2], w[3], heads * kd);
    double[] pv = project(v, n, s, dv, w[4], w[5], heads * vd);
    double[] scores = new double[n * heads * t * s];
    boolean[] allow = allowed == null ? null : new boolean[scores.length];
    for (int b = 0; b < n; b++) {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < t; i++) {
          for (int j = 0; j < s; j++) {
            double d = 0;
            for (int e = 0; e < kd; e++)
              d += pq[(b * t + i) * heads * kd + h * kd + e]
                  * pk[(b * s + j) * heads * kd + h * kd + e];
            int at = ((b * heads + h) * t + i) * s + j;
            scores[at] = d / Math.sqrt(kd);
            if (allow != null) allow[at] = allowed[(b * t + i) * s + j];
          }
        }
      }
    }
    double[] p = softmaxRows(scores, allow, s);
    double[] y = new double[n * t * out];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < t; i++) {
        for (int o = 0; o < out; o++) {
          double acc = w[7] == null ? 0 : w[7][o];
          for (int h = 0; h < heads; h++) {
            for (int f = 0; f < vd; f++) {
              double c = 0;
              for (int j = 0; j < s; j++)
                c += p[((b * heads + h) * t + i) * s + j]
                    * pv[(b * s + j) * heads * vd + h * vd + f];
              acc += c * w[6][(h * vd + f) * out + o];
            }
          }
          y[(b * t + i) * out + o] = acc;
        }
      }
    }
    return new Mha(y, p);
  }

  public static void assertClose(double[] want, float[] got, double tol, String what) {
    org.junit.jupiter.api.Assertions.assertEquals(want.length, got.length, what + ": length");
    for (int i = 0; i < want.length; i++) {
      org.junit.jupiter.api.Assertions.assertEquals(want[i], got[i], tol, what + ": entry " + i);
    }
  }
}
