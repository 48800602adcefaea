package io.tfweave.layers;

/**
 * Plain-Java reference recurrences in double precision with Keras's equations and weight layouts, for correctness tests.
 * Inputs are row-major {@code [batch, time, features]}; masks {@code [batch, time]} (null for none).
 */
final class RnnReference {
  /** Outputs per step (in processing order) and final states of one recurrence. */
  record Result(double[][][] outputs, double[][] last, double[][][] states) {}

  private RnnReference() {}

  interface Cell {
    /** Returns the new states (first = output) from input row x and previous states. */
    double[][] step(double[] x, double[][] states);
  }

  static Result run(
      float[] x,
      int batch,
      int time,
      int features,
      boolean[][] mask,
      boolean goBackwards,
      int units,
      int stateCount,
      Cell cell) {
    double[][][] outputs = new double[batch][time][];
    double[][] last = new double[batch][];
    double[][][] states = new double[batch][][];
    for (int b = 0; b < batch; b++) {
      double[][] s = new double[stateCount][units];
      double[] out = new double[units];
      for (int k = 0; k < time; k++) {
        int t = goBackwards ? time - 1 - k : k;
        double[] xt = new double[features];
        for (int f = 0; f < features; f++) xt[f] = x[(b * time + t) * features + f];
        if (mask == null || mask[b][t]) {
          s = cell.step(xt, s);
          out = s[0].clone();
        }
        outputs[b][k] = out.clone();
      }
      last[b] = out;
      states[b] = s;
    }
    return new Result(outputs, last, states);
  }

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** x · w (+ bias offset) for a row-major w [rows, cols]. */
  static double[] dot(double[] x, float[] w, int cols) {
    double[] out = new double[cols];
    for (int r = 0; r < x.length; r++)
      for (int c = 0; c < cols; c++) out[c] += x[r] * w[r * cols + c];
    return out;
  }

  static Cell lstm(float[] kernel, float[] recurrent, float[] bias, int units) {
    return (x, s) -> {
      double[] z = dot(x, kernel, 4 * units);
      double[] zr = dot(s[0], recurrent, 4 * units);
      double[] h = new double[units];
      double[] c = new double[units];
      for (int j = 0; j < units; j++) {
        double i = sigmoid(z[j] + zr[j] + (bias == null ? 0 : bias[j]));
        double f = sigmoid(z[units + j] + zr[units + j] + (bias == null ? 0 : bias[units + j]));
        double g = Math.tanh(
            z[2 * units + j] + zr[2 * units + j] + (bias == null ? 0 : bias[2 * units + j]));
        double o = sigmoid(
            z[3 * units + j] + zr[3 * units + j] + (bias == null ? 0 : bias[3 * units + j]));
        c[j] = f * s[1][j] + i * g;
        h[j] = o * Math.tanh(c[j]);
      }
      return new double[][] {h, c};
    };
  }

  /** GRU; bias is [2, 3u] when resetAfter, else [3u]. */
  static Cell gru(float[] kernel, float[] recurrent, float[] bias, int units, boolean resetAfter) {
    return (x, s) -> {
      double[] hp = s[0];
      double[] xz = dot(x, kernel, 3 * units);
      double[] h = new double[units];
      if (resetAfter) {
        double[] inner = dot(hp, recurrent, 3 * units);
        for (int j = 0; j < units; j++) {
          double bz = bias[j], br = bias[units + j], bh = bias[2 * units + j];
          double rz = bias[3 * units + j], rr = bias[4 * units + j], rh = bias[5 * units + j];
          double z = sigmoid(xz[j] + bz + inner[j] + rz);
          double r = sigmoid(xz[units + j] + br + inner[units + j] + rr);
          double hh = Math.tanh(xz[2 * units + j] + bh + r * (inner[2 * units + j] + rh));
          h[j] = z * hp[j] + (1 - z) * hh;
        }
      } else {
        double[] inner = dot(hp, recurrent, 3 * units);
        double[] z = new double[units];
        double[] r = new double[units];
        for (int j = 0; j < units; j++) {
          z[j] = sigmoid(xz[j] + bias[j] + inner[j]);
          r[j] = sigmoid(xz[units + j] + bias[units + j] + inner[units + j]);
        }
        double[] rh = new double[units];
        for (int j = 0; j < units; j++) rh[j] = r[j] * hp[j];
        for (int j = 0; j < units; j++) {
          double acc = xz[2 * units + j] + bias[2 * units + j];
          for (int q = 0; q < units; q++) acc += rh[q] * recurrent[q * 3 * units + 2 * units + j];
          h[j] = z[j] * hp[j] + (1 - z[j]) * Math.tanh(acc);
        }
      }
      return new double[][] {h};
    };
  }

  static Cell simple(float[] kernel, float[] recurrent, float[] bias, int units) {
    return (x, s) -> {
      double[] z = dot(x, kernel, units);
      double[] zr = dot(s[0], recurrent, units);
      double[] h = new double[units];
      for (int j = 0; j < units; j++) h[j] = Math.tanh(z[j] + zr[j] + bias[j]);
      return new double[][] {h};
    };
  }
}
