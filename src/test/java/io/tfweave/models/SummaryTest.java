package io.tfweave.models;

import static io.tfweave.activations.Activation.RELU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.layers.core.Dense;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void summaryPrintsWhatSummaryStringReturns() {
    try (Model m = Sequential.named("mlp")
        .input(3)
        .add(new Dense(4).activation(RELU), new Dense(1))
        .seed(1)
        .build()) {
      String table = m.summaryString();
      // Dense(3 -> 4): 3*4 + 4 = 16 params; Dense(4 -> 1): 4 + 1 = 5 params.
      assertTrue(table.startsWith("Model: \"mlp\"\n"), table);
      assertTrue(table.contains("dense (Dense)"), table);
      assertTrue(table.contains("dense_1 (Dense)"), table);
      assertTrue(table.contains("Total params: 21\n"), table);
      PrintStream saved = System.out;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      try {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        m.summary();
      } finally {
        System.setOut(saved);
      }
      assertEquals(table, captured.toString(StandardCharsets.UTF_8));
    }
  }
}
