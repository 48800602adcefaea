package io.tfweave.initializers;

import java.util.SplittableRandom;

/** Builds random orthogonal matrices by Gram-Schmidt on a Gaussian matrix (the sign-fixed QR Keras uses). */
final class Orthogonal {
  private Orthogonal() {}

  static float[] matrix(int rows, int cols, SplittableRandom rng) {
    boolean transpose = rows < cols;
    int n = transpose ? cols : rows;
    int m = transpose ? rows : cols;
    double[][] q = new double[m][n]; // m orthonormal columns of length n, stored as rows
    for (int j = 0; j < m; j++) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) v[i] = Initializers.gaussian(rng);
      for (int k = 0; k < j; k++) {
        double dot = 0;
        for (int i = 0; i < n; i++) dot += v[i] * q[k][i];
        for (int i = 0; i < n; i++) v[i] -= dot * q[k][i];
      }
      double norm = 0;
      for (double x : v) norm += x * x;
      norm = Math.sqrt(norm);
      for (int i = 0; i < n; i++) q[j][i] = v[i] / norm;
    }
    float[] out = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) out[r * cols + c] = (float) (transpose ? q[r][c] : q[c][r]);
    }
    return out;
  }
}
