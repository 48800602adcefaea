package io.tfweave.training;

import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * The in-memory path's batches: the rows of each step are copied from the caller's Java arrays straight into native
 * tensors that feed the step graph's batch placeholders. The data is never copied whole (not into the graph, not into
 * another Java array), so {@code fit} holds the caller's arrays plus a batch; arrays of several chunks ({@link
 * HostArray#ofChunks}, more than 2^31 - 1 values) read as one. Rows are {@code [from, to)} of the arrays (a validation
 * split is the tail of the same arrays); int arrays fed to float inputs, and the reverse, are converted row by row.
 */
final class HostBatches {
  /** Native bytes of batch tensors alive now and at most (a test hook: fit's memory is the data plus this peak). */
  static final AtomicLong LIVE_BYTES = new AtomicLong();

  static final AtomicLong PEAK_BYTES = new AtomicLong();

  private final List<HostArray> sources = new ArrayList<>();
  private final List<DType> types = new ArrayList<>();
  private final int from;
  private final int to;

  /**
   * Batches of rows {@code [from, to)} of {@code inputs} (as {@code inputTypes}), then {@code targets} and {@code
   * weights} (float32, either may be null).
   */
  HostBatches(
      List<HostArray> inputs,
      List<DType> inputTypes,
      HostArray targets,
      HostArray weights,
      int from,
      int to) {
    for (int i = 0; i < inputs.size(); i++) {
      sources.add(inputs.get(i));
      types.add(inputTypes.get(i));
    }
    for (HostArray a : new HostArray[] {targets, weights}) {
      if (a != null) {
        sources.add(a);
        types.add(DType.FLOAT32);
      }
    }
    this.from = from;
    this.to = to;
  }

  /** Number of rows. */
  int size() {
    return to - from;
  }

  /** One tensor per source (inputs, targets, weights) of the rows {@code idx} (relative to {@code from}); close them. */
  Batch batch(int[] idx) {
    List<Tensor> out = new ArrayList<>(sources.size());
    long bytes = 0;
    try {
      for (int s = 0; s < sources.size(); s++) {
        Tensor t = gather(sources.get(s), types.get(s), idx);
        out.add(t);
        bytes += t.numBytes();
      }
    } catch (RuntimeException e) {
      out.forEach(Tensor::close);
      throw e;
    }
    PEAK_BYTES.accumulateAndGet(LIVE_BYTES.addAndGet(bytes), Math::max);
    return new Batch(out, bytes);
  }

  private Tensor gather(HostArray a, DType type, int[] idx) {
    int n = a.sampleSize();
    long[] dims = a.shape().asArray().clone();
    dims[0] = idx.length;
    Shape shape = Shape.of(dims);
    int rows = a.chunkRows();
    if (a.dtype() == DType.STRING) {
      String[] v = new String[idx.length * n];
      for (int k = 0; k < idx.length; k++) {
        int i = from + idx[k];
        System.arraycopy(a.chunk(i / rows).strings(), (i % rows) * n, v, k * n, n);
      }
      return TString.tensorOf(NdArrays.wrap(shape, DataBuffers.ofObjects(v)));
    }
    if (type == DType.FLOAT32 && a.dtype() == DType.FLOAT32) {
      TFloat32 t = TFloat32.tensorOf(shape);
      FloatDataBuffer b = t.asRawTensor().data().asFloats();
      if (n >= 16) {
        for (int k = 0; k < idx.length; k++) {
          int i = from + idx[k];
          b.offset((long) k * n).write(a.chunk(i / rows).floats(), (i % rows) * n, n);
        }
      } else {
        float[] v = new float[idx.length * n];
        for (int k = 0; k < idx.length; k++) {
          int i = from + idx[k];
          System.arraycopy(a.chunk(i / rows).floats(), (i % rows) * n, v, k * n, n);
        }
        b.write(v);
      }
      return t;
    }
    if (type == DType.FLOAT32) { // int values for a float input
      float[] v = new float[idx.length * n];
      for (int k = 0; k < idx.length; k++) {
        int i = from + idx[k];
        int[] src = a.chunk(i / rows).ints();
        for (int j = 0, at = (i % rows) * n; j < n; j++) v[k * n + j] = src[at + j];
      }
      TFloat32 t = TFloat32.tensorOf(shape);
      t.asRawTensor().data().asFloats().write(v);
      return t;
    }
    int[] v = new int[idx.length * n];
    for (int k = 0; k < idx.length; k++) {
      int i = from + idx[k];
      HostArray c = a.chunk(i / rows);
      int at = (i % rows) * n;
      if (c.dtype() == DType.INT32) System.arraycopy(c.ints(), at, v, k * n, n);
      else for (int j = 0; j < n; j++) v[k * n + j] = (int) c.floats()[at + j]; // checked integral
    }
    TInt32 t = TInt32.tensorOf(shape);
    IntDataBuffer b = t.asRawTensor().data().asInts();
    b.write(v);
    return t;
  }

  /** The tensors of one batch, in source order; closing frees them. */
  static final class Batch implements AutoCloseable {
    final List<Tensor> tensors;
    private final long bytes;
    private boolean closed;

    private Batch(List<Tensor> tensors, long bytes) {
      this.tensors = tensors;
      this.bytes = bytes;
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      tensors.forEach(Tensor::close);
      LIVE_BYTES.addAndGet(-bytes);
    }
  }
}
