package io.tfweave.models;

import static org.junit.jupiter.api.Assertions.*;

import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.testing.Synthetic;
import io.tfweave.training.FitOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  static String capture(int verbose) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try (Model m = Sequential.builder().input(3).add(new Dense(1)).seed(1).build()) {
      m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError(), Metrics.meanAbsoluteError());
      m.fit(
          Synthetic.linear(64, new float[] {1, 2, 3}, 0, 0, 1),
          FitOptions.epochs(3).batchSize(16).validationSplit(0.25).verbose(verbose));
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void silentAtVerboseZero() {
    assertEquals("", capture(0));
  }

  @Test
  void oneLinePerEpochWhenNotATerminal() {
    String[] lines = capture(1).split("\n");
    assertEquals(6, lines.length, String.join("\n", lines));
    assertEquals("Epoch 1/3", lines[0]);
    assertTrue(
        lines[1].matches(
            "3/3 \\[=+\\] - \\d+s \\d+[mu]s/step - loss: [0-9.]+ - mae: [0-9.]+ - val_loss: [0-9.]+ - val_mae: [0-9.]+"),
        lines[1]);
    assertEquals("Epoch 3/3", lines[4]);
  }
}
