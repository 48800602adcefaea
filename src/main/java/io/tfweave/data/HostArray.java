package io.tfweave.data;

import io.tfweave.graph.DType;
import java.util.Arrays;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * A dense, row-major array in Java memory (float32, int32 or strings) whose first dimension indexes samples. It is what
 * datasets hold and what the engine copies into the graph, once per {@code fit}. String arrays hold raw text for a model
 * whose input has {@link DType#STRING} (e.g. one starting with {@code TextVectorization}); they are UTF-8 encoded when
 * they become a {@code TString} tensor.
 */
public final class HostArray {
  private final float[] floats;
  private final int[] ints;
  private final String[] strings;
  private final Shape shape;

  private HostArray(float[] floats, int[] ints, Shape shape) {
    this(floats, ints, null, shape);
  }

  private HostArray(float[] floats, int[] ints, String[] strings, Shape shape) {
    long expected = shape.size();
    long actual = floats != null ? floats.length : ints != null ? ints.length : strings.length;
    if (expected != actual) {
      throw new IllegalArgumentException(
          "Array of shape " + shape + " needs " + expected + " values, received " + actual);
    }
    if (shape.numDimensions() < 1)
      throw new IllegalArgumentException("Arrays need at least one (sample) dimension");
    this.floats = floats;
    this.ints = ints;
    this.strings = strings;
    this.shape = shape;
  }

  /** Wraps float values (not copied) with the given shape. */
  public static HostArray ofFloats(float[] values, long... shape) {
    return new HostArray(values, null, Shape.of(shape));
  }

  /** Wraps int values (not copied) with the given shape. */
  public static HostArray ofInts(int[] values, long... shape) {
    return new HostArray(null, values, Shape.of(shape));
  }

  /** Wraps strings (not copied) with the given shape; fails naming the first null element. */
  public static HostArray ofStrings(String[] values, long... shape) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null)
        throw new IllegalArgumentException(
            "String arrays must not hold null; element " + i + " is null. Fix: use \"\" instead.");
    }
    return new HostArray(null, null, values, Shape.of(shape));
  }

  /** Copies a TF ndarray (float, int or long; longs must fit in int). */
  public static HostArray of(NdArray<?> array) {
    Shape s = array.shape();
    if (array instanceof FloatNdArray f) {
      float[] v = new float[(int) s.size()];
      f.copyTo(DataBuffers.of(v, false, false));
      return new HostArray(v, null, s);
    }
    if (array instanceof IntNdArray i) {
      int[] v = new int[(int) s.size()];
      i.copyTo(DataBuffers.of(v, false, false));
      return new HostArray(null, v, s);
    }
    if (array instanceof LongNdArray l) {
      long[] v = new long[(int) s.size()];
      l.copyTo(DataBuffers.of(v, false, false));
      int[] r = new int[v.length];
      for (int k = 0; k < v.length; k++) {
        if (v[k] != (int) v[k])
          throw new IllegalArgumentException(
              "Value " + v[k] + " at index " + k + " does not fit int32");
        r[k] = (int) v[k];
      }
      return new HostArray(null, r, s);
    }
    throw new IllegalArgumentException("Unsupported array type "
        + array.getClass().getSimpleName() + "; expected FloatNdArray, IntNdArray or LongNdArray");
  }

  /** Copies a float32/int32/int64/string tensor (strings decoded as UTF-8). */
  public static HostArray of(Tensor t) {
    if (t instanceof TString s) {
      String[] v = new String[(int) s.shape().size()];
      long[] dims = s.shape().asArray();
      long[] idx = new long[dims.length];
      for (int k = 0; k < v.length; k++) {
        long r = k;
        for (int d = dims.length - 1; d >= 0; d--) {
          idx[d] = r % dims[d];
          r /= dims[d];
        }
        v[k] = s.getObject(idx);
      }
      return new HostArray(null, null, v, s.shape());
    }
    if (t instanceof TFloat32 f) return of((NdArray<?>) f);
    if (t instanceof TInt32 i) return of((NdArray<?>) i);
    if (t instanceof TInt64 l) return of((NdArray<?>) l);
    throw new IllegalArgumentException(
        "Unsupported tensor type " + t.dataType() + "; expected float32, int32, int64 or string");
  }

  /** Full shape (samples first). */
  public Shape shape() {
    return shape;
  }

  /** Number of samples. */
  public int length() {
    return (int) shape.get(0);
  }

  /** Values per sample. */
  public int sampleSize() {
    return (int) (shape.size() / Math.max(1, shape.get(0)));
  }

  /** Per-sample shape. */
  public Shape sampleShape() {
    return Shape.of(Arrays.copyOfRange(shape.asArray(), 1, shape.numDimensions()));
  }

  /** float32, int32 or string. */
  public DType dtype() {
    return floats != null ? DType.FLOAT32 : ints != null ? DType.INT32 : DType.STRING;
  }

  /** The float values (null for int arrays). */
  public float[] floats() {
    return floats;
  }

  /** The int values (null for float and string arrays). */
  public int[] ints() {
    return ints;
  }

  /** The strings (null for numeric arrays). */
  public String[] strings() {
    return strings;
  }

  /** The value at flat index {@code i} as a double; fails for string arrays. */
  public double getDouble(long i) {
    if (strings != null) throw notNumeric("getDouble");
    return floats != null ? floats[(int) i] : ints[(int) i];
  }

  private IllegalArgumentException notNumeric(String what) {
    return new IllegalArgumentException(what + " needs numbers, but this array of shape " + shape
        + " holds strings. Hint: a model takes strings only through an input of DType.STRING "
        + "(e.g. Sequential.input(DType.STRING) followed by TextVectorization).");
  }

  /** Samples at {@code indices}, copied. */
  public HostArray gather(int[] indices) {
    int n = sampleSize();
    long[] dims = shape.asArray().clone();
    dims[0] = indices.length;
    if (floats != null) {
      float[] out = new float[indices.length * n];
      for (int k = 0; k < indices.length; k++)
        System.arraycopy(floats, indices[k] * n, out, k * n, n);
      return ofFloats(out, dims);
    }
    if (strings != null) {
      String[] out = new String[indices.length * n];
      for (int k = 0; k < indices.length; k++)
        System.arraycopy(strings, indices[k] * n, out, k * n, n);
      return new HostArray(null, null, out, Shape.of(dims));
    }
    int[] out = new int[indices.length * n];
    for (int k = 0; k < indices.length; k++) System.arraycopy(ints, indices[k] * n, out, k * n, n);
    return ofInts(out, dims);
  }

  /** Samples [from, to), copied. */
  public HostArray slice(int from, int to) {
    int n = sampleSize();
    long[] dims = shape.asArray().clone();
    dims[0] = to - from;
    if (floats != null) return ofFloats(Arrays.copyOfRange(floats, from * n, to * n), dims);
    if (strings != null)
      return new HostArray(
          null, null, Arrays.copyOfRange(strings, from * n, to * n), Shape.of(dims));
    return ofInts(Arrays.copyOfRange(ints, from * n, to * n), dims);
  }

  /** The same values (not copied) viewed with {@code newShape}, which must hold as many values (samples first). */
  public HostArray reshape(long... newShape) {
    return new HostArray(floats, ints, strings, Shape.of(newShape));
  }

  /** This array as float32 (a copy for int arrays); fails for string arrays. */
  public HostArray asFloat() {
    if (floats != null) return this;
    if (strings != null) throw notNumeric("A float32 array");
    float[] f = new float[ints.length];
    for (int i = 0; i < f.length; i++) f[i] = ints[i];
    return ofFloats(f, shape.asArray());
  }

  /** This array as int32; fails naming the first non-integral value. */
  public HostArray asInt(String what) {
    if (ints != null) return this;
    if (strings != null) throw notNumeric(what);
    int[] r = new int[floats.length];
    for (int i = 0; i < r.length; i++) {
      if (floats[i] != Math.rint(floats[i])) {
        throw new IllegalArgumentException(
            what + " must hold integers, but value " + floats[i] + " was found at flat index " + i);
      }
      r[i] = (int) floats[i];
    }
    return ofInts(r, shape.asArray());
  }

  /** Finds the first NaN or infinite value, or -1. */
  public long firstNonFinite() {
    if (floats == null) return -1;
    for (int i = 0; i < floats.length; i++) if (!Float.isFinite(floats[i])) return i;
    return -1;
  }

  /** A TF tensor with a copy of the data (close it). */
  public Tensor toTensor() {
    if (floats != null) return TFloat32.tensorOf(shape, DataBuffers.of(floats, true, false));
    if (strings != null)
      return TString.tensorOf(NdArrays.wrap(shape, DataBuffers.ofObjects(strings)));
    return TInt32.tensorOf(shape, DataBuffers.of(ints, true, false));
  }

  /** A TF ndarray view of the data (not copied). */
  public NdArray<?> toNdArray() {
    if (floats != null) return NdArrays.wrap(shape, DataBuffers.of(floats, false, false));
    if (strings != null) return NdArrays.wrap(shape, DataBuffers.ofObjects(strings));
    return NdArrays.wrap(shape, DataBuffers.of(ints, false, false));
  }
}
