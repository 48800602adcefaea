package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tfweave.graph.DType;
import org.junit.jupiter.api.Test;

class JavaArraysTest {
  @Test
  void flatArraysAreWrappedNotCopied() {
    float[] f = {1, 2, 3};
    int[] i = {4, 5};
    assertSame(f, JavaArrays.of("y", f).floats());
    assertSame(i, JavaArrays.of("y", i).ints());
    assertArrayEquals(new long[] {2}, JavaArrays.of("y", i).shape().asArray());
  }

  @Test
  void nestedArraysAreCopiedRowMajorOnce() {
    HostArray m = JavaArrays.of("x", new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertArrayEquals(new long[] {2, 3}, m.shape().asArray());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.floats());
    float[][][][] images = new float[2][2][3][1];
    for (int n = 0; n < 2; n++)
      for (int h = 0; h < 2; h++)
        for (int w = 0; w < 3; w++) images[n][h][w][0] = 100 * n + 10 * h + w;
    HostArray im = JavaArrays.of("x", images);
    assertArrayEquals(new long[] {2, 2, 3, 1}, im.shape().asArray());
    assertEquals(
        112f, im.floats()[(1 * 2 + 1) * 3 + 2], "x[1][1][2][0] at flat index ((1*2+1)*3+2)*1");
    HostArray seq = JavaArrays.of("x", new float[][][] {{{1}, {2}}, {{3}, {4}}});
    assertArrayEquals(new long[] {2, 2, 1}, seq.shape().asArray());
    assertArrayEquals(new float[] {1, 2, 3, 4}, seq.floats());
  }

  @Test
  void doublesBecomeFloatsAndLongsBecomeInts() {
    HostArray d = JavaArrays.of("x", new double[][] {{0.5, 1.5}, {2.5, -3.0}});
    assertEquals(DType.FLOAT32, d.dtype());
    assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, -3f}, d.floats());
    HostArray l = JavaArrays.of("x", new long[][] {{1, 2}, {3, 2_000_000_000L}});
    assertEquals(DType.INT32, l.dtype());
    assertNull(l.floats());
    assertArrayEquals(new int[] {1, 2, 3, 2_000_000_000}, l.ints());
    assertArrayEquals(new int[] {7, 8}, JavaArrays.of("y", new long[] {7, 8}).ints());
    assertArrayEquals(
        new float[] {0.25f}, JavaArrays.of("y", new double[] {0.25}).floats());
    assertArrayEquals(
        new int[] {1, 2, 3}, JavaArrays.of("x", new int[][] {{1}, {2}, {3}}).ints());
  }

  @Test
  void raggedRowsAreNamed() {
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> JavaArrays.of("x", new float[][] {{1, 2, 3}, {4, 5}}));
    assertEquals(
        "x must be rectangular (every row of one length), but x[1] has length 2 while x[0] has length 3. Fix: give "
            + "every row the same length (Utils.padSequences pads token sequences).",
        e.getMessage());
    float[][][] deep = {{{1, 2, 3}, {4, 5, 6}}, {{7, 8}, {9, 10, 11}}};
    var d = assertThrows(IllegalArgumentException.class, () -> JavaArrays.of("x", deep));
    assertEquals(
        "x must be rectangular (every row of one length), but x[1][0] has length 2 while x[0][0] has length 3. Fix: "
            + "give every row the same length (Utils.padSequences pads token sequences).",
        d.getMessage());
    var t = assertThrows(
        IllegalArgumentException.class, () -> JavaArrays.of("x", new int[][] {{1, 2}, {3}}));
    assertEquals(
        "x must be rectangular (every row of one length), but x[1] has length 1 while x[0] has length 2. Fix: give "
            + "every row the same length (Utils.padSequences pads token sequences).",
        t.getMessage());
  }

  @Test
  void nullsAndOutOfRangeIdsAreNamed() {
    assertEquals(
        "x must not be null. Received: x=null",
        assertThrows(IllegalArgumentException.class, () -> JavaArrays.of("x", (float[][]) null))
            .getMessage());
    assertEquals(
        "x must not hold null rows. Received: x[1]=null",
        assertThrows(
                IllegalArgumentException.class, () -> JavaArrays.of("x", new float[][] {{1}, null}))
            .getMessage());
    assertEquals(
        "x must not hold null rows. Received: x[0]=null",
        assertThrows(
                IllegalArgumentException.class, () -> JavaArrays.of("x", new float[][] {null, {1}}))
            .getMessage());
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> JavaArrays.of("x", new long[][] {{1, 2}, {3, 1L << 33}}));
    assertEquals(
        "x holds 8589934592 at x[1][1], outside the int32 range the model's integer inputs use. Fix: map the ids into "
            + "[0, 2^31), e.g. to their rank in a vocabulary.",
        e.getMessage());
  }

  @Test
  void emptyArraysHaveZeroSamples() {
    HostArray e = JavaArrays.of("x", new float[0][]);
    assertArrayEquals(new long[] {0, 0}, e.shape().asArray());
    assertEquals(0, e.length());
  }

  @Test
  void reshapeIsAViewOfTheSameValues() {
    float[] v = {1, 2, 3, 4, 5, 6};
    HostArray r = HostArray.ofFloats(v, 6).reshape(3, 2, 1);
    assertSame(v, r.floats());
    assertArrayEquals(new long[] {3, 2, 1}, r.shape().asArray());
    var e = assertThrows(
        IllegalArgumentException.class, () -> HostArray.ofFloats(v, 6).reshape(4, 2));
    assertEquals("Array of shape [4, 2] needs 8 values, received 6", e.getMessage());
  }
}
