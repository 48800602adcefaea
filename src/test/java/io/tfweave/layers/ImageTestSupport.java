package io.tfweave.layers;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.models.Model;
import io.tfweave.models.ModelGraphAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Helpers for the image layer tests: random data, models around one layer, naive reference implementations. */
final class ImageTestSupport {
  private ImageTestSupport() {}

  static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
    return v;
  }

  static FloatNdArray nd(float[] v, long... shape) {
    return NdArrays.wrap(Shape.of(shape), DataBuffers.of(v, false, false));
  }

  static float[] flat(FloatNdArray a) {
    float[] f = new float[(int) a.shape().size()];
    a.copyTo(DataBuffers.of(f, false, false));
    return f;
  }

  /** A model of one layer on per-sample shape {@code sample}. */
  static Model single(Layer layer, long... sample) {
    var in = Input.of(sample);
    return Model.of(in, layer.apply(in)).seed(3);
  }

  /** Inference output of {@code m} on {@code x} with shape {@code shape} (batch first). */
  static float[] predict(Model m, float[] x, long... shape) {
    return flat(m.predict(Dataset.ofArrays(List.of(HostArray.ofFloats(x, shape)), null)));
  }

  /** Runs the model's training-mode forward pass once (augmentation, dropout, batch statistics active, no updates run). */
  static float[] trainingForward(Model m, float[] x, long... shape) {
    ModelGraphAccess ga = m.graphAccess();
    Ops tf = ga.tf().withSubScope("test_training_forward");
    Placeholder<TFloat32> p = tf.placeholder(
        TFloat32.class, Placeholder.shape(Shape.of(-1, shape[1], shape[2], shape[3])));
    Operand<?> out;
    try (CallContext ctx = ga.context(tf, CallMode.TRAINING)) {
      out = tf.identity(ga.forward(ctx.tf(), List.of(p), ctx.mode()).get(0));
    }
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(x, true, false));
        Result r = ga.session().runner().feed(p, t).fetch(out).run()) {
      TFloat32 y = (TFloat32) r.get(0);
      float[] f = new float[(int) y.shape().size()];
      y.copyTo(DataBuffers.of(f, false, false));
      return f;
    }
  }

  /** TensorFlow's SAME/VALID padding before the first row: {@code [outLength, padBefore]}. */
  static int[] geometry(int in, int k, int stride, int dilation, boolean same) {
    int dk = k + (k - 1) * (dilation - 1);
    if (!same) return new int[] {(in - dk) / stride + 1, 0};
    int out = (in + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + dk - in, 0);
    return new int[] {out, total / 2};
  }

  /** Naive NHWC convolution, kernel [kh, kw, c, f], no bias. */
  static float[] conv2d(
      float[] x,
      int n,
      int h,
      int w,
      int c,
      float[] k,
      int kh,
      int kw,
      int f,
      int stride,
      int dilation,
      boolean same) {
    int[] gy = geometry(h, kh, stride, dilation, same);
    int[] gx = geometry(w, kw, stride, dilation, same);
    float[] y = new float[n * gy[0] * gx[0] * f];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < gy[0]; oy++) {
        for (int ox = 0; ox < gx[0]; ox++) {
          for (int o = 0; o < f; o++) {
            double s = 0;
            for (int i = 0; i < kh; i++) {
              for (int j = 0; j < kw; j++) {
                int iy = oy * stride - gy[1] + i * dilation;
                int ix = ox * stride - gx[1] + j * dilation;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                for (int ch = 0; ch < c; ch++) {
                  s += x[((b * h + iy) * w + ix) * c + ch] * k[((i * kw + j) * c + ch) * f + o];
                }
              }
            }
            y[((b * gy[0] + oy) * gx[0] + ox) * f + o] = (float) s;
          }
        }
      }
    }
    return y;
  }

  /** Naive depthwise convolution, kernel [kh, kw, c, m]; output channel c·m + j. */
  static float[] depthwise(
      float[] x,
      int n,
      int h,
      int w,
      int c,
      float[] k,
      int kh,
      int kw,
      int m,
      int stride,
      boolean same) {
    int[] gy = geometry(h, kh, stride, 1, same);
    int[] gx = geometry(w, kw, stride, 1, same);
    float[] y = new float[n * gy[0] * gx[0] * c * m];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < gy[0]; oy++) {
        for (int ox = 0; ox < gx[0]; ox++) {
          for (int ch = 0; ch < c; ch++) {
            for (int q = 0; q < m; q++) {
              double s = 0;
              for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                  int iy = oy * stride - gy[1] + i;
                  int ix = ox * stride - gx[1] + j;
                  if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                  s += x[((b * h + iy) * w + ix) * c + ch] * k[((i * kw + j) * c + ch) * m + q];
                }
              }
              y[((b * gy[0] + oy) * gx[0] + ox) * c * m + ch * m + q] = (float) s;
            }
          }
        }
      }
    }
    return y;
  }

  static List<FloatNdArray> weights(Object... arraysAndShapes) {
    List<FloatNdArray> out = new ArrayList<>();
    for (int i = 0; i < arraysAndShapes.length; i += 2) {
      out.add(nd((float[]) arraysAndShapes[i], (long[]) arraysAndShapes[i + 1]));
    }
    return out;
  }
}
