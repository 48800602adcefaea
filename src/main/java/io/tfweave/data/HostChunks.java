package io.tfweave.data;

import io.tfweave.graph.DType;
import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Helpers of chunked {@link HostArray}s: joining samples and copying every chunk into one tensor. */
final class HostChunks {
  /** The most values one chunk holds; tests lower it so that small arrays are chunked. */
  static volatile long maxChunkValues = Integer.MAX_VALUE - 8;

  private HostChunks() {}

  /** The samples of {@code parts} (one-chunk arrays of {@code like}'s dtype) joined into one array of {@code n}. */
  static HostArray concat(List<HostArray> parts, HostArray like, int n) {
    long[] dims = like.shape().asArray().clone();
    dims[0] = n;
    int per = like.sampleSize();
    int at = 0;
    switch (like.dtype()) {
      case FLOAT32 -> {
        float[] out = new float[n * per];
        for (HostArray p : parts) {
          System.arraycopy(p.floats(), 0, out, at, p.floats().length);
          at += p.floats().length;
        }
        return HostArray.ofFloats(out, dims);
      }
      case STRING -> {
        String[] out = new String[n * per];
        for (HostArray p : parts) {
          System.arraycopy(p.strings(), 0, out, at, p.strings().length);
          at += p.strings().length;
        }
        return HostArray.ofStrings(out, dims);
      }
      default -> {
        int[] out = new int[n * per];
        for (HostArray p : parts) {
          System.arraycopy(p.ints(), 0, out, at, p.ints().length);
          at += p.ints().length;
        }
        return HostArray.ofInts(out, dims);
      }
    }
  }

  /** One tensor of all the chunks' values (float32 or int32; a string tensor cannot hold so many). */
  static Tensor toTensor(HostArray a) {
    if (a.dtype() == DType.STRING) {
      throw new IllegalStateException("A chunked string array of shape " + a.shape()
          + " cannot become one tensor; feed it in batches (fit and evaluate do)");
    }
    if (a.dtype() == DType.FLOAT32) {
      TFloat32 t = TFloat32.tensorOf(a.shape());
      FloatDataBuffer b = t.asRawTensor().data().asFloats();
      long at = 0;
      for (int c = 0; c < a.chunkCount(); c++) {
        float[] v = a.chunk(c).floats();
        b.offset(at).write(v);
        at += v.length;
      }
      return t;
    }
    TInt32 t = TInt32.tensorOf(a.shape());
    IntDataBuffer b = t.asRawTensor().data().asInts();
    long at = 0;
    for (int c = 0; c < a.chunkCount(); c++) {
      int[] v = a.chunk(c).ints();
      b.offset(at).write(v);
      at += v.length;
    }
    return t;
  }
}
