package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Up to {@code capacity} generator samples packed row-major per component, checked against the spec as they arrive. */
final class ChunkBuffer {
  private final List<TensorSpec> spec;
  private final List<Object> arrays = new ArrayList<>();
  private int n;

  ChunkBuffer(List<TensorSpec> spec, int capacity) {
    this.spec = spec;
    for (TensorSpec s : spec) {
      int size = (int) (s.shape().size() * capacity);
      arrays.add(
          s.dtype() == TFloat32.class
              ? new float[size]
              : s.dtype() == TInt32.class ? new int[size] : new long[size]);
    }
  }

  int size() {
    return n;
  }

  void clear() {
    n = 0;
  }

  /** Appends one sample (one array or number per component); fails naming the sample and component. */
  void add(Object[] sample, long index) {
    if (sample == null || sample.length != spec.size()) {
      throw new IllegalArgumentException(
          "Generator sample " + index + " has " + (sample == null ? "no" : sample.length)
              + " components, but the spec lists " + spec.size() + ": " + spec);
    }
    for (int c = 0; c < spec.size(); c++) {
      TensorSpec s = spec.get(c);
      int per = (int) s.shape().size();
      Object v = sample[c];
      int len = v instanceof float[] f
          ? f.length
          : v instanceof double[] d
              ? d.length
              : v instanceof int[] i
                  ? i.length
                  : v instanceof long[] l ? l.length : v instanceof Number ? 1 : -1;
      boolean integral = !(v instanceof float[]
          || v instanceof double[]
          || v instanceof Float
          || v instanceof Double);
      if (len != per || (s.dtype() != TFloat32.class && !integral)) {
        throw new IllegalArgumentException(
            "Generator sample " + index + ", component '" + s.name() + "': expected "
                + (s.dtype() == TFloat32.class ? "a float[]" : "an int[] or long[]") + " of " + per
                + " values (" + s
                + "), got " + describe(v));
      }
      Object dst = arrays.get(c);
      for (int k = 0; k < per; k++) {
        double x = v instanceof float[] f
            ? f[k]
            : v instanceof double[] d
                ? d[k]
                : v instanceof int[] i
                    ? i[k]
                    : v instanceof long[] l ? l[k] : ((Number) v).doubleValue();
        long w = v instanceof long[] l
            ? l[k]
            : v instanceof Number num && integral ? num.longValue() : (long) x;
        int at = n * per + k;
        if (dst instanceof float[] f) f[at] = (float) x;
        else if (dst instanceof int[] i) i[at] = Math.toIntExact(w);
        else ((long[]) dst)[at] = w;
      }
    }
    n++;
  }

  private static String describe(Object v) {
    if (v == null) return "null";
    if (v instanceof float[] f) return "a float[] of " + f.length + " values";
    if (v instanceof double[] d) return "a double[] of " + d.length + " values";
    if (v instanceof int[] i) return "an int[] of " + i.length + " values";
    if (v instanceof long[] l) return "a long[] of " + l.length + " values";
    return "a " + v.getClass().getSimpleName();
  }

  /** Tensors of the samples so far (close them). */
  List<Tensor> tensors() {
    List<Tensor> out = new ArrayList<>();
    for (int c = 0; c < spec.size(); c++)
      out.add(GeneratorFeeder.tensor(spec.get(c), n, arrays.get(c)));
    return out;
  }
}
