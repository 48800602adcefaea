package io.tfweave.layers.preprocessing;

import io.tfweave.data.HostArray;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Configs;
import io.tfweave.shape.Shapes;
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
public final class Normalization extends BaseLayer<Normalization> {
  private static final float EPSILON = 1e-7f;
  private static final Option<int[]> AXIS = Option.of(
          "axis",
          new int[] {-1},
          (int[] a) -> Arrays.stream(a).boxed().toList(),
          raw -> Arrays.stream(Configs.longs(Map.of("axis", raw), "axis"))
              .mapToInt(x -> (int) x)
              .toArray())
      .whenNull(new int[0])
      .checked(Normalization::checkAxis);
  private static final Option<Boolean> INVERT = Option.bool("invert", false);
  private static final Option<float[]> MEAN = Option.floats("mean");
  private static final Option<float[]> VARIANCE =
      Option.floats("variance").checked(Normalization::checkVariance);
  private static final List<Option<?>> OPTIONS = Option.list(AXIS, INVERT, MEAN, VARIANCE);
  private Statistics adapted;
  private Shape statShape;
  private Weight mean;
  private Weight variance;
  private Weight count;

  /** Per-statistic values computed by {@link #adapt}. */
  record Statistics(Shape shape, float[] mean, float[] variance, float count) {}

  /** A normalization over the last axis, to be adapted or given mean and variance. */
  public Normalization() {
    super(OPTIONS);
  }

  /** Axes that keep their own statistics (Keras's {@code axis}; negative counts from the end; none: scalar statistics). */
  public Normalization axis(int... axes) {
    return set(AXIS, axes);
  }

  private static int[] checkAxis(int[] axes) {
    for (int a : axes) {
      if (a == 0) {
        throw new IllegalArgumentException(
            "axis must not include the batch axis 0. Received: axis=" + Arrays.toString(axes));
      }
    }
    return axes.clone();
  }

  /** Undoes the normalization instead (default false). */
  public Normalization invert(boolean b) {
    return set(INVERT, b);
  }

  /** Fixed means (one per statistic, or one value for all); with {@link #variance}, the layer has no weights. */
  public Normalization mean(float... values) {
    return set(MEAN, values.clone());
  }

  /** Fixed variances (one per statistic, or one value for all). */
  public Normalization variance(float... values) {
    return set(VARIANCE, values);
  }

  private static float[] checkVariance(float[] values) {
    for (float v : values) {
      if (!(v >= 0))
        throw new IllegalArgumentException(
            "variance must be non-negative. Received: variance=" + v);
    }
    return values.clone();
  }

  /** Computes the mean and variance of {@code data} (samples first) per index of the {@code axis} dimensions. */
  public Normalization adapt(NdArray<?> data) {
    return adapt(HostArray.of(data));
  }

  /** Computes the mean and variance of {@code data} (samples first) per index of the {@code axis} dimensions. */
  public Normalization adapt(HostArray data) {
    if (get(MEAN) != null || get(VARIANCE) != null) {
      throw new IllegalStateException("Layer '" + shownName()
          + "' (Normalization) was given mean and variance; it cannot " + "be adapted");
    }
    long bad = data.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "Layer '" + shownName() + "' (Normalization) cannot adapt to data holding "
              + data.getDouble(bad) + " at flat index " + bad + " of shape "
              + Shapes.text(data.shape()) + ": the mean and "
              + "variance would be NaN. Remove or impute non-finite values before adapt().");
    }
    Statistics s = statistics(data, get(AXIS));
    if (mean != null) {
      if (!s.shape().equals(statShape)) {
        throw new IllegalArgumentException(
            "Layer '" + shownName() + "' (Normalization) keeps statistics of shape "
                + Shapes.text(statShape) + ", but the adapt data " + Shapes.text(data.shape())
                + " gives " + Shapes.text(s.shape()));
      }
      mean.setPending(s.mean());
      variance.setPending(s.variance());
      count.setPending(new float[] {s.count()});
    }
    this.adapted = s;
    return this;
  }

  /** The statistics computed by the last {@link #adapt}, or null. */
  Statistics adapted() {
    return adapted;
  }

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
    if (total == 0)
      throw new IllegalArgumentException(
          "adapt needs at least one value. Received: shape " + data.shape());
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
        throw new IllegalArgumentException("axis " + axis[i] + " is out of range for " + what
            + " (rank " + rank + "; axis 0 is the batch)");
      }
      out[i] = a;
    }
    Arrays.sort(out);
    return out;
  }

  @Override
  public Shape outputShape(Shape in) {
    int[] axis = get(AXIS);
    int[] kept = resolve(axis, in.numDimensions(), "input of shape " + Shapes.text(in));
    long[] d = new long[kept.length];
    for (int i = 0; i < kept.length; i++) {
      d[i] = in.get(kept[i]);
      if (d[i] < 0) throw shapeError("known sizes on axis " + Arrays.toString(axis), in, null);
    }
    Shape want = Shape.of(d);
    Shape have = statShape != null ? statShape : adapted != null ? adapted.shape() : null;
    if (have != null && !have.equals(want)) {
      throw shapeError(
          "statistics of shape " + Shapes.text(have) + " on axis " + Arrays.toString(axis),
          in,
          "adapt the layer on data with the same feature dimensions.");
    }
    int stats = (int) want.size();
    for (float[] fixed : new float[][] {get(MEAN), get(VARIANCE)}) {
      if (fixed != null && fixed.length != 1 && fixed.length != stats) {
        throw shapeError(
            fixed.length + " statistics (from mean/variance)",
            in,
            "pass one value or one per index of axis " + Arrays.toString(axis) + ".");
      }
    }
    return in;
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    if ((get(MEAN) == null) != (get(VARIANCE) == null)) {
      throw new IllegalArgumentException("Layer '" + shownName()
          + "' (Normalization) needs both mean and variance, or " + "neither (then adapt it)");
    }
    int[] kept = resolve(get(AXIS), in.numDimensions(), "input of shape " + Shapes.text(in));
    long[] d = new long[kept.length];
    for (int i = 0; i < kept.length; i++) d[i] = in.get(kept[i]);
    statShape = Shape.of(d);
    if (get(MEAN) != null) return;
    boolean a = adapted != null;
    mean = w.add("mean", statShape, a ? values(adapted.mean()) : Initializers.zeros())
        .nonTrainable();
    variance = w.add("variance", statShape, a ? values(adapted.variance()) : Initializers.ones())
        .nonTrainable();
    count = w.add(
            "count",
            Shape.scalar(),
            a ? values(new float[] {adapted.count()}) : Initializers.zeros())
        .nonTrainable();
  }

  /** An initializer that yields adapted values. */
  private static Initializer values(float[] v) {
    return new Initializer() {
      public float[] generate(Shape shape, SplittableRandom rng) {
        return v.clone();
      }

      public String kerasName() {
        return "Constant";
      }
    };
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    int rank = x.shape().numDimensions();
    int[] kept = resolve(get(AXIS), rank, "input");
    long[] broadcast = new long[rank];
    Arrays.fill(broadcast, 1);
    for (int k : kept) broadcast[k] = x.shape().get(k);
    Operand<TFloat32> m;
    Operand<TFloat32> v;
    if (get(MEAN) != null) {
      m = constant(tf, get(MEAN), broadcast);
      v = constant(tf, get(VARIANCE), broadcast);
    } else {
      m = tf.reshape(mean.value(), tf.constant(broadcast));
      v = tf.reshape(variance.value(), tf.constant(broadcast));
    }
    Operand<TFloat32> scale = tf.math.maximum(tf.math.sqrt(v), tf.constant(EPSILON));
    return get(INVERT)
        ? tf.math.add(m, tf.math.mul(x, scale))
        : tf.math.div(tf.math.sub(x, m), scale);
  }

  private static Operand<TFloat32> constant(Ops tf, float[] values, long[] broadcast) {
    if (values.length == 1) return tf.constant(values[0]);
    return tf.constant(Shape.of(broadcast), DataBuffers.of(values, true, false));
  }

  /** Rebuilds from a Keras config ({@code axis} may be an integer, a list, or null for scalar statistics). */
  public static Normalization fromConfig(Map<String, Object> c) {
    return new Normalization().readConfig(c);
  }
}
