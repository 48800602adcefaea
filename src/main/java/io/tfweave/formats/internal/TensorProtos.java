package io.tfweave.formats.internal;

import java.nio.ByteOrder;
import java.util.List;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;

/** Reads the numbers in a numeric {@code TensorProto}, from {@code tensor_content} or the typed value lists. */
public final class TensorProtos {
  private TensorProtos() {}

  /** The elements as doubles in row-major order; a single typed value fills the whole shape, as in TF. */
  public static double[] toDoubles(TensorProto t) {
    DataType type = t.getDtype();
    int n = (int) Shapes.of(t.getTensorShape()).size();
    if (!t.getTensorContent().isEmpty()) {
      byte[] raw = t.getTensorContent().toByteArray();
      if (TensorBytes.FLOATING.contains(type)) {
        return TensorBytes.toDoubles(type, raw, ByteOrder.LITTLE_ENDIAN);
      }
      if (TensorBytes.INT64_COMPATIBLE.contains(type)) {
        long[] l = TensorBytes.toLongs(type, raw, ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[l.length];
        for (int i = 0; i < l.length; i++) {
          out[i] = l[i];
        }
        return out;
      }
      throw unsupported(type);
    }
    List<? extends Number> vals;
    switch (type) {
      case DT_FLOAT:
        vals = t.getFloatValList();
        break;
      case DT_DOUBLE:
        vals = t.getDoubleValList();
        break;
      case DT_INT32:
      case DT_INT16:
      case DT_INT8:
      case DT_UINT8:
      case DT_UINT16:
        vals = t.getIntValList();
        break;
      case DT_INT64:
        vals = t.getInt64ValList();
        break;
      case DT_HALF:
      case DT_BFLOAT16:
        vals = t.getHalfValList();
        break;
      case DT_BOOL:
        double[] b = new double[Math.max(n, t.getBoolValCount())];
        for (int i = 0; i < b.length; i++) {
          b[i] = t.getBoolVal(Math.min(i, t.getBoolValCount() - 1)) ? 1 : 0;
        }
        return b;
      default:
        throw unsupported(type);
    }
    double[] out = new double[Math.max(n, vals.size())];
    for (int i = 0; i < out.length && !vals.isEmpty(); i++) {
      Number v = vals.get(Math.min(i, vals.size() - 1));
      if (type == DataType.DT_HALF) {
        out[i] = TensorBytes.halfToFloat((short) v.intValue());
      } else if (type == DataType.DT_BFLOAT16) {
        out[i] = Float.intBitsToFloat(v.intValue() << 16);
      } else {
        out[i] = v.doubleValue();
      }
    }
    return out;
  }

  private static IllegalArgumentException unsupported(DataType type) {
    return new IllegalArgumentException("expected a numeric tensor (float, double, half, bfloat16,"
        + " integer or bool), but received " + type);
  }
}
