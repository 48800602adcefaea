package io.tfweave.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.models.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Shared helpers of the recurrent layer tests: random data, hand-set weights, running a model, comparing with references. */
public final class RecurrentCheck {
  private RecurrentCheck() {}

  public static float[] random(int n, long seed, double scale) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
    return a;
  }

  /** Zeroes the time steps where {@code mask} is false (so that Masking(0) reproduces the mask). */
  public static float[] applyMask(float[] x, boolean[][] mask, int time, int features) {
    float[] out = x.clone();
    for (int b = 0; b < mask.length; b++) {
      for (int t = 0; t < time; t++) {
        if (!mask[b][t]) for (int f = 0; f < features; f++) out[(b * time + t) * features + f] = 0f;
      }
    }
    return out;
  }

  public static FloatNdArray nd(float[] v, long... shape) {
    return NdArrays.wrap(Shape.of(shape), DataBuffers.of(v, false, false));
  }

  /** Sets the model's weights from flat arrays (in getWeights order) and predicts all outputs on x. */
  public static List<float[]> predict(Model m, List<float[]> weights, float[] x, long... xShape) {
    if (!weights.isEmpty()) {
      List<FloatNdArray> current = m.getWeights();
      List<FloatNdArray> values = new ArrayList<>();
      for (int i = 0; i < weights.size(); i++)
        values.add(nd(weights.get(i), current.get(i).shape().asArray()));
      m.setWeights(values);
    }
    List<FloatNdArray> out =
        m.predictAll(Dataset.ofArrays(List.of(HostArray.ofFloats(x, xShape)), null), 8);
    List<float[]> flat = new ArrayList<>();
    for (FloatNdArray o : out) {
      float[] f = new float[(int) o.shape().size()];
      o.copyTo(DataBuffers.of(f, false, false));
      flat.add(f);
    }
    return flat;
  }

  public static void assertClose(double[] expected, float[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > tol) {
        throw new AssertionError(
            what + " differs at " + i + ": expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }

  public static double[] flatten(double[][] a) {
    List<Double> l = new ArrayList<>();
    for (double[] r : a) for (double v : r) l.add(v);
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  public static double[] flatten(double[][][] a) {
    List<Double> l = new ArrayList<>();
    for (double[][] m : a) for (double[] r : m) for (double v : r) l.add(v);
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Number of ops of {@code type} in the model's graph. */
  public static int countOps(Model m, String type) {
    int n = 0;
    var it = m.graphAccess().graph().operations();
    while (it.hasNext()) if (it.next().type().equals(type)) n++;
    return n;
  }

  /** The state {@code i} of every sample, flattened [batch, units]. */
  static double[] state(RnnReference.Result r, int i) {
    double[][] s = new double[r.states().length][];
    for (int b = 0; b < s.length; b++) s[b] = r.states()[b][i];
    return flatten(s);
  }
}
