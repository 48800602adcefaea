package io.tfweave.layers.preprocessing;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.KerasEnum;
import io.tfweave.layers.Option;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TNumber;

/**
 * Hashes strings or integers into {@code numBins} bins (Keras's {@code Hashing}), in the graph: Keras's FarmHash64
 * fingerprint ({@code StringToHashBucketFast}), or with a {@code salt} the keyed SipHash ({@code StringToHashBucketStrong},
 * key {@code [salt, salt]} for one number). Numbers are hashed as the decimal text of their int64 value ({@code AsString};
 * floats are truncated first), as Keras does.
 *
 * <p>With a {@code maskValue}, inputs equal to it map to bin 0 and the others to {@code 1 + hash % (numBins − 1)}. Input:
 * strings or integers of any shape; output: int64 bin indices of the same shape ({@code int} mode; the one-hot, multi-hot
 * and count modes of Keras are not supported here: follow with {@code CategoryEncoding}).
 */
public final class Hashing extends BaseLayer<Hashing> {
  private static final Option<Integer> NUM_BINS =
      Option.integer("num_bins").required().checked(n -> Checks.positive("num_bins", n));
  private static final Option<Object> MASK_VALUE =
      Option.of("mask_value", (Object) null, v -> v, raw -> raw).nullable();
  private static final Option<List<Long>> SALT = Option.of(
          "salt", (List<Long>) null, (List<Long> s) -> s, Hashing::readSalt)
      .nullable();
  private static final Option<OutputMode> OUTPUT_MODE = Option.mode(
          "output_mode", OutputMode.class, OutputMode.INT)
      .checked(m -> KerasEnum.check("output_mode", m, OutputMode.INT));
  private static final Option<Boolean> SPARSE =
      Option.fixed("sparse", false, "Only sparse=false is supported.");
  private static final List<Option<?>> OPTIONS =
      Option.list(NUM_BINS, MASK_VALUE, SALT, OUTPUT_MODE, SPARSE);

  /** Hashes into {@code numBins} bins (FarmHash fingerprint, no mask, no salt). */
  public Hashing(int numBins) {
    super(OPTIONS);
    set(NUM_BINS, numBins);
  }

  private static List<Long> readSalt(Object raw) {
    List<Long> out = new ArrayList<>();
    if (raw instanceof Number n) {
      out.add(n.longValue());
      out.add(n.longValue());
    } else {
      for (Object o : (List<?>) raw) out.add(((Number) o).longValue());
    }
    if (out.size() != 2) {
      throw new IllegalArgumentException(
          "salt must be one integer or a list of 2 integers. Received: salt=" + raw);
    }
    return List.copyOf(out);
  }

  /** A string (string inputs) that maps to bin 0; the others share bins 1 … numBins − 1. */
  public Hashing maskValue(String v) {
    return set(MASK_VALUE, v);
  }

  /** An integer (integer inputs) that maps to bin 0; the others share bins 1 … numBins − 1. */
  public Hashing maskValue(long v) {
    return set(MASK_VALUE, v);
  }

  /** Keyed hashing with key {@code [salt, salt]} (Keras's {@code salt=int}). */
  public Hashing salt(long salt) {
    return set(SALT, List.of(salt, salt));
  }

  /** Keyed hashing with the two 64-bit key halves (Keras's {@code salt=[a, b]}). */
  public Hashing salt(long a, long b) {
    return set(SALT, List.of(a, b));
  }

  /** The number of bins. */
  public int numBins() {
    return get(NUM_BINS);
  }

  @Override
  public Shape outputShape(Shape in) {
    return in;
  }

  @Override
  protected List<DType> outputDTypes(List<DType> in, int outputs) {
    return List.of(DType.INT64);
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    return List.of(hash(tf, x.get(0)));
  }

  /** The bins of {@code values} (strings or integers). */
  public Operand<TInt64> hash(Ops tf, Operand<?> values) {
    Object maskValue = get(MASK_VALUE);
    Operand<TString> text;
    Operand<TBool> mask = null;
    if (values.type() == TString.class) {
      text = values.asOutput().expect(TString.class);
      if (maskValue != null) mask = tf.math.equal(text, tf.constant(maskValue.toString()));
    } else {
      @SuppressWarnings("unchecked")
      Operand<? extends TNumber> ints = (Operand<? extends TNumber>) values;
      Operand<TInt64> longs = tf.dtypes.cast(ints, TInt64.class);
      text = tf.dtypes.asString(longs);
      if (maskValue != null) {
        long m =
            maskValue instanceof Number n ? n.longValue() : Long.parseLong(maskValue.toString());
        mask = tf.math.equal(longs, tf.constant(m));
      }
    }
    long bins = numBins() > 1 && maskValue != null ? numBins() - 1 : numBins();
    List<Long> salt = get(SALT);
    Operand<TInt64> h = salt == null
        ? tf.strings.toHashBucketFast(text, bins)
        : tf.strings.toHashBucketStrong(text, bins, salt);
    if (mask == null) return h;
    return tf.select(mask, tf.zerosLike(h), tf.math.add(h, tf.constant(1L)));
  }

  /** Rebuilds from a Keras config. */
  public static Hashing fromConfig(Map<String, Object> c) {
    return new Hashing(NUM_BINS.read(c)).readConfig(c);
  }
}
