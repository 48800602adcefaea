package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

class SequencesTest {
  private static final int[][] KERAS_EXAMPLE = {{1}, {2, 3}, {4, 5, 6}};

  private static int[][] pad(int[][] s, PadOptions o) {
    IntNdArray a = Sequences.padSequences(s, o);
    return StdArrays.array2dCopyOf(a);
  }

  @Test
  void kerasDocstringExamples() {
    assertArrayEquals(
        new int[][] {{0, 0, 1}, {0, 2, 3}, {4, 5, 6}}, pad(KERAS_EXAMPLE, PadOptions.defaults()));
    assertArrayEquals(
        new int[][] {{-1, -1, 1}, {-1, 2, 3}, {4, 5, 6}},
        pad(KERAS_EXAMPLE, PadOptions.defaults().value(-1)));
    assertArrayEquals(
        new int[][] {{1, 0, 0}, {2, 3, 0}, {4, 5, 6}},
        pad(KERAS_EXAMPLE, PadOptions.defaults().padding("post")));
    assertArrayEquals(
        new int[][] {{0, 1}, {2, 3}, {5, 6}},
        pad(KERAS_EXAMPLE, PadOptions.defaults().maxlen(2)));
  }

  @Test
  void truncationSides() {
    int[][] s = {{1, 2, 3, 4, 5}, {6, 7}};
    assertArrayEquals(
        new int[][] {{3, 4, 5}, {0, 6, 7}}, pad(s, PadOptions.defaults().maxlen(3)));
    assertArrayEquals(
        new int[][] {{1, 2, 3}, {0, 6, 7}},
        pad(s, PadOptions.defaults().maxlen(3).truncating("post")));
    assertArrayEquals(
        new int[][] {{1, 2, 3}, {6, 7, 9}},
        pad(
            s,
            PadOptions.defaults().maxlen(3).truncating("post").padding("post").value(9)));
    assertArrayEquals(
        new int[][] {{3, 4, 5}, {6, 7, 0}},
        pad(s, PadOptions.defaults().maxlen(3).padding("post")));
  }

  @Test
  void longerMaxlenAndEmptySequences() {
    assertArrayEquals(
        new int[][] {{0, 0, 0, 0}, {0, 0, 0, 7}},
        pad(new int[][] {{}, {7}}, PadOptions.defaults().maxlen(4)));
    assertArrayEquals(new int[][] {{0}, {7}}, pad(new int[][] {{}, {7}}, PadOptions.defaults()));
    assertEquals(
        Shape.of(2, 0),
        Sequences.padSequences(new int[][] {{}, {}}, PadOptions.defaults()).shape());
    assertEquals(
        Shape.of(0, 5),
        Sequences.padSequences(new int[0][], PadOptions.defaults().maxlen(5)).shape());
  }

  @Test
  void errors() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PadOptions.defaults().maxlen(0));
    assertEquals("maxlen must be a positive integer. Received: maxlen=0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PadOptions.defaults().padding("mid"));
    assertEquals(
        "padding must be one of \"pre\", \"post\". Received: padding=\"mid\"", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PadOptions.defaults().truncating(null));
    assertTrue(e.getMessage().contains("Received: truncating=null"));
    e = assertThrows(
        IllegalArgumentException.class,
        () -> Sequences.padSequences(new int[][] {{1}, null}, PadOptions.defaults()));
    assertTrue(e.getMessage().contains("Received: sequences[1]=null"));
  }
}
