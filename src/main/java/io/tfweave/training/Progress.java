package io.tfweave.training;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress bar: {@code Epoch 1/10} then {@code 625/625 [=====] - 2s 3ms/step - loss: 0.4 - accuracy: 0.8}. On a
 * terminal the bar redraws in place (at most every 100 ms); otherwise one line per epoch; nothing at verbose 0.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final int verbose;
  private final int steps;
  private final boolean terminal;
  private final PrintStream out = System.out;
  private long epochStart;
  private long lastDraw;

  Progress(int verbose, int steps) {
    this.verbose = verbose;
    this.steps = steps;
    this.terminal = System.console() != null && verbose == 1;
  }

  void epochBegin(int epoch, int epochs) {
    epochStart = System.nanoTime();
    if (verbose > 0) out.println("Epoch " + (epoch + 1) + "/" + epochs);
  }

  /** True when the bar would redraw now (so the caller fetches running metrics only then). */
  boolean wantsUpdate(int batch) {
    return terminal && (System.nanoTime() - lastDraw > 100_000_000L || batch == steps - 1);
  }

  void batch(int batch, Map<String, Double> logs) {
    if (!terminal) return;
    lastDraw = System.nanoTime();
    double elapsed = (lastDraw - epochStart) / 1e9;
    double eta = elapsed / (batch + 1) * (steps - batch - 1);
    out.print("\r" + bar(batch + 1) + " - ETA: " + Math.round(eta) + "s" + metrics(logs));
    out.flush();
  }

  void epochEnd(Map<String, Double> logs) {
    if (verbose == 0) return;
    double elapsed = (System.nanoTime() - epochStart) / 1e9;
    String perStep = String.format(Locale.ROOT, "%.0fms/step", elapsed * 1000 / Math.max(1, steps));
    if (elapsed * 1000 / Math.max(1, steps) < 1) perStep = String.format(Locale.ROOT, "%.0fus/step", elapsed * 1e6 / steps);
    out.println((terminal ? "\r" : "") + bar(steps) + " - " + Math.round(elapsed) + "s " + perStep + metrics(logs));
  }

  private String bar(int done) {
    String count = String.format("%" + String.valueOf(steps).length() + "d/%d", done, steps);
    int filled = (int) ((long) WIDTH * done / steps);
    StringBuilder b = new StringBuilder(count).append(" [");
    for (int i = 0; i < WIDTH; i++) b.append(i < filled - 1 || (i == filled - 1 && done == steps) ? '=' : i == filled - 1 ? '>' : '.');
    return b.append(']').toString();
  }

  private static String metrics(Map<String, Double> logs) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      b.append(" - ").append(e.getKey()).append(": ").append(String.format(Locale.ROOT, "%.4f", e.getValue()));
    }
    return b.toString();
  }
}
