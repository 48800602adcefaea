package io.tfweave.models;

import io.tfweave.graph.Weight;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Reads and writes all of a model's weights at once as ndarrays ({@code getWeights}/{@code setWeights}). */
final class WeightValues {
  private WeightValues() {}

  /** Copies of all weights, in {@link #weights()} order. */
  static List<FloatNdArray> read(Engine e) {
    e.sync();
    List<Weight> ws = e.weights();
    List<float[]> values = e.readAll(ws);
    List<FloatNdArray> out = new ArrayList<>();
    for (int i = 0; i < ws.size(); i++)
      out.add(NdArrays.wrap(ws.get(i).shape(), DataBuffers.of(values.get(i), false, false)));
    return out;
  }

  /** Sets all weights (same order and shapes as {@link #getWeights()}). */
  static void write(Engine e, String name, List<? extends NdArray<Float>> values) {
    e.sync();
    List<Weight> ws = e.weights();
    if (values.size() != ws.size()) {
      throw new IllegalArgumentException(
          "Model '" + name + "' has " + ws.size() + " weights, received " + values.size());
    }
    List<float[]> raw = new ArrayList<>();
    for (int i = 0; i < ws.size(); i++) {
      NdArray<Float> v = values.get(i);
      if (!v.shape().equals(ws.get(i).shape())) {
        throw new IllegalArgumentException("Weight '" + ws.get(i).path() + "' has shape "
            + ws.get(i).shape() + ", received " + v.shape());
      }
      float[] f = new float[(int) v.shape().size()];
      v.copyTo(DataBuffers.of(f, false, false));
      raw.add(f);
    }
    e.assign(ws, raw);
  }
}
