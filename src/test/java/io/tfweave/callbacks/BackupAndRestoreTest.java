package io.tfweave.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.testing.Synthetic;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run interrupted in epoch 4 and started again continues from the backup of epoch 3, as if never interrupted. */
class BackupAndRestoreTest {
  static final io.tfweave.data.Dataset DATA =
      Synthetic.linear(96, new float[] {1, -2, 0.5f}, 0.3f, 0.1, 4);

  @TempDir
  Path dir;

  static Model model() {
    Model m =
        Sequential.builder().input(3).add(new Dense(8), new Dense(1)).seed(21).build();
    m.compile(Optimizers.adam(0.01), Losses.meanSquaredError());
    return m;
  }

  static FitOptions options(Callback... cbs) {
    return FitOptions.epochs(6).batchSize(16).verbose(0).callbacks(cbs);
  }

  @Test
  void anInterruptedRunResumesFromTheLastBackupBitForBit() throws Exception {
    List<Double> full;
    List<?> fullWeights;
    try (Model m = model()) {
      full = m.fit(DATA, options()).get("loss");
      fullWeights = m.getWeights();
    }
    Path backup = dir.resolve("backup");
    try (Model m = model()) {
      BackupAndRestore b = new BackupAndRestore(backup);
      Callback crash = new Callback() {
        @Override
        public void onEpochBegin(int epoch) {
          if (epoch == 3) throw new IllegalStateException("simulated crash");
        }
      };
      assertThrows(IllegalStateException.class, () -> m.fit(DATA, options(b, crash)));
      assertEquals(-1, b.restoredEpoch());
    }
    try (Stream<Path> s = Files.list(backup)) {
      assertTrue(
          s.anyMatch(p -> p.getFileName().toString().equals("epoch-2.checkpoint")),
          "epoch 3's backup is kept");
    }
    try (Model m = model()) { // the restarted process
      BackupAndRestore b = new BackupAndRestore(backup);
      History h = m.fit(DATA, options(b));
      assertEquals(2, b.restoredEpoch());
      assertEquals(List.of(3, 4, 5), h.epochs());
      assertEquals(
          full.subList(3, 6),
          h.get("loss"),
          "weights, Adam's state and the shuffle position were restored");
      assertEquals(fullWeights, m.getWeights());
    }
    try (Stream<Path> s = Files.list(backup)) {
      assertEquals(0, s.count(), "a completed run deletes its backup");
    }
  }
}
