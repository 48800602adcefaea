package io.tfweave.data.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/** Reads a pipeline in its own graph and session, for {@link Pipeline#toList} and {@link Pipeline#elementSpec}. */
final class PipelineReader {
  private PipelineReader() {}

  static List<TensorSpec> spec(Pipeline p) {
    try (Graph g = new Graph();
        PipelineDataset d = PipelineDataset.build(Ops.create(g), p)) {
      return d.elementSpec();
    }
  }

  static List<Map<String, NdArray<?>>> read(Pipeline p, long limit) {
    List<Map<String, NdArray<?>>> out = new ArrayList<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      try (PipelineDataset d = PipelineDataset.build(tf, p)) {
        PipelineIterator it = PipelineIterator.create(tf, d.elementSpec());
        long n = it.initialize(s, d, 1);
        if (n == -1 && limit == Long.MAX_VALUE) {
          throw new IllegalArgumentException(
              "The pipeline is infinite (" + p + "); pass a limit to toList");
        }
        List<String> names = d.elementSpec().stream().map(TensorSpec::name).toList();
        while (out.size() < limit) {
          Session.Runner r = s.runner();
          for (Output<?> o : it.next()) r.fetch(o);
          try (Result res = r.run()) {
            Map<String, NdArray<?>> e = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) e.put(names.get(i), copy(res.get(i)));
            out.add(e);
          } catch (TFOutOfRangeException end) {
            break;
          } catch (RuntimeException error) {
            RuntimeException clear = d.explain(error);
            throw clear != null ? clear : error;
          }
        }
        d.collectSkips(s);
        RuntimeException fed = d.feederError();
        if (fed != null) throw fed;
      }
    }
    return out;
  }

  /** A Java-heap copy of {@code t}. */
  static NdArray<?> copy(Tensor t) {
    if (t instanceof TFloat32 f) return copyTo(f, NdArrays.ofFloats(t.shape()));
    if (t instanceof TInt64 l) return copyTo(l, NdArrays.ofLongs(t.shape()));
    if (t instanceof TInt32 i) return copyTo(i, NdArrays.ofInts(t.shape()));
    if (t instanceof TFloat64 d) return copyTo(d, NdArrays.ofDoubles(t.shape()));
    if (t instanceof TUint8 u) return copyTo(u, NdArrays.ofBytes(t.shape()));
    if (t instanceof TBool b) return copyTo(b, NdArrays.ofBooleans(t.shape()));
    if (t instanceof TString s)
      return copyTo(s.asBytes(), NdArrays.ofObjects(byte[].class, t.shape()));
    throw new IllegalArgumentException("Cannot copy a tensor of type " + t.dataType());
  }

  private static <T, A extends NdArray<T>> A copyTo(NdArray<T> from, A to) {
    from.copyTo(to);
    return to;
  }
}
