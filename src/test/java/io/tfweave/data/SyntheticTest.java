package io.tfweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticTest {
  @Test
  void twoSpiralsFollowThePaper() {
    Dataset d = Synthetic.twoSpirals();
    assertEquals(194, d.size());
    assertArrayEquals(new long[] {194, 2}, d.inputs().get(0).shape().asArray());
    double[][] p = Synthetic.points(d);
    int[] y = Synthetic.labels(d);
    assertEquals(0.5, p[0][0], 1e-6); // n = 1: r = 0.4, alpha = 0
    assertEquals(0.9, p[0][1], 1e-6);
    assertEquals(1, y[0]);
    for (int i = 0; i < 194; i += 2) {
      assertEquals(1 - p[i][0], p[i + 1][0], 1e-6, "mirror x");
      assertEquals(1 - p[i][1], p[i + 1][1], 1e-6, "mirror y");
      assertEquals(1, y[i]);
      assertEquals(0, y[i + 1]);
    }
    double r97 = 0.4 * 8 / 104; // innermost
    assertEquals(r97, Math.hypot(p[192][0] - 0.5, p[192][1] - 0.5), 1e-6);
  }

  @Test
  void ringsAreSeparatedAndAlternate() {
    Dataset d = Synthetic.concentricRings(4, 60, 7);
    assertEquals(240, d.size());
    double[][] p = Synthetic.points(d);
    int[] y = Synthetic.labels(d);
    for (int i = 0; i < 240; i++) {
      int ring = i / 60;
      double r = Math.hypot(p[i][0], p[i][1]);
      assertTrue(
          Math.abs(r - (ring + 1) * 0.25) <= Synthetic.RING_JITTER * 0.25 + 1e-6,
          "radius of sample " + i);
      assertEquals(ring % 2 == 0 ? 1 : 0, y[i]);
    }
    assertArrayEquals(
        Synthetic.concentricRings(4, 60, 7).inputs().get(0).floats(),
        d.inputs().get(0).floats(),
        "seeded");
    var e = assertThrows(IllegalArgumentException.class, () -> Synthetic.concentricRings(0, 60, 1));
    assertTrue(e.getMessage().contains("Received: rings=0"));
  }
}
