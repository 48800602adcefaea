package io.tfweave.layers;

import static io.tfweave.layers.RecurrentCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.Weight;
import io.tfweave.layers.core.Masking;
import io.tfweave.layers.recurrent.Bidirectional;
import io.tfweave.layers.recurrent.GRU;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.layers.recurrent.SimpleRNN;
import io.tfweave.models.Model;
import io.tfweave.models.ModelGraphAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;

/** Analytic gradients of the recurrent layers (fused op with its registered gradient, unrolled graphs, masks) vs finite differences. */
class RecurrentGradientTest {
  static final int B = 2;
  static final int T = 5;
  static final int F = 3;

  @Test
  void lstmFused() {
    check(in -> new LSTM(2).returnSequences(true).apply(in), false, "BlockLSTMV2");
  }

  @Test
  void lstmFusedBackwardsLastOutput() {
    check(in -> new LSTM(2).goBackwards(true).apply(in), false, "BlockLSTMV2");
  }

  @Test
  void lstmUnrolled() {
    check(in -> new LSTM(2).unroll(true).returnSequences(true).apply(in), false, null);
  }

  @Test
  void lstmMasked() {
    check(
        in -> new LSTM(2).returnSequences(true).apply(new Masking().apply(in)),
        true,
        "BlockLSTMV2");
    check(in -> new LSTM(2).goBackwards(true).apply(new Masking().apply(in)), true, "BlockLSTMV2");
    check(
        in -> new LSTM(2).unroll(true).returnSequences(true).apply(new Masking().apply(in)),
        true,
        null);
  }

  @Test
  void gru() {
    check(in -> new GRU(2).returnSequences(true).apply(in), false, null);
    check(in -> new GRU(2).resetAfter(false).apply(new Masking().apply(in)), true, null);
  }

  @Test
  void simpleRnnAndBidirectional() {
    check(in -> new SimpleRNN(2).returnSequences(true).apply(in), false, null);
    check(
        in -> new Bidirectional(new LSTM(2).returnSequences(true)).apply(new Masking().apply(in)),
        true,
        null);
  }

  /** Builds input → layer(s), loss = Σ y ∘ R, and compares d loss / d weight with central differences. */
  private static void check(
      Function<SymbolicTensor, SymbolicTensor> net, boolean masked, String fusedOp) {
    SymbolicTensor in = Input.of(T, F);
    try (Model m = Model.of(in, net.apply(in)).seed(5)) {
      float[] x = random(B * T * F, 51, 1.0);
      if (masked)
        x = RecurrentCheck.applyMask(
            x,
            new boolean[][] {{false, true, true, false, true}, {true, true, true, true, false}},
            T,
            F);
      if (fusedOp != null) assertEquals(1, RecurrentCheck.countOps(m, fusedOp), "uses " + fusedOp);
      ModelGraphAccess g = m.graphAccess();
      Ops tf = g.tf();
      Operand<TFloat32> y = g.outputs().get(0);
      long[] yShape = y.shape().asArray();
      yShape[0] = B;
      int ySize = 1;
      for (long d : yShape) ySize *= (int) d;
      float[] r = random(ySize, 52, 1.0);
      Operand<TFloat32> loss = tf.sum(
          tf.math.mul(
              y,
              tf.constant(org.tensorflow.ndarray.Shape.of(yShape), DataBuffers.of(r, true, false))),
          tf.range(tf.constant(0), tf.constant(yShape.length), tf.constant(1)));
      List<Weight> ws = m.weights();
      List<Operand<TFloat32>> vars = new ArrayList<>();
      for (Weight w : ws) vars.add(g.variable(w));
      Gradients grads = tf.gradients(loss, vars);
      List<float[]> analytic = new ArrayList<>();
      try (TFloat32 xt = TFloat32.tensorOf(
          org.tensorflow.ndarray.Shape.of(B, T, F), DataBuffers.of(x, true, false))) {
        var runner = g.session().runner().feed(g.inputs().get(0), xt);
        for (int i = 0; i < ws.size(); i++) runner.fetch(grads.dy(i));
        try (Result res = runner.run()) {
          for (int i = 0; i < ws.size(); i++) {
            TFloat32 t = (TFloat32) res.get(i);
            float[] v = new float[(int) t.shape().size()];
            t.copyTo(DataBuffers.of(v, false, false));
            analytic.add(v);
          }
        }
      }
      List<FloatNdArray> base = m.getWeights();
      double eps = 4e-3;
      double worst = 0;
      for (int wi = 0; wi < ws.size(); wi++) {
        float[] w0 = new float[(int) base.get(wi).shape().size()];
        base.get(wi).copyTo(DataBuffers.of(w0, false, false));
        int stride = Math.max(1, w0.length / 12);
        for (int k = 0; k < w0.length; k += stride) {
          double plus = lossAt(m, base, wi, k, w0[k] + eps, x, r);
          double minus = lossAt(m, base, wi, k, w0[k] - eps, x, r);
          double fd = (plus - minus) / (2 * eps);
          double an = analytic.get(wi)[k];
          double err = Math.abs(fd - an);
          worst = Math.max(worst, err);
          assertTrue(
              err <= 5e-4 + 1e-2 * Math.abs(an),
              ws.get(wi).path() + "[" + k + "]: analytic " + an + " vs finite " + "difference "
                  + fd);
        }
      }
      m.setWeights(base);
      assertTrue(worst < 2e-2);
    }
  }

  private static double lossAt(
      Model m, List<FloatNdArray> base, int wi, int k, double value, float[] x, float[] r) {
    List<FloatNdArray> ws = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      float[] v = new float[(int) base.get(i).shape().size()];
      base.get(i).copyTo(DataBuffers.of(v, false, false));
      if (i == wi) v[k] = (float) value;
      ws.add(RecurrentCheck.nd(v, base.get(i).shape().asArray()));
    }
    m.setWeights(ws);
    FloatNdArray y = m.predict(Dataset.ofArrays(List.of(HostArray.ofFloats(x, B, T, F)), null));
    float[] yv = new float[(int) y.shape().size()];
    y.copyTo(DataBuffers.of(yv, false, false));
    double l = 0;
    for (int i = 0; i < yv.length; i++) l += (double) yv[i] * r[i];
    return l;
  }
}
