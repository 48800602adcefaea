package io.tfweave.data.internal;

/**
 * Resizes flat {@code [height, width, channels]} float images like TensorFlow 2's
 * {@code tf.image.resize} (half-pixel centers, no antialiasing), in float arithmetic.
 */
public final class Resize {
  private Resize() {}

  /** Returns {@code "bilinear"} or {@code "nearest"} unchanged, else throws. */
  public static String checkInterpolation(String interpolation) {
    if (!"bilinear".equals(interpolation) && !"nearest".equals(interpolation)) {
      throw new IllegalArgumentException("interpolation must be \"bilinear\" or \"nearest\"."
          + " Received: interpolation="
          + (interpolation == null ? "null" : '"' + interpolation + '"'));
    }
    return interpolation;
  }

  /** Resizes with {@code "bilinear"} or {@code "nearest"} interpolation. */
  public static float[] resize(
      float[] in, int inH, int inW, int channels, int outH, int outW, String interpolation) {
    return "nearest".equals(interpolation)
        ? nearest(in, inH, inW, channels, outH, outW)
        : bilinear(in, inH, inW, channels, outH, outW);
  }

  /** Bilinear resize; source position {@code (i + 0.5) * in / out - 0.5}, clamped at the edges. */
  public static float[] bilinear(float[] in, int inH, int inW, int channels, int outH, int outW) {
    int[] y0 = new int[outH];
    int[] y1 = new int[outH];
    float[] yl = new float[outH];
    weights(inH, outH, y0, y1, yl);
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    float[] xl = new float[outW];
    weights(inW, outW, x0, x1, xl);
    float[] out = new float[outH * outW * channels];
    for (int y = 0; y < outH; y++) {
      int top = y0[y] * inW;
      int bottom = y1[y] * inW;
      for (int x = 0; x < outW; x++) {
        for (int c = 0; c < channels; c++) {
          float tl = in[(top + x0[x]) * channels + c];
          float tr = in[(top + x1[x]) * channels + c];
          float bl = in[(bottom + x0[x]) * channels + c];
          float br = in[(bottom + x1[x]) * channels + c];
          float t = tl + (tr - tl) * xl[x];
          float b = bl + (br - bl) * xl[x];
          out[(y * outW + x) * channels + c] = t + (b - t) * yl[y];
        }
      }
    }
    return out;
  }

  private static void weights(int in, int out, int[] lower, int[] upper, float[] lerp) {
    float scale = (float) in / out;
    for (int i = 0; i < out; i++) {
      float pos = (i + 0.5f) * scale - 0.5f;
      float floor = (float) Math.floor(pos);
      lower[i] = Math.max((int) floor, 0);
      upper[i] = Math.min((int) Math.ceil(pos), in - 1);
      lerp[i] = pos - floor;
    }
  }

  /** Nearest-neighbour resize; source index {@code floor((i + 0.5) * in / out)}, clamped. */
  public static float[] nearest(float[] in, int inH, int inW, int channels, int outH, int outW) {
    float sy = (float) inH / outH;
    float sx = (float) inW / outW;
    float[] out = new float[outH * outW * channels];
    for (int y = 0; y < outH; y++) {
      int iy = Math.max(0, Math.min((int) Math.floor((y + 0.5f) * sy), inH - 1));
      for (int x = 0; x < outW; x++) {
        int ix = Math.max(0, Math.min((int) Math.floor((x + 0.5f) * sx), inW - 1));
        System.arraycopy(in, (iy * inW + ix) * channels, out, (y * outW + x) * channels, channels);
      }
    }
    return out;
  }
}
