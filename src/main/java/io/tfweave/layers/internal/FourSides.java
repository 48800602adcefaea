package io.tfweave.layers.internal;

import io.tfweave.layers.Option;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code (top, bottom, left, right)} option of {@code ZeroPadding2D} and {@code Cropping2D}: given as 1, 2 or 4
 * non-negative values (all sides; height, width; each side), written to configs as Keras's pair of pairs and read back
 * from a number, a pair or a pair of pairs.
 */
public final class FourSides {
  private FourSides() {}

  /** The option under Keras key {@code key} of layer class {@code layer}, with {@code defaultValue} (null: required). */
  public static Option<int[]> option(String layer, String key, int[] defaultValue) {
    Option<int[]> o = Option.of(
        key,
        defaultValue,
        (int[] p) -> List.of(List.of(p[0], p[1]), List.of(p[2], p[3])),
        (Object p) -> read(layer, key, p));
    return (defaultValue == null ? o.required() : o).checked(p -> expand(key, p));
  }

  /** {@code p} (1, 2 or 4 values) as top, bottom, left, right; fails naming {@code key} on a bad count or a negative. */
  static int[] expand(String key, int... p) {
    int[] r =
        switch (p.length) {
          case 1 -> new int[] {p[0], p[0], p[0], p[0]};
          case 2 -> new int[] {p[0], p[0], p[1], p[1]};
          case 4 -> p.clone();
          default -> throw new IllegalArgumentException(
              key + " must have 1, 2 or 4 values (all; height, width; top, "
                  + "bottom, left, right). Received: " + key + "=" + Arrays.toString(p));
        };
    for (int v : r) {
      if (v < 0) {
        throw new IllegalArgumentException(
            key + " must be non-negative. Received: " + key + "=" + Arrays.toString(p));
      }
    }
    return r;
  }

  /** Reads a config value: a number, a pair, or a pair of pairs. */
  static int[] read(String layer, String key, Object p) {
    if (p instanceof Number n) return new int[] {n.intValue()};
    if (p instanceof List<?> l
        && l.size() == 2
        && l.get(0) instanceof List<?> a
        && l.get(1) instanceof List<?> b) {
      return new int[] {num(a.get(0)), num(a.get(1)), num(b.get(0)), num(b.get(1))};
    }
    if (p instanceof List<?> l && l.size() == 2) return new int[] {num(l.get(0)), num(l.get(1))};
    throw new IllegalArgumentException(layer + " config needs " + key
        + " as a number, a pair or a pair of pairs. Received: " + key + "=" + p);
  }

  private static int num(Object o) {
    return ((Number) o).intValue();
  }
}
