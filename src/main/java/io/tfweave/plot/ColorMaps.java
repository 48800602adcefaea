package io.tfweave.plot;

import java.awt.Color;

/** Maps numbers in [0, 1] to colours by piecewise-linear interpolation between anchor colours. */
final class ColorMaps {

  /** Matplotlib's sequential "Blues": white to dark blue, for counts. */
  static final ColorMaps BLUES = new ColorMaps(
      0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B);

  /** A pale blue-white-red diverging map (ColorBrewer "RdBu" reversed, lightened) for 0..1. */
  static final ColorMaps BLUE_RED = new ColorMaps(
      0x6E9BCE, 0x94B9DD, 0xBFD6EB, 0xE4EDF5, 0xF7F7F7, 0xF7E2D6, 0xF2C1AA, 0xE69A80, 0xD6705F);

  private final Color[] anchors;

  private ColorMaps(int... rgb) {
    anchors = new Color[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      anchors[i] = new Color(rgb[i]);
    }
  }

  /** The colour of {@code t}, clamped to [0, 1]; NaN maps to light grey. */
  Color at(double t) {
    if (Double.isNaN(t)) {
      return new Color(0xDDDDDD);
    }
    double x = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
    int i = Math.min((int) x, anchors.length - 2);
    double f = x - i;
    Color a = anchors[i];
    Color b = anchors[i + 1];
    return new Color(
        mix(a.getRed(), b.getRed(), f),
        mix(a.getGreen(), b.getGreen(), f),
        mix(a.getBlue(), b.getBlue(), f));
  }

  /** Dark text on light colours, white text on dark ones (WCAG relative luminance). */
  static Color textOn(Color background) {
    double l = 0.2126 * linear(background.getRed())
        + 0.7152 * linear(background.getGreen())
        + 0.0722 * linear(background.getBlue());
    return l > 0.3 ? ChartStyle.TEXT : Color.WHITE;
  }

  private static double linear(int channel) {
    double c = channel / 255.0;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round(a + (b - a) * f);
  }
}
