package io.tfweave.plot;

import java.awt.Graphics2D;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * Draws the probability surface of a two-input binary classifier as a blue (0) to red (1) image,
 * with its p = 0.5 decision boundary and the training points of both classes on top.
 *
 * <p>The classifier is plain Java: it receives all grid points at once, {@code double[n][2]},
 * and returns {@code n} probabilities of class 1, so a model can score the grid as one batch.
 * <pre>{@code
 * Plots.save(new DecisionSurfacePlot(grid -> model.predictProbabilities(grid))
 *     .points(xTrain, yTrain).resolution(150), Path.of("surface.png"), 700, 600);
 * }</pre>
 * The grid is evaluated once, at cell centres of a {@code resolution x resolution} grid over
 * the bounds, and reused until the bounds or resolution change.
 */
public final class DecisionSurfacePlot implements Figure {

  /** Default number of grid cells along each axis. */
  public static final int RESOLUTION_DEFAULT = 200;
  /** Default title. */
  public static final String TITLE_DEFAULT = "Decision surface";
  /** Margin added on each side around the points when no bounds are given, as a fraction. */
  public static final double MARGIN_DEFAULT = 0.1;

  private final Function<double[][], double[]> classifier;
  private double[] bounds;
  private int resolution = RESOLUTION_DEFAULT;
  private double[][] points = new double[0][];
  private int[] labels = new int[0];
  private String[] classNames = {"class 0", "class 1"};
  private String title = TITLE_DEFAULT;
  private String xLabel = "x1";
  private String yLabel = "x2";
  private boolean boundary = true;
  private double[][] cache;

  /** Plots {@code classifier}: grid points {@code [n][2]} to P(class 1), {@code [n]}. */
  public DecisionSurfacePlot(Function<double[][], double[]> classifier) {
    this.classifier = PlotArgs.notNull("classifier", classifier);
  }

  /** The plotted region (default: the points' range plus {@link #MARGIN_DEFAULT} per side). */
  public DecisionSurfacePlot bounds(double xMin, double xMax, double yMin, double yMax) {
    PlotArgs.range("x", xMin, xMax);
    PlotArgs.range("y", yMin, yMax);
    this.bounds = new double[] {xMin, xMax, yMin, yMax};
    this.cache = null;
    return this;
  }

  /** Grid cells per axis, at least 2 ({@value #RESOLUTION_DEFAULT}); resolution^2 points. */
  public DecisionSurfacePlot resolution(int cells) {
    this.resolution = PlotArgs.atLeast("resolution", cells, 2);
    this.cache = null;
    return this;
  }

  /** Training points {@code xy[i] = {x1, x2}} with labels 0 or 1, drawn over the surface. */
  public DecisionSurfacePlot points(double[][] xy, int[] labels) {
    PlotArgs.notNull("xy", xy);
    PlotArgs.notNull("labels", labels);
    PlotArgs.sameLength("xy", xy.length, "labels", labels.length);
    double[][] copy = new double[xy.length][];
    for (int i = 0; i < xy.length; i++) {
      if (xy[i] == null || xy[i].length != 2) {
        throw new IllegalArgumentException("xy must hold 2-D points. Expected xy[" + i
            + "].length=2. Received: " + (xy[i] == null ? "null" : "length " + xy[i].length));
      }
      PlotArgs.finite("xy[" + i + "][0]", xy[i][0]);
      PlotArgs.finite("xy[" + i + "][1]", xy[i][1]);
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("labels must be 0 or 1 (binary classifier). Received:"
            + " labels[" + i + "]=" + labels[i]);
      }
      copy[i] = xy[i].clone();
    }
    this.points = copy;
    this.labels = labels.clone();
    if (bounds == null) {
      this.cache = null;
    }
    return this;
  }

  /** Legend names of class 0 and class 1 ("class 0", "class 1"). */
  public DecisionSurfacePlot classNames(String class0, String class1) {
    this.classNames =
        new String[] {PlotArgs.notNull("class0", class0), PlotArgs.notNull("class1", class1)};
    return this;
  }

  /** Title above the plot ({@link #TITLE_DEFAULT}); empty for none. */
  public DecisionSurfacePlot title(String title) {
    this.title = PlotArgs.notNull("title", title);
    return this;
  }

  /** Axis titles ("x1", "x2"). */
  public DecisionSurfacePlot axisLabels(String x, String y) {
    this.xLabel = PlotArgs.notNull("x", x);
    this.yLabel = PlotArgs.notNull("y", y);
    return this;
  }

  /** Draws the p = 0.5 contour (true). */
  public DecisionSurfacePlot boundary(boolean boundary) {
    this.boundary = boundary;
    return this;
  }

  /** The plotted region {@code {xMin, xMax, yMin, yMax}}. */
  public double[] plotBounds() {
    if (bounds != null) {
      return bounds.clone();
    }
    if (points.length == 0) {
      throw new IllegalStateException("DecisionSurfacePlot has no region to draw: call bounds(...)"
          + " or points(...) before painting.");
    }
    double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
    for (double[] p : points) {
      b[0] = Math.min(b[0], p[0]);
      b[1] = Math.max(b[1], p[0]);
      b[2] = Math.min(b[2], p[1]);
      b[3] = Math.max(b[3], p[1]);
    }
    for (int axis = 0; axis < 2; axis++) {
      double span = b[2 * axis + 1] - b[2 * axis];
      double pad = span > 0 ? span * MARGIN_DEFAULT : 1;
      b[2 * axis] -= pad;
      b[2 * axis + 1] += pad;
    }
    return b;
  }

  /**
   * Evaluates the classifier on the grid: {@code p[row][col]} at the centre of cell (col, row),
   * row 0 at {@code yMin} and col 0 at {@code xMin}.
   */
  public double[][] probabilities() {
    if (cache == null) {
      cache = evaluate(plotBounds());
    }
    return Arrays.stream(cache).map(double[]::clone).toArray(double[][]::new);
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    if (cache == null) {
      cache = evaluate(plotBounds());
    }
    new SurfaceRenderer(
            plotBounds(), cache, points, labels, classNames, title, xLabel, yLabel, boundary)
        .paint(g, width, height);
  }

  private double[][] evaluate(double[] b) {
    int n = resolution;
    double[][] grid = new double[n * n][];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < n; col++) {
        grid[row * n + col] = new double[] {
          b[0] + (col + 0.5) * (b[1] - b[0]) / n, b[2] + (row + 0.5) * (b[3] - b[2]) / n
        };
      }
    }
    double[] p = classifier.apply(grid);
    if (p == null || p.length != grid.length) {
      throw new IllegalArgumentException("classifier must return one probability per grid point."
          + " Expected length " + grid.length + " (" + n + " x " + n + "). Received: "
          + (p == null ? "null" : "length " + p.length));
    }
    double[][] out = new double[n][n];
    for (int k = 0; k < p.length; k++) {
      if (!(p[k] >= 0 && p[k] <= 1)) {
        throw new IllegalArgumentException(String.format(
            Locale.ROOT,
            "classifier must return"
                + " probabilities in [0, 1] (apply a sigmoid to logits). Received: %s at point"
                + " (%.4g, %.4g)",
            p[k],
            grid[k][0],
            grid[k][1]));
      }
      out[k / n][k % n] = p[k];
    }
    return out;
  }
}
