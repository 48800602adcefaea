package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.models.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Multi-process kill tests: a child JVM saves (or exports) state after state until it is SIGKILLed at a random instant; the
 * previous state always loads and predicts the same, and what the killed save left behind is cleaned up by the next one.
 */
class CrashSafeSavingTest {
  static final int KILLS = 8;

  @TempDir
  Path dir;

  static float[] flat(FloatNdArray a) {
    float[] v = new float[(int) a.size()];
    a.copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  static float[] flat(List<FloatNdArray> ws) {
    int n = 0;
    for (FloatNdArray w : ws) n += (int) w.size();
    float[] out = new float[n];
    int at = 0;
    for (FloatNdArray w : ws) {
      float[] v = flat(w);
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  /** Which state {@code m} holds, among {@code candidates}; fails when it is none of them (torn or lost). */
  static int whichState(Model m, int... candidates) {
    float[] got = flat(m.getWeights());
    for (int c : candidates) {
      try (Model ref = KillTestMain.model()) {
        if (java.util.Arrays.equals(got, flat(KillTestMain.state(ref, c)))) return c;
      }
    }
    throw new AssertionError(
        "the loaded weights are none of the states " + java.util.Arrays.toString(candidates));
  }

  static float[] predictionOf(int state) {
    try (Model ref = KillTestMain.model()) {
      ref.setWeights(KillTestMain.state(ref, state));
      return flat(ref.predict(KillTestMain.probe()));
    }
  }

  @Test
  void killedSaveWeightsAlwaysLeavesThePreviousCheckpointLoadable() throws Exception {
    Path prefix = dir.resolve("ckpt/weights");
    int loadedNewer = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      KillTestMain.Child child = new KillTestMain.Child("weights", prefix);
      int last = child.killAfter(kill == 0 ? 1 : 2, 150);
      try (Model m = KillTestMain.model()) {
        m.loadWeights(prefix);
        int state = whichState(m, last, last + 1);
        if (state == last + 1) loadedNewer++;
        assertArrayEquals(
            predictionOf(state), flat(m.predict(KillTestMain.probe())), "kill " + kill);
      }
    }
    // the next save cleans up what the killed ones left: one checkpoint, its state file and the
    // directory's
    try (Model m = KillTestMain.model()) {
      m.setWeights(KillTestMain.state(m, 1000));
      Path written = m.saveWeights(prefix);
      assertTrue(written.getFileName().toString().startsWith("weights-"), written.toString());
      try (Stream<Path> s = Files.list(prefix.getParent())) {
        List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
        String n = written.getFileName().toString();
        assertEquals(
            List.of("checkpoint", n + ".data-00000-of-00001", n + ".index", "weights.checkpoint"),
            names);
      }
      m.loadWeights(prefix);
      assertEquals(1000, whichState(m, 1000));
    }
    assertTrue(loadedNewer <= KILLS);
  }

  @Test
  void killedOverwriteExportAlwaysLeavesAWholeModelAndNoLeftovers() throws Exception {
    Path target = dir.resolve("serving/kill/1");
    Path childTmp =
        Files.createDirectories(dir.resolve("child-tmp")); // the children's java.io.tmpdir
    for (int kill = 0; kill < KILLS / 2; kill++) {
      KillTestMain.Child.tmpDir = childTmp;
      KillTestMain.Child child;
      try {
        child = new KillTestMain.Child("export", target);
      } finally {
        KillTestMain.Child.tmpDir = null;
      }
      int last = child.killAfter(1, 400);
      try (Model m = Model.load(target)) {
        int state = whichState(m, last, last + 1);
        assertArrayEquals(
            predictionOf(state), flat(m.predict(KillTestMain.probe())), "kill " + kill);
      }
    }
    try (Model m = KillTestMain.model()) {
      m.setWeights(KillTestMain.state(m, 1000));
      SavedModels.export(m, target, ExportOptions.defaults().overwrite(true));
    }
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertEquals(2, s.count(), "the link and the one directory it points to");
    }
    try (Stream<Path> s = Files.list(childTmp)) {
      assertEquals(
          List.of(),
          s.filter(p -> p.getFileName().toString().startsWith("tfweave")).toList(),
          "killed exports left nothing in the temp directory");
    }
  }

  @Test
  void overwriteExportHasNoMomentWithoutTheVersionDirectory() throws Exception {
    Path target = dir.resolve("serving/live/1");
    try (Model m = KillTestMain.model()) {
      m.setWeights(KillTestMain.state(m, 1));
      m.export(
          target); // a plain directory: the first overwrite converts it (renamed aside once), later
      // ones swap a link
      SavedModels.export(m, target, ExportOptions.defaults().overwrite(true));
      java.util.concurrent.atomic.AtomicInteger missing =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger polls =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean stop =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread reader = new Thread(() -> {
        while (!stop.get()) {
          polls.incrementAndGet();
          if (!Files.isRegularFile(target.resolve("saved_model.pb"))
              || !Files.isRegularFile(target.resolve("assets/model.json"))) {
            missing.incrementAndGet();
          }
        }
      });
      reader.start();
      for (int i = 2; i <= 6; i++) {
        m.setWeights(KillTestMain.state(m, i));
        SavedModels.export(m, target, ExportOptions.defaults().overwrite(true));
      }
      stop.set(true);
      reader.join();
      assertTrue(polls.get() > 100, "the reader polled during the exports");
      assertEquals(
          0,
          missing.get(),
          "the version directory was missing in " + missing + " of " + polls + " polls");
      try (Model back = Model.load(target)) {
        assertEquals(6, whichState(back, 6));
      }
    }
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertEquals(2, s.count(), "the link and the one directory it points to");
    }
  }

  @Test
  void aKilledTrainingRunRestartedWithBackupAndRestoreEndsAsAnUninterruptedOne() throws Exception {
    float[] expected;
    try (Model m = KillTestMain.trainee()) {
      m.fit(KillTestMain.TRAIN_DATA, KillTestMain.trainOptions());
      expected = KillTestMain.flat(m.getWeights());
    }
    Path backup = dir.resolve("backup");
    Path out = dir.resolve("weights.bin");
    int[] killedAt = new int[3];
    for (int kill = 0; kill < killedAt.length; kill++) {
      killedAt[kill] =
          new KillTestMain.Child("train", backup, out.toString()).killAfter(20 + 60 * kill, 100);
      assertTrue(
          killedAt[kill] < KillTestMain.TRAIN_EPOCHS,
          "killed before the end, at epoch " + killedAt[kill]);
    }
    KillTestMain.Child last = new KillTestMain.Child("train", backup, out.toString());
    assertEquals(0, last.awaitExit());
    assertEquals(KillTestMain.TRAIN_EPOCHS, last.lastSaved());
    assertArrayEquals(
        expected,
        ServingCheckMain.readValues(out),
        "kills after epochs " + java.util.Arrays.toString(killedAt));
    try (Stream<Path> s = Files.list(backup)) {
      assertEquals(0, s.count(), "the completed run deleted its backup");
    }
  }
}
