package io.tfweave.training;

import io.tfweave.data.HostArray;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Batches of float outputs gathered in order and joined into one array (predictions of a stream of unknown length). */
final class FloatChunks {
  private final List<float[]> chunks = new ArrayList<>();
  private long[] sampleShape;
  private long samples;
  private long values;

  /** Copies one batch. */
  void add(TFloat32 t) {
    long[] dims = t.shape().asArray();
    if (sampleShape == null) sampleShape = java.util.Arrays.copyOfRange(dims, 1, dims.length);
    float[] v = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(v, false, false));
    if (values + v.length > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "The predictions exceed 2^31 values; predict on smaller pipelines (take/skip)");
    }
    chunks.add(v);
    samples += dims[0];
    values += v.length;
  }

  /** All batches as one array, samples first. */
  HostArray toArray() {
    float[] all = new float[(int) values];
    int at = 0;
    for (float[] c : chunks) {
      System.arraycopy(c, 0, all, at, c.length);
      at += c.length;
    }
    long[] shape = new long[(sampleShape == null ? 0 : sampleShape.length) + 1];
    shape[0] = samples;
    if (sampleShape != null) System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    return HostArray.ofFloats(all, shape);
  }
}
