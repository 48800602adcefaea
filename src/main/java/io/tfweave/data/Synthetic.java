package io.tfweave.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Small synthetic 2-D binary classification sets, as used to show what second-order neurons can separate: the two spirals of
 * Fan, Cong and Wang and concentric rings. Inputs are {@code [n, 2]} float32, targets {@code [n]} labels 0/1;
 * {@link #points(Dataset)} and {@link #labels(Dataset)} give them back as Java arrays for plotting.
 */
public final class Synthetic {
  /** Number of points per spiral in the paper's two-spirals set. */
  public static final int SPIRAL_POINTS = 97;
  /** Radial jitter of the rings: uniform in ± this fraction of the ring spacing. */
  public static final double RING_JITTER = 0.2;

  private Synthetic() {}

  /**
   * The paper's two spirals, 194 points in the unit square: for {@code n = 1..97}, {@code r = 0.4(105 − n)/104},
   * {@code α = π(n − 1)/16}, the point {@code (r sin α + 0.5, r cos α + 0.5)} has label 1 and its mirror
   * {@code (1 − x, 1 − y)} label 0. Points come in pairs from the outside in: samples {@code 2(n − 1)} (label 1) and
   * {@code 2(n − 1) + 1} (label 0), so {@code take(2k)} is the outer {@code k} turns' worth used by a curriculum.
   */
  public static Dataset twoSpirals() {
    float[] x = new float[4 * SPIRAL_POINTS];
    float[] y = new float[2 * SPIRAL_POINTS];
    for (int n = 1; n <= SPIRAL_POINTS; n++) {
      double r = 0.4 * (105 - n) / 104.0;
      double a = Math.PI * (n - 1) / 16.0;
      double px = r * Math.sin(a) + 0.5;
      double py = r * Math.cos(a) + 0.5;
      int i = 2 * (n - 1);
      x[2 * i] = (float) px;
      x[2 * i + 1] = (float) py;
      y[i] = 1;
      x[2 * i + 2] = (float) (1 - px);
      x[2 * i + 3] = (float) (1 - py);
      y[i + 1] = 0;
    }
    return Dataset.ofArrays(
        List.of(HostArray.ofFloats(x, 2L * SPIRAL_POINTS, 2)),
        HostArray.ofFloats(y, 2L * SPIRAL_POINTS));
  }

  /**
   * {@code rings} concentric rings around the origin with radii {@code k / rings} ({@code k = 1..rings}), labelled 1, 0, 1, ...
   * from the inside out, with {@code pointsPerRing} points each at uniformly random angles and a uniform radial jitter of
   * ±{@value #RING_JITTER} ring spacings (so neighbouring rings never touch). Samples are ordered ring by ring.
   */
  public static Dataset concentricRings(int rings, int pointsPerRing, long seed) {
    if (rings <= 0)
      throw new IllegalArgumentException(
          "rings must be a positive integer. Received: rings=" + rings);
    if (pointsPerRing <= 0) {
      throw new IllegalArgumentException(
          "pointsPerRing must be a positive integer. Received: pointsPerRing=" + pointsPerRing);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int n = rings * pointsPerRing;
    float[] x = new float[2 * n];
    float[] y = new float[n];
    double spacing = 1.0 / rings;
    for (int k = 0; k < rings; k++) {
      for (int j = 0; j < pointsPerRing; j++) {
        int i = k * pointsPerRing + j;
        double r = (k + 1) * spacing + (rng.nextDouble() * 2 - 1) * RING_JITTER * spacing;
        double a = rng.nextDouble() * 2 * Math.PI;
        x[2 * i] = (float) (r * Math.cos(a));
        x[2 * i + 1] = (float) (r * Math.sin(a));
        y[i] = k % 2 == 0 ? 1 : 0;
      }
    }
    return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n, 2)), HostArray.ofFloats(y, n));
  }

  /** The inputs of a 2-D set as {@code double[n][2]} (for {@code DecisionSurfacePlot.points}). */
  public static double[][] points(Dataset d) {
    HostArray a = d.inputs().get(0).asFloat();
    if (a.shape().numDimensions() != 2 || a.shape().get(1) != 2) {
      throw new IllegalArgumentException(
          "Expected 2-D points of shape (n, 2). Received: " + a.shape());
    }
    float[] f = a.floats();
    double[][] p = new double[a.length()][2];
    for (int i = 0; i < p.length; i++) {
      p[i][0] = f[2 * i];
      p[i][1] = f[2 * i + 1];
    }
    return p;
  }

  /** The 0/1 targets of a set as {@code int[n]} (labels above 0.5 count as 1). */
  public static int[] labels(Dataset d) {
    if (d.targets() == null) throw new IllegalArgumentException("The dataset has no targets");
    float[] f = d.targets().asFloat().floats();
    int[] l = new int[f.length];
    for (int i = 0; i < f.length; i++) l[i] = f[i] > 0.5f ? 1 : 0;
    return l;
  }
}
