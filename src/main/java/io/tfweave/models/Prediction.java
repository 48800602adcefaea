package io.tfweave.models;

import io.tfweave.data.HostArray;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** The batch loop of {@code predict} on one engine's inference graph; the caller holds the engine's shared lock. */
final class Prediction {
  private Prediction() {}

  /** Runs the inference graph on {@code xs} in batches; returns one array per model output. */
  static List<HostArray> run(Engine e, List<HostArray> xs, int batchSize) {
    int n = xs.get(0).length();
    List<float[]> outs = new ArrayList<>();
    List<long[]> outShapes = new ArrayList<>();
    for (int start = 0; start < n; start += batchSize) {
      int end = Math.min(n, start + batchSize);
      List<Tensor> feeds = new ArrayList<>();
      try {
        Session.Runner r = e.session.runner();
        for (int i = 0; i < xs.size(); i++) {
          Tensor t = xs.get(i).slice(start, end).toTensor();
          feeds.add(t);
          r.feed(e.inputs.get(i), t);
        }
        for (Operand<TFloat32> o : e.outputs) r.fetch(o);
        try (Result res = e.run(r)) {
          for (int k = 0; k < e.outputs.size(); k++) {
            TFloat32 t = (TFloat32) res.get(k);
            if (start == 0) {
              long[] s = t.shape().asArray().clone();
              s[0] = n;
              outShapes.add(s);
              outs.add(new float[(int) Shape.of(s).size()]);
            }
            int per = (int) (t.shape().size() / Math.max(1, end - start));
            float[] tmp = new float[(int) t.shape().size()];
            t.copyTo(DataBuffers.of(tmp, false, false));
            System.arraycopy(tmp, 0, outs.get(k), start * per, tmp.length);
          }
        }
      } finally {
        feeds.forEach(Tensor::close);
      }
    }
    List<HostArray> result = new ArrayList<>();
    for (int k = 0; k < outs.size(); k++)
      result.add(HostArray.ofFloats(outs.get(k), outShapes.get(k)));
    return result;
  }
}
