package io.tfweave.examples.quadratic;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.Synthetic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The data generators of the second-order grid: four-ring sets drawn independently of {@link Synthetic#concentricRings}
 * (radius scale, centre, radial jitter and angle spacing varied) and the paper's two spirals with scaled and shifted copies.
 * A generator plus a seed gives one set; the seed draws the random parts (angles, jitter), so every (generator, seed) pair
 * of the grid is an independent sample.
 */
final class PointSets {
  private PointSets() {}

  /** One generated set: {@code n} points {@code x = [x0, y0, x1, y1, ...]}, labels 0/1. */
  record Points(String name, float[] x, float[] y) {
    int n() {
      return y.length;
    }

    Dataset dataset() {
      return Dataset.ofArrays(List.of(HostArray.ofFloats(x, n(), 2)), HostArray.ofFloats(y, n()));
    }
  }

  /** A ring generator: outer radius {@code scale}, centre, jitter on/off, evenly spaced or random angles. */
  record Rings(double scale, boolean offCentre, boolean jitter, boolean even) {
    static final int RINGS = 4;
    static final int PER_RING = 60;

    String name() {
      return String.format(
          Locale.ROOT,
          "rings s=%s %s %s %s",
          scale,
          offCentre ? "off" : "ctr",
          jitter ? "jit" : "exact",
          even ? "even" : "rand");
    }

    /**
     * Radii {@code scale·k/4} (k = 1..4), labels 1, 0, 1, 0 from the inside out, 60 points per ring; jitter is uniform
     * in ±0.2 ring spacings; the off-centre sets are centred at {@code (1.25, 0.75)·scale} (all points in the positive
     * quadrant, like image coordinates).
     */
    Points generate(long seed) {
      SplittableRandom rng = new SplittableRandom(seed * 7919 + 17);
      int n = RINGS * PER_RING;
      float[] x = new float[2 * n];
      float[] y = new float[n];
      double spacing = scale / RINGS;
      double cx = offCentre ? 1.25 * scale : 0;
      double cy = offCentre ? 0.75 * scale : 0;
      double phase = rng.nextDouble() * 2 * Math.PI;
      for (int k = 0; k < RINGS; k++) {
        for (int j = 0; j < PER_RING; j++) {
          int i = k * PER_RING + j;
          double r = (k + 1) * spacing
              + (jitter ? (rng.nextDouble() * 2 - 1) * Synthetic.RING_JITTER * spacing : 0);
          double a = even ? phase + 2 * Math.PI * j / PER_RING : rng.nextDouble() * 2 * Math.PI;
          x[2 * i] = (float) (cx + r * Math.cos(a));
          x[2 * i + 1] = (float) (cy + r * Math.sin(a));
          y[i] = k % 2 == 0 ? 1 : 0;
        }
      }
      return new Points(name(), x, y);
    }
  }

  /** The 40 ring generators: scales 0.1, 0.4, 1, 3, 10 × centred/off-centre × jitter on/off × even/random angles. */
  static List<Rings> ringGrid() {
    List<Rings> g = new ArrayList<>();
    for (double s : new double[] {0.1, 0.4, 1, 3, 10})
      for (boolean off : new boolean[] {false, true})
        for (boolean jit : new boolean[] {false, true})
          for (boolean even : new boolean[] {true, false}) g.add(new Rings(s, off, jit, even));
    return g;
  }

  /** A copy of the paper's two spirals mapped by {@code p → scale·(p − 0.5) + centre}; the paper is scale 1, centre 0.5. */
  record Spirals(double scale, double cx, double cy) {
    String name() {
      return String.format(Locale.ROOT, "spirals s=%s c=(%s,%s)", scale, cx, cy);
    }

    Points generate() {
      Dataset d = Synthetic.twoSpirals();
      float[] p = d.inputs().get(0).asFloat().floats();
      float[] x = new float[p.length];
      for (int i = 0; i < p.length; i += 2) {
        x[i] = (float) (scale * (p[i] - 0.5) + cx);
        x[i + 1] = (float) (scale * (p[i + 1] - 0.5) + cy);
      }
      return new Points(name(), x, d.targets().asFloat().floats());
    }
  }

  /** The paper's spirals and five scaled/shifted copies. */
  static List<Spirals> spiralGrid() {
    return List.of(
        new Spirals(1, 0.5, 0.5),
        new Spirals(1, 0, 0),
        new Spirals(0.1, 0.05, 0.05),
        new Spirals(10, 5, 5),
        new Spirals(10, 0, 0),
        new Spirals(1, 3.5, -1.5));
  }

  /**
   * What Keras's {@code Normalization} adapts to on a set of 2-D points: the per-feature mean and (population) variance,
   * {@code {mean_x, mean_y, var_x, var_y}}; the layer then computes {@code (x − mean) / max(sqrt(var), 1e-7)}.
   */
  static float[] statistics(float[] x) {
    int n = x.length / 2;
    float[] out = new float[4];
    for (int f = 0; f < 2; f++) {
      double m = 0;
      for (int i = 0; i < n; i++) m += x[2 * i + f];
      m /= n;
      double v = 0;
      for (int i = 0; i < n; i++) v += (x[2 * i + f] - m) * (x[2 * i + f] - m);
      out[f] = (float) m;
      out[2 + f] = (float) (v / n);
    }
    return out;
  }
}
