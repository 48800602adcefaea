package io.tfweave.layers.preprocessing;

import io.tfweave.data.HostArray;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;

/**
 * Buckets continuous values into integer bin indices (Keras's {@code Discretization}, output mode {@code int}): with sorted
 * boundaries {@code b}, a value {@code x} becomes the number of boundaries {@code ≤ x}, in [0, len(b)].
 *
 * <p>Give the boundaries with {@link #binBoundaries}, or {@code numBins} and {@link #adapt} on data: the boundaries are then
 * the quantiles of Keras's approximate summary ({@code epsilon} 0.01), computed the way Keras computes them for one array.
 * The layer has no weights; the boundaries are part of its config.
 *
 * <p>Input shape: any (float or int). Output shape: same as input, int32.
 */
public final class Discretization extends BaseLayer<Discretization> {
  /** Keras's default summary precision. */
  public static final double EPSILON_DEFAULT = 0.01;

  private static final Option<float[]> BIN_BOUNDARIES = Option.floats("bin_boundaries");
  private static final Option<Integer> NUM_BINS = Option.integer("num_bins")
      .nullable()
      .checked(n -> {
        if (n < 2)
          throw new IllegalArgumentException("numBins must be at least 2. Received: numBins=" + n);
        return n;
      });
  private static final Option<Double> EPSILON = Option.number("epsilon", EPSILON_DEFAULT)
      .checked(e -> {
        if (!(e > 0 && e < 1))
          throw new IllegalArgumentException("epsilon must be in (0, 1). Received: epsilon=" + e);
        return e;
      });
  private static final Option<String> OUTPUT_MODE =
      Option.fixed("output_mode", "int", "Discretization supports output_mode int only.");
  private static final List<Option<?>> OPTIONS =
      Option.list(BIN_BOUNDARIES, NUM_BINS, EPSILON, OUTPUT_MODE);

  /** A discretization whose boundaries are set by {@link #binBoundaries} or {@link #numBins} + {@link #adapt}. */
  public Discretization() {
    super(OPTIONS);
  }

  /** Fixed, increasing bin boundaries (len + 1 bins). */
  public Discretization binBoundaries(float... b) {
    for (int i = 1; i < b.length; i++) {
      if (!(b[i] > b[i - 1])) {
        throw new IllegalArgumentException(
            "binBoundaries must be strictly increasing. Received: binBoundaries="
                + Arrays.toString(b));
      }
    }
    return set(BIN_BOUNDARIES, b.clone());
  }

  /** Number of bins that {@link #adapt} creates. */
  public Discretization numBins(int n) {
    return set(NUM_BINS, n);
  }

  /** Precision of the quantile summary (default {@link #EPSILON_DEFAULT}). */
  public Discretization epsilon(double e) {
    return set(EPSILON, e);
  }

  /** The boundaries, or null before {@link #adapt}. */
  public float[] binBoundaries() {
    return get(BIN_BOUNDARIES) == null ? null : get(BIN_BOUNDARIES).clone();
  }

  /** Sets the boundaries from the quantiles of {@code data}; needs {@link #numBins} and an unbuilt layer. */
  public Discretization adapt(NdArray<?> data) {
    return adapt(HostArray.of(data));
  }

  /** Sets the boundaries from the quantiles of {@code data}; needs {@link #numBins} and an unbuilt layer. */
  public Discretization adapt(HostArray data) {
    if (get(NUM_BINS) == null) {
      throw new IllegalStateException(
          "Layer '" + shownName() + "' (Discretization) needs numBins to adapt");
    }
    float[] v = new float[(int) data.shape().size()];
    for (int i = 0; i < v.length; i++) v[i] = (float) data.getDouble(i);
    return set(BIN_BOUNDARIES, Quantiles.binBoundaries(v, get(NUM_BINS), get(EPSILON)));
  }

  @Override
  public Shape outputShape(Shape in) {
    return in;
  }

  @Override
  protected List<DType> outputDTypes(List<DType> in, int outputs) {
    return Collections.nCopies(outputs, DType.INT32);
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    float[] boundaries = get(BIN_BOUNDARIES);
    if (boundaries == null) {
      throw new IllegalStateException(
          "Layer '" + name() + "' (Discretization) has no bin boundaries; pass binBoundaries "
              + "or call adapt before using it");
    }
    List<Float> b = new ArrayList<>();
    for (float f : boundaries) b.add(f);
    Operand<TInt32> out = tf.bucketize(toFloat(tf, x.get(0)), b);
    return List.of(out);
  }

  /** Rebuilds from a Keras config (output mode int only). */
  public static Discretization fromConfig(Map<String, Object> c) {
    return new Discretization().readConfig(c);
  }
}
