package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.data.HostArray;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Standardizes features: {@code (x − mean) / max(√variance, 1e-7)}, or with {@code invert} the reverse,
 * {@code mean + x · max(√variance, 1e-7)} (Keras's {@code Normalization}).
 *
 * <p>Statistics are kept per index of the {@code axis} dimensions (default the last axis; {@code axis()} with no argument
 * gives one scalar mean and variance). Either pass them with {@link #mean} and {@link #variance} (then the layer has no weights,
 * as in Keras), or compute them once from data with {@link #adapt}: they become the non-trainable weights {@code mean},
 * {@code variance} and {@code count} (elements averaged per statistic), which {@code saveWeights} and exports carry. Adapting
 * before the layer is built makes the statistics its initial values; adapting later sets them on the weights, and the next
 * predict or fit uses them.
 *
 * <p>Input shape: any, with known sizes on {@code axis}. Output shape: same as input.
 */
public final class Normalization extends Layer {
  private static final float EPSILON = 1e-7f;
  private int[] axis = {-1};
  private boolean invert;
  private float[] fixedMean;
  private float[] fixedVariance;
  private Statistics adapted;
  private Shape statShape;
  private Weight mean;
  private Weight variance;
  private Weight count;

  /** Per-statistic values computed by {@link #adapt}. */
  record Statistics(Shape shape, float[] mean, float[] variance, float count) {}

  /** A normalization over the last axis, to be adapted or given mean and variance. */
  public Normalization() {}

  /** Axes that keep their own statistics (Keras's {@code axis}; negative counts from the end; none: scalar statistics). */
  public Normalization axis(int... axes) {
    for (int a : axes) {
      if (a == 0) {
        throw new IllegalArgumentException("axis must not include the batch axis 0. Received: axis=" + Arrays.toString(axes));
      }
    }
    return configure(() -> this.axis = axes.clone());
  }

  /** Undoes the normalization instead (default false). */
  public Normalization invert(boolean b) { return configure(() -> this.invert = b); }

  /** Fixed means (one per statistic, or one value for all); with {@link #variance}, the layer has no weights. */
  public Normalization mean(float... values) { return configure(() -> this.fixedMean = values.clone()); }

  /** Fixed variances (one per statistic, or one value for all). */
  public Normalization variance(float... values) {
    for (float v : values) {
      if (!(v >= 0)) throw new IllegalArgumentException("variance must be non-negative. Received: variance=" + v);
    }
    return configure(() -> this.fixedVariance = values.clone());
  }

  /** Computes the mean and variance of {@code data} (samples first) per index of the {@code axis} dimensions. */
  public Normalization adapt(NdArray<?> data) { return adapt(HostArray.of(data)); }

  /** Computes the mean and variance of {@code data} (samples first) per index of the {@code axis} dimensions. */
  public Normalization adapt(HostArray data) {
    if (fixedMean != null || fixedVariance != null) {
      throw new IllegalStateException("Layer '" + shownName() + "' (Normalization) was given mean and variance; it cannot "
          + "be adapted");
    }
    long bad = data.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException("Layer '" + shownName() + "' (Normalization) cannot adapt to data holding "
          + data.getDouble(bad) + " at flat index " + bad + " of shape " + Shapes.text(data.shape()) + ": the mean and "
          + "variance would be NaN. Remove or impute non-finite values before adapt().");
    }
    Statistics s = statistics(data, axis);
    if (mean != null) {
      if (!s.shape().equals(statShape)) {
        throw new IllegalArgumentException("Layer '" + shownName() + "' (Normalization) keeps statistics of shape "
            + Shapes.text(statShape) + ", but the adapt data " + Shapes.text(data.shape()) + " gives " + Shapes.text(s.shape()));
      }
      mean.setPending(s.mean());
      variance.setPending(s.variance());
      count.setPending(new float[] {s.count()});
    }
    this.adapted = s;
    return this;
  }

  /** The statistics computed by the last {@link #adapt}, or null. */
  Statistics adapted() { return adapted; }

  /** Mean, population variance and count of {@code data} per index of the kept axes. */
  static Statistics statistics(HostArray data, int[] axis) {
    long[] dims = data.shape().asArray();
    int rank = dims.length;
    int[] kept = resolve(axis, rank, "adapt data of shape " + Shapes.text(data.shape()));
    long[] statDims = new long[kept.length];
    for (int i = 0; i < kept.length; i++) statDims[i] = dims[kept[i]];
    Shape shape = Shape.of(statDims);
    int stats = (int) shape.size();
    long total = data.shape().size();
    if (total == 0) throw new IllegalArgumentException("adapt needs at least one value. Received: shape " + data.shape());
    int[] statIndex = new int[(int) total];
    long[] strides = new long[rank];
    strides[rank - 1] = 1;
    for (int d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * dims[d + 1];
    for (int i = 0; i < total; i++) {
      int s = 0;
      for (int k : kept) s = (int) (s * dims[k] + (i / strides[k]) % dims[k]);
      statIndex[i] = s;
    }
    double[] sum = new double[stats];
    for (int i = 0; i < total; i++) sum[statIndex[i]] += data.getDouble(i);
    double n = (double) total / stats;
    double[] m = new double[stats];
    for (int s = 0; s < stats; s++) m[s] = sum[s] / n;
    double[] sq = new double[stats];
    for (int i = 0; i < total; i++) {
      double d = data.getDouble(i) - m[statIndex[i]];
      sq[statIndex[i]] += d * d;
    }
    float[] mf = new float[stats];
    float[] vf = new float[stats];
    for (int s = 0; s < stats; s++) {
      mf[s] = (float) m[s];
      vf[s] = (float) (sq[s] / n);
    }
    return new Statistics(shape, mf, vf, (float) n);
  }

  /** The kept axes as sorted non-negative indices for a tensor of {@code rank}. */
  private static int[] resolve(int[] axis, int rank, String what) {
    int[] out = new int[axis.length];
    for (int i = 0; i < axis.length; i++) {
      int a = axis[i] < 0 ? axis[i] + rank : axis[i];
      if (a <= 0 || a >= rank) {
        throw new IllegalArgumentException("axis " + axis[i] + " is out of range for " + what + " (rank " + rank
            + "; axis 0 is the batch)");
      }
      out[i] = a;
    }
    Arrays.sort(out);
    return out;
  }

  @Override
  public Shape outputShape(Shape in) {
    int[] kept = resolve(axis, in.numDimensions(), "input of shape " + Shapes.text(in));
    long[] d = new long[kept.length];
    for (int i = 0; i < kept.length; i++) {
      d[i] = in.get(kept[i]);
      if (d[i] < 0) throw shapeError("known sizes on axis " + Arrays.toString(axis), in, null);
    }
    Shape want = Shape.of(d);
    Shape have = statShape != null ? statShape : adapted != null ? adapted.shape() : null;
    if (have != null && !have.equals(want)) {
      throw shapeError("statistics of shape " + Shapes.text(have) + " on axis " + Arrays.toString(axis), in,
          "adapt the layer on data with the same feature dimensions.");
    }
    int stats = (int) want.size();
    for (float[] fixed : new float[][] {fixedMean, fixedVariance}) {
      if (fixed != null && fixed.length != 1 && fixed.length != stats) {
        throw shapeError(fixed.length + " statistics (from mean/variance)", in, "pass one value or one per index of axis "
            + Arrays.toString(axis) + ".");
      }
    }
    return in;
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    if ((fixedMean == null) != (fixedVariance == null)) {
      throw new IllegalArgumentException("Layer '" + shownName() + "' (Normalization) needs both mean and variance, or "
          + "neither (then adapt it)");
    }
    int[] kept = resolve(axis, in.numDimensions(), "input of shape " + Shapes.text(in));
    long[] d = new long[kept.length];
    for (int i = 0; i < kept.length; i++) d[i] = in.get(kept[i]);
    statShape = Shape.of(d);
    if (fixedMean != null) return;
    boolean a = adapted != null;
    mean = w.add("mean", statShape, a ? values(adapted.mean()) : Initializers.zeros()).nonTrainable();
    variance = w.add("variance", statShape, a ? values(adapted.variance()) : Initializers.ones()).nonTrainable();
    count = w.add("count", Shape.scalar(), a ? values(new float[] {adapted.count()}) : Initializers.zeros()).nonTrainable();
  }

  /** An initializer that yields adapted values. */
  private static Initializer values(float[] v) {
    return new Initializer() {
      public float[] generate(Shape shape, SplittableRandom rng) { return v.clone(); }

      public String kerasName() { return "Constant"; }
    };
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int rank = x.shape().numDimensions();
    int[] kept = resolve(axis, rank, "input");
    long[] broadcast = new long[rank];
    Arrays.fill(broadcast, 1);
    for (int k : kept) broadcast[k] = x.shape().get(k);
    Operand<TFloat32> m;
    Operand<TFloat32> v;
    if (fixedMean != null) {
      m = constant(tf, fixedMean, broadcast);
      v = constant(tf, fixedVariance, broadcast);
    } else {
      m = tf.reshape(mean.value(), tf.constant(broadcast));
      v = tf.reshape(variance.value(), tf.constant(broadcast));
    }
    Operand<TFloat32> scale = tf.math.maximum(tf.math.sqrt(v), tf.constant(EPSILON));
    return invert ? tf.math.add(m, tf.math.mul(x, scale)) : tf.math.div(tf.math.sub(x, m), scale);
  }

  private static Operand<TFloat32> constant(Ops tf, float[] values, long[] broadcast) {
    if (values.length == 1) return tf.constant(values[0]);
    return tf.constant(Shape.of(broadcast), DataBuffers.of(values, true, false));
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("axis", Arrays.stream(axis).boxed().toList());
    c.put("invert", invert);
    c.put("mean", list(fixedMean));
    c.put("variance", list(fixedVariance));
    return c;
  }

  private static List<Double> list(float[] v) {
    if (v == null) return null;
    List<Double> out = new ArrayList<>();
    for (float f : v) out.add((double) f);
    return out;
  }

  private static float[] floats(Object o) {
    if (o == null) return null;
    if (o instanceof Number n) return new float[] {n.floatValue()};
    List<?> l = (List<?>) o;
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).floatValue();
    return out;
  }

  /** Rebuilds from a Keras config ({@code axis} may be an integer, a list, or null for scalar statistics). */
  public static Normalization fromConfig(Map<String, Object> c) {
    Normalization n = new Normalization();
    Object a = c.get("axis");
    if (c.containsKey("axis")) {
      n.axis(a == null ? new int[0] : Arrays.stream(Configs.longs(c, "axis")).mapToInt(x -> (int) x).toArray());
    }
    n.invert = Configs.bool(c, "invert", false);
    n.fixedMean = floats(c.get("mean"));
    n.fixedVariance = floats(c.get("variance"));
    return Configs.common(n, c);
  }
}
