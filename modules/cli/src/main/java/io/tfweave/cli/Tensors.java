package io.tfweave.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/** Converts {@link NumericArray}s to input tensors of a signature's dtype, and output tensors to JSON. */
final class Tensors {
  private Tensors() {}

  /** A tensor of {@code dtype} holding {@code a}; {@code name} names the input in errors. */
  static Tensor toTensor(NumericArray a, DataType dtype, String name) {
    Shape shape = Shape.of(a.shape());
    if (a.isText() != (dtype == DataType.DT_STRING)) {
      throw new CliException(
          "input '" + name + "' has dtype " + dtype + ", but the request gives "
              + (a.isText()
                  ? "strings; give numbers"
                  : "numbers; give the raw texts as JSON strings, e.g. {\"instances\": [\"a review\"]}"));
    }
    if (a.isText())
      return TString.tensorOf(NdArrays.wrap(shape, DataBuffers.ofObjects(a.strings())));
    double[] v = a.values();
    switch (dtype) {
      case DT_FLOAT: {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return TFloat32.tensorOf(shape, DataBuffers.of(f, true, false));
      }
      case DT_DOUBLE:
        return TFloat64.tensorOf(shape, DataBuffers.of(v, true, false));
      case DT_INT32: {
        int[] x = new int[v.length];
        for (int i = 0; i < v.length; i++)
          x[i] = (int) integral(v[i], i, name, Integer.MIN_VALUE, Integer.MAX_VALUE, "int32");
        return TInt32.tensorOf(shape, DataBuffers.of(x, true, false));
      }
      case DT_INT64: {
        long[] x = new long[v.length];
        for (int i = 0; i < v.length; i++)
          x[i] = integral(v[i], i, name, Long.MIN_VALUE, Long.MAX_VALUE, "int64");
        return TInt64.tensorOf(shape, DataBuffers.of(x, true, false));
      }
      case DT_UINT8: {
        byte[] x = new byte[v.length];
        for (int i = 0; i < v.length; i++) x[i] = (byte) integral(v[i], i, name, 0, 255, "uint8");
        return TUint8.tensorOf(shape, DataBuffers.of(x, true, false));
      }
      case DT_BOOL: {
        boolean[] x = new boolean[v.length];
        for (int i = 0; i < v.length; i++) x[i] = v[i] != 0;
        return TBool.tensorOf(shape, DataBuffers.of(x, true, false));
      }
      default:
        throw new CliException("input '" + name + "' has dtype " + dtype
            + "; predict supports float, double, int32, int64, uint8, bool and string inputs");
    }
  }

  private static long integral(double x, int i, String name, long min, long max, String type) {
    if (x != Math.rint(x) || x < min || x > max) {
      throw new CliException(
          "input '" + name + "' has dtype " + type + ", but value " + i + " (flat index) is " + x);
    }
    return (long) x;
  }

  /** The tensor as a nested JSON list (a scalar for rank 0). */
  static JsonNode toJson(Tensor t, String name) {
    long[] shape = t.shape().asArray();
    int n = Math.toIntExact(t.shape().size());
    double[] v = new double[n];
    if (t instanceof TFloat32 f) {
      float[] x = new float[n];
      f.copyTo(DataBuffers.of(x, false, false));
      for (int i = 0; i < n; i++) v[i] = x[i];
      return JsonArrays.toJson(shape, v, JsonArrays.Kind.FLOAT32);
    }
    if (t instanceof TFloat64 f) {
      f.copyTo(DataBuffers.of(v, false, false));
      return JsonArrays.toJson(shape, v, JsonArrays.Kind.FLOAT64);
    }
    if (t instanceof TInt32 x32) {
      int[] x = new int[n];
      x32.copyTo(DataBuffers.of(x, false, false));
      for (int i = 0; i < n; i++) v[i] = x[i];
      return JsonArrays.toJson(shape, v, JsonArrays.Kind.INTEGER);
    }
    if (t instanceof TInt64 x64) {
      long[] x = new long[n];
      x64.copyTo(DataBuffers.of(x, false, false));
      for (int i = 0; i < n; i++) v[i] = x[i];
      return JsonArrays.toJson(shape, v, JsonArrays.Kind.INTEGER);
    }
    if (t instanceof TUint8 u8) {
      byte[] x = new byte[n];
      u8.copyTo(DataBuffers.of(x, false, false));
      for (int i = 0; i < n; i++) v[i] = Byte.toUnsignedInt(x[i]);
      return JsonArrays.toJson(shape, v, JsonArrays.Kind.INTEGER);
    }
    if (t instanceof TBool b) {
      boolean[] x = new boolean[n];
      b.copyTo(DataBuffers.of(x, false, false));
      for (int i = 0; i < n; i++) v[i] = x[i] ? 1 : 0;
      return JsonArrays.toJson(shape, v, JsonArrays.Kind.BOOL);
    }
    if (t instanceof TString s) return strings(s, shape);
    throw new CliException(
        "output '" + name + "' has dtype " + t.dataType() + ", which predict cannot print");
  }

  private static JsonNode strings(NdArray<String> s, long[] shape) {
    if (shape.length == 0) return JsonNodeFactory.instance.textNode(s.getObject());
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (long i = 0; i < shape[0]; i++) {
      long[] rest = java.util.Arrays.copyOfRange(shape, 1, shape.length);
      a.add(strings(s.get(i), rest));
    }
    return a;
  }
}
