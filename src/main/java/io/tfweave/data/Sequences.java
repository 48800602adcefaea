package io.tfweave.data;

import io.tfweave.internal.DataChecks;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Turns ragged integer sequences into rectangular arrays, like Keras's sequence utilities. */
public final class Sequences {
  private Sequences() {}

  /**
   * Pads and truncates {@code sequences} to one length, exactly like Keras's
   * {@code pad_sequences}.
   *
   * <p>The length is {@code options.maxlen()} or, when unset, the longest sequence. A shorter
   * sequence is filled with {@code options.value()} before ({@code padding="pre"}) or after
   * ({@code "post"}) its values; a longer one keeps its last ({@code truncating="pre"}) or
   * first ({@code "post"}) {@code maxlen} values. For example {@code [[1], [2, 3], [4, 5, 6]]}
   * with {@code maxlen=2} gives {@code [[0, 1], [2, 3], [5, 6]]}.
   *
   * @return an {@link IntNdArray} of shape {@code [sequences.length, maxlen]}
   */
  public static IntNdArray padSequences(int[][] sequences, PadOptions options) {
    DataChecks.notNull("sequences", sequences);
    DataChecks.notNull("options", options);
    int n = sequences.length;
    int maxlen;
    if (options.maxlen() != null) {
      maxlen = options.maxlen();
    } else {
      maxlen = 0;
      for (int i = 0; i < n; i++) {
        maxlen = Math.max(maxlen, row(sequences, i).length);
      }
    }
    int[] out = new int[Math.multiplyExact(n, maxlen)];
    if (options.value() != 0) {
      java.util.Arrays.fill(out, options.value());
    }
    boolean truncatePre = PadOptions.PRE.equals(options.truncating());
    boolean padPre = PadOptions.PRE.equals(options.padding());
    for (int i = 0; i < n; i++) {
      int[] s = row(sequences, i);
      int kept = Math.min(s.length, maxlen);
      int from = truncatePre ? s.length - kept : 0;
      int to = i * maxlen + (padPre ? maxlen - kept : 0);
      System.arraycopy(s, from, out, to, kept);
    }
    return NdArrays.wrap(Shape.of(n, maxlen), DataBuffers.of(out, false, false));
  }

  private static int[] row(int[][] sequences, int i) {
    if (sequences[i] == null) {
      throw new IllegalArgumentException(
          "sequences must not contain null rows. Received: sequences[" + i + "]=null");
    }
    return sequences[i];
  }
}
