package io.tfweave.data;

import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Converts between integer class labels and one-hot (or probability) rows: {@link #encode} for categorical losses,
 * {@link #argmax} to turn model outputs back into predicted labels.
 */
public final class OneHot {
  private OneHot() {}

  /** {@code [n, classes]} rows with a 1 at each label. */
  public static float[] encode(int[] labels, int classes) {
    if (classes <= 0)
      throw new IllegalArgumentException(
          "classes must be a positive integer. Received: classes=" + classes);
    float[] out = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "Label " + labels[i] + " at index " + i + " is outside [0, " + classes + ")");
      }
      out[i * classes + labels[i]] = 1f;
    }
    return out;
  }

  /** One-hot targets {@code [n, classes]} from labels {@code [n]} (float or int, integral values). */
  public static HostArray encode(HostArray labels, int classes) {
    int[] l = labels(labels);
    return HostArray.ofFloats(encode(l, classes), l.length, classes);
  }

  /** Integer labels from a label array of shape {@code [n]} or {@code [n, 1]}. */
  public static int[] labels(HostArray labels) {
    if (labels.sampleSize() != 1) {
      throw new IllegalArgumentException(
          "labels must have one value per sample. Received: shape " + labels.shape());
    }
    return labels.asInt("labels").ints().clone();
  }

  /** The index of the largest value in each row of {@code [n, classes]} scores. */
  public static int[] argmax(float[] scores, int classes) {
    if (classes <= 0 || scores.length % classes != 0) {
      throw new IllegalArgumentException(
          "scores length " + scores.length + " is not a multiple of classes=" + classes);
    }
    int[] out = new int[scores.length / classes];
    for (int i = 0; i < out.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++)
        if (scores[i * classes + c] > scores[i * classes + best]) best = c;
      out[i] = best;
    }
    return out;
  }

  /** Predicted labels from model outputs {@code [n, classes]} (e.g. {@code model.predict(x)}). */
  public static int[] argmax(FloatNdArray scores) {
    Shape s = scores.shape();
    if (s.numDimensions() != 2)
      throw new IllegalArgumentException("scores must have shape [n, classes]. Received: " + s);
    float[] f = new float[(int) s.size()];
    scores.copyTo(DataBuffers.of(f, false, false));
    return argmax(f, (int) s.get(1));
  }
}
