package io.tfweave.data.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values were printed by numpy 1.24's {@code np.random.RandomState}. */
class NumpyRandomStateTest {
  @Test
  void rawOutputsAreMt19937() {
    NumpyRandomState rs = new NumpyRandomState(5489);
    assertEquals(3499211612L, rs.nextUint32());
    assertEquals(581869302L, rs.nextUint32());
    assertEquals(3890346734L, rs.nextUint32());
  }

  @Test
  void shuffleMatchesNumpy() {
    assertArrayEquals(
        new int[] {9, 3, 6, 1, 0, 7, 4, 8, 2, 5}, new NumpyRandomState(113).permutation(10));
    assertArrayEquals(
        new int[] {2, 1, 7, 9, 6, 4, 5, 3, 8, 0}, new NumpyRandomState(226).permutation(10));
    assertArrayEquals(
        new int[] {18, 1, 19, 8, 10, 17, 6, 13, 4, 2, 5, 14, 9, 7, 16, 11, 3, 0, 15, 12},
        new NumpyRandomState(0).permutation(20));
    assertArrayEquals(
        new int[] {1, 5, 0, 6, 4, 2, 3}, new NumpyRandomState(4294967295L).permutation(7));
    assertArrayEquals(new int[] {0}, new NumpyRandomState(42).permutation(1));
  }

  @Test
  void secondShuffleContinuesTheStreamLikeKerasImdb() {
    // rng = RandomState(113); rng.shuffle(arange(25000)); rng.shuffle(arange(25000))
    NumpyRandomState rs = new NumpyRandomState(113);
    int[] a = rs.permutation(25000);
    int[] b = rs.permutation(25000);
    assertArrayEquals(new int[] {7798, 13226, 18078, 793, 17499}, java.util.Arrays.copyOf(a, 5));
    assertArrayEquals(
        new int[] {22690, 4828, 14501}, java.util.Arrays.copyOfRange(a, 24997, 25000));
    assertArrayEquals(new int[] {22748, 4083, 8015, 13688, 5310}, java.util.Arrays.copyOf(b, 5));
    long checksum = 0;
    for (int i = 0; i < a.length; i++) {
      checksum += (long) a[i] * i;
    }
    assertEquals(424415, checksum % 1000003);
  }

  @Test
  void listShuffleEqualsArrayShuffle() {
    List<String> names = new ArrayList<>(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
    new NumpyRandomState(113).shuffle(names);
    assertEquals(List.of("j", "d", "g", "b", "a", "h", "e", "i", "c", "f"), names);
  }

  @Test
  void rejectsSeedsOutsideUint32() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
    assertTrue(e.getMessage().contains("Received: seed=-1"));
  }
}
