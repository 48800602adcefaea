package io.tfweave.training;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress bar: {@code Epoch 1/10} then {@code 625/625 [=====] - 2s 3ms/step - loss: 0.4 - accuracy: 0.8}. On a
 * terminal the bar redraws in place (at most every 100 ms); otherwise one line per epoch; nothing at verbose 0. A stream of
 * unknown length shows {@code 12/Unknown} until its first epoch ends, as Keras does.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final int verbose;
  private int steps;
  private int done;
  private final boolean terminal;
  private final PrintStream out = System.out;
  private long epochStart;
  private long lastDraw;

  Progress(int verbose, int steps) {
    this.verbose = verbose;
    this.steps = steps;
    this.terminal = System.console() != null && verbose == 1;
  }

  /** Sets the steps per epoch once known ({@code <= 0}: unknown). */
  void steps(int n) {
    steps = n;
  }

  /** Records how many steps the epoch has run (for streams, whose progress is not fetched every step). */
  void done(int n) {
    done = n;
  }

  void epochBegin(int epoch, int epochs) {
    epochStart = System.nanoTime();
    done = 0;
    if (verbose > 0) out.println("Epoch " + (epoch + 1) + "/" + epochs);
  }

  /** True when the bar would redraw now (so the caller fetches running metrics only then). */
  boolean wantsUpdate(int batch) {
    return terminal && (System.nanoTime() - lastDraw > 100_000_000L || batch == steps - 1);
  }

  void batch(int batch, Map<String, Double> logs) {
    if (!terminal) return;
    lastDraw = System.nanoTime();
    done = Math.max(done, batch + 1);
    double elapsed = (lastDraw - epochStart) / 1e9;
    double eta = elapsed / (batch + 1) * (steps - batch - 1);
    out.print("\r" + bar(batch + 1) + (steps > 0 ? " - ETA: " + Math.round(eta) + "s" : "")
        + metrics(logs));
    out.flush();
  }

  void epochEnd(Map<String, Double> logs) {
    if (verbose == 0) return;
    double elapsed = (System.nanoTime() - epochStart) / 1e9;
    int n = steps > 0 ? steps : Math.max(1, done);
    String perStep = String.format(Locale.ROOT, "%.0fms/step", elapsed * 1000 / n);
    if (elapsed * 1000 / n < 1)
      perStep = String.format(Locale.ROOT, "%.0fus/step", elapsed * 1e6 / n);
    out.println((terminal ? "\r" : "") + bar(steps > 0 ? steps : done) + " - " + Math.round(elapsed)
        + "s " + perStep + metrics(logs));
  }

  private String bar(int done) {
    if (steps <= 0) return String.format("%7d/Unknown", done);
    String count = String.format("%" + String.valueOf(steps).length() + "d/%d", done, steps);
    int filled = (int) ((long) WIDTH * done / steps);
    StringBuilder b = new StringBuilder(count).append(" [");
    for (int i = 0; i < WIDTH; i++)
      b.append(
          i < filled - 1 || (i == filled - 1 && done == steps) ? '=' : i == filled - 1 ? '>' : '.');
    return b.append(']').toString();
  }

  private static String metrics(Map<String, Double> logs) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      b.append(" - ")
          .append(e.getKey())
          .append(": ")
          .append(String.format(Locale.ROOT, "%.4f", e.getValue()));
    }
    return b.toString();
  }
}
