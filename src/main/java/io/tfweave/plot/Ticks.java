package io.tfweave.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Picks "nice" axis tick values (1, 2 or 5 times a power of ten) and formats them. */
final class Ticks {

  private Ticks() {}

  /** The spacing of about {@code count} ticks over [min, max], at least {@code minStep}. */
  static double step(double min, double max, int count, double minStep) {
    double raw = (max - min) / Math.max(1, count - 1);
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / mag;
    double step = mag * (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10);
    return Math.max(step, minStep);
  }

  /** About {@code count} round values in [min, max], spaced at least {@code minStep} apart. */
  static List<Double> nice(double min, double max, int count, double minStep) {
    List<Double> out = new ArrayList<>();
    if (!(max > min)) {
      out.add(min);
      return out;
    }
    double step = step(min, max, count, minStep);
    long first = (long) Math.ceil(min / step - 1e-9);
    for (long k = first; k * step <= max + step * 1e-9; k++) {
      out.add(k == 0 ? 0.0 : k * step);
    }
    return out;
  }

  /** Formats {@code value} with as many decimals as {@code step} needs. */
  static String label(double value, double step) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
    return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
  }
}
