package io.tfweave.data;

import io.tfweave.graph.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * datasets hold; {@code fit} copies each batch's rows from it into the step's tensors. String arrays hold raw text for a model
 * whose input has {@link DType#STRING} (e.g. one starting with {@code TextVectorization}); they are UTF-8 encoded when
 * they become a {@code TString} tensor.
 */
public final class HostArray {
  private final float[] floats;
  private final int[] ints;
  private final String[] strings;
  private final Shape shape;
  /** The parts of an array stored in several Java arrays (each of whole samples), or null for one array. */
  private final HostArray[] chunks;

  private HostArray(HostArray[] chunks, Shape shape) {
    this.floats = null;
    this.ints = null;
    this.strings = null;
    this.chunks = chunks;
    this.shape = shape;
  }

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
    this.chunks = null;
  }

  /**
   * Joins {@code chunks} (not copied) into one array of their samples in order, for data of more values than one Java
   * array holds (2^31 - 9): every chunk has the same dtype and sample shape, and all but the last the same number of
   * samples. A chunked array reads as one in {@code fit}, {@code evaluate}, {@link #gather}, {@link #slice}; its values
   * are read chunk by chunk ({@link #chunk}), as {@link #floats()} cannot return them.
   */
  public static HostArray ofChunks(List<HostArray> chunks) {
    if (chunks.isEmpty()) throw new IllegalArgumentException("ofChunks needs at least one chunk");
    if (chunks.size() == 1) return chunks.get(0);
    HostArray first = chunks.get(0);
    long samples = 0;
    for (int c = 0; c < chunks.size(); c++) {
      HostArray a = chunks.get(c);
      if (a.chunks != null)
        throw new IllegalArgumentException("Chunk " + c + " is itself chunked; pass its chunks");
      if (a.dtype() != first.dtype() || !a.sampleShape().equals(first.sampleShape())) {
        throw new IllegalArgumentException(
            "Chunk " + c + " has dtype " + a.dtype() + " and samples of"
                + " shape " + a.sampleShape() + ", but chunk 0 has " + first.dtype() + " and "
                + first.sampleShape() + ": every chunk must hold samples of one dtype and shape");
      }
      if (c < chunks.size() - 1 && a.length() != first.length()) {
        throw new IllegalArgumentException(
            "Chunk " + c + " has " + a.length() + " samples, but chunk" + " 0 has " + first.length()
                + ": all chunks but the last need the same number");
      }
      samples += a.length();
    }
    if (samples > Integer.MAX_VALUE)
      throw new IllegalArgumentException(
          "A dataset holds at most 2^31 - 1 samples; received " + samples);
    long[] dims = first.shape.asArray().clone();
    dims[0] = samples;
    return new HostArray(chunks.toArray(new HostArray[0]), Shape.of(dims));
  }

  /** How many Java arrays hold the values (1 unless built by {@link #ofChunks}). */
  public int chunkCount() {
    return chunks == null ? 1 : chunks.length;
  }

  /** The samples of every chunk but perhaps the last ({@link #length()} for an array of one chunk). */
  public int chunkRows() {
    return chunks == null ? length() : chunks[0].length();
  }

  /** Chunk {@code c}: an array of one Java array, not copied ({@code this} for an array of one chunk). */
  public HostArray chunk(int c) {
    if (chunks == null) {
      if (c != 0) throw new IndexOutOfBoundsException("chunk " + c + " of 1");
      return this;
    }
    return chunks[c];
  }

  private IllegalStateException chunked(String what) {
    return new IllegalStateException(
        "This array of shape " + shape + " is stored in " + chunks.length
            + " chunks (more values than one Java array holds), so " + what
            + " cannot return one array;"
            + " read it chunk by chunk: chunk(i) for i < chunkCount()");
  }

  private HostArray mapChunks(java.util.function.UnaryOperator<HostArray> f) {
    List<HostArray> out = new ArrayList<>();
    for (HostArray c : chunks) out.add(f.apply(c));
    return ofChunks(out);
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

  /** Number of values (may exceed 2^31 - 1 for a chunked array). */
  public long size() {
    return shape.size();
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
    if (chunks != null) return chunks[0].dtype();
    return floats != null ? DType.FLOAT32 : ints != null ? DType.INT32 : DType.STRING;
  }

  /** The float values (null for int arrays). */
  public float[] floats() {
    if (chunks != null) throw chunked("floats()");
    return floats;
  }

  /** The int values (null for float and string arrays). */
  public int[] ints() {
    if (chunks != null) throw chunked("ints()");
    return ints;
  }

  /** The strings (null for numeric arrays). */
  public String[] strings() {
    if (chunks != null) throw chunked("strings()");
    return strings;
  }

  /** The value at flat index {@code i} as a double; fails for string arrays. */
  public double getDouble(long i) {
    if (chunks != null) {
      long per = (long) chunkRows() * sampleSize();
      return chunks[(int) (i / per)].getDouble(i % per);
    }
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
    if (chunks != null) return gatherChunked(indices);
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
    if (chunks != null) {
      int[] idx = new int[to - from];
      for (int i = 0; i < idx.length; i++) idx[i] = from + i;
      return gatherChunked(idx);
    }
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
    if (chunks != null) {
      if (newShape.length == 0 || newShape[0] != length())
        throw new IllegalArgumentException("A chunked array keeps its " + length()
            + " samples; received" + " shape " + Arrays.toString(newShape));
      return mapChunks(c -> {
        long[] d = newShape.clone();
        d[0] = c.length();
        return c.reshape(d);
      });
    }
    return new HostArray(floats, ints, strings, Shape.of(newShape));
  }

  /** This array as float32 (a copy for int arrays); fails for string arrays. */
  public HostArray asFloat() {
    if (chunks != null) return dtype() == DType.FLOAT32 ? this : mapChunks(HostArray::asFloat);
    if (floats != null) return this;
    if (strings != null) throw notNumeric("A float32 array");
    float[] f = new float[ints.length];
    for (int i = 0; i < f.length; i++) f[i] = ints[i];
    return ofFloats(f, shape.asArray());
  }

  /** This array as int32; fails naming the first non-integral value. */
  public HostArray asInt(String what) {
    if (chunks != null) return dtype() == DType.INT32 ? this : mapChunks(c -> c.asInt(what));
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
    if (chunks != null) {
      long at = 0;
      for (HostArray c : chunks) {
        long bad = c.firstNonFinite();
        if (bad >= 0) return at + bad;
        at += c.size();
      }
      return -1;
    }
    if (floats == null) return -1;
    for (int i = 0; i < floats.length; i++) if (!Float.isFinite(floats[i])) return i;
    return -1;
  }

  /** A TF tensor with a copy of the data (close it). */
  public Tensor toTensor() {
    if (chunks != null) return HostChunks.toTensor(this);
    if (floats != null) return TFloat32.tensorOf(shape, DataBuffers.of(floats, true, false));
    if (strings != null)
      return TString.tensorOf(NdArrays.wrap(shape, DataBuffers.ofObjects(strings)));
    return TInt32.tensorOf(shape, DataBuffers.of(ints, true, false));
  }

  /** A TF ndarray view of the data (not copied). */
  public NdArray<?> toNdArray() {
    if (chunks != null) throw chunked("toNdArray()");
    if (floats != null) return NdArrays.wrap(shape, DataBuffers.of(floats, false, false));
    if (strings != null) return NdArrays.wrap(shape, DataBuffers.ofObjects(strings));
    return NdArrays.wrap(shape, DataBuffers.of(ints, false, false));
  }

  private HostArray gatherChunked(int[] indices) {
    int rows = chunkRows();
    int per = Math.max(
        1, (int) Math.min(indices.length, (Integer.MAX_VALUE - 8L) / Math.max(1, sampleSize())));
    List<HostArray> out = new ArrayList<>();
    for (int from = 0; from < Math.max(1, indices.length); from += per) {
      int to = Math.min(indices.length, from + per);
      List<HostArray> parts = new ArrayList<>();
      for (int k = from; k < to; k++)
        parts.add(chunks[indices[k] / rows].slice(indices[k] % rows, indices[k] % rows + 1));
      out.add(HostChunks.concat(parts, chunks[0], to - from));
    }
    return ofChunks(out);
  }
}
