package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tfweave.formats.TfRecordWriter;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@code ignoreErrors()} counts what it skips: a file of 10 records with 3 known bad ones. */
class IgnoreErrorsCountTest {
  @TempDir
  Path dir;

  static final FeatureSpec XY = TfRecordPipelineTest.XY;

  /** Records 0..9 with y = i; records 2 (3 values), 5 (not an Example) and 8 (no y) are bad. */
  Path file() throws IOException {
    Path f = dir.resolve("mixed.tfrecord");
    try (TfRecordWriter w = TfRecordWriter.open(f)) {
      for (int i = 0; i < 10; i++) {
        var x = TfRecordPipelineTest.floats(i, i + 0.5f);
        var y = TfRecordPipelineTest.longs(i);
        byte[] rec =
            switch (i) {
              case 2 -> TfRecordPipelineTest.example(
                      Map.of("x", TfRecordPipelineTest.floats(1, 2, 3), "y", y))
                  .toByteArray();
              case 5 -> new byte[] {(byte) 0xff, (byte) 0xff, 7};
              case 8 -> TfRecordPipelineTest.example(Map.of("x", x)).toByteArray();
              default -> TfRecordPipelineTest.example(Map.of("x", x, "y", y)).toByteArray();
            };
        w.write(rec);
      }
    }
    return f;
  }

  static List<Long> ys(List<Map<String, NdArray<?>>> all) {
    return all.stream().map(m -> ((LongNdArray) m.get("y")).getLong()).toList();
  }

  @Test
  void countsTheBadRecordsOfEachRead() throws IOException {
    Pipeline p = Pipeline.fromTfRecords(List.of(file()), XY).ignoreErrors();
    assertEquals(0, p.skippedErrors());
    assertEquals(List.of(0L, 1L, 3L, 4L, 6L, 7L, 9L), ys(p.toList()));
    assertEquals(3, p.skippedErrors());
    p.toList();
    assertEquals(6, p.skippedErrors(), "a second read adds its own skips");
  }

  @Test
  void countsErrorsOfMapFunctionsAndAcrossABatch() throws IOException {
    // The map fails (CheckNumerics) for y == 4, so 4 elements fail: 3 records and one map call.
    Pipeline p = Pipeline.fromTfRecords(List.of(file()), XY)
        .map(IgnoreErrorsCountTest::failOnFour)
        .ignoreErrors()
        .batch(2);
    List<Map<String, NdArray<?>>> batches = p.toList();
    assertEquals(3, batches.size());
    assertEquals(4, p.skippedErrors());
    // After batch(2), a bad record fails the whole batch it falls into, and counts once.
    Pipeline q = Pipeline.fromTfRecords(List.of(file()), XY).batch(2).ignoreErrors();
    long kept = q.toList().stream().mapToLong(m -> m.get("y").shape().get(0)).sum();
    assertEquals(3, q.skippedErrors());
    assertEquals(7, kept, "a batch fails at its bad record; the next batch starts after it");
  }

  static Element failOnFour(Ops tf, Element e) {
    var y = tf.dtypes.cast(e.get("y", org.tensorflow.types.TInt64.class), TFloat32.class);
    var bad = tf.math.div(tf.constant(1f), tf.math.sub(y, tf.constant(4f)));
    var checked = tf.debugging.checkNumerics(bad, "y is 4");
    return e.with(
        "x", tf.math.add(e.get("x", TFloat32.class), tf.math.mul(checked, tf.constant(0f))));
  }

  @Test
  void fitReportsTheSkipsOfItsPasses() throws IOException {
    Pipeline p = Pipeline.fromTfRecords(List.of(file()), XY).ignoreErrors().batch(4);
    Model m = Sequential.named("skips").input(2).add(new Dense(1)).build();
    m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError());
    m.fit(
        p.map((tf, e) -> e.with("y", tf.dtypes.cast(e.get("y"), TFloat32.class))),
        FitOptions.epochs(2).verbose(0));
    assertEquals(6, p.skippedErrors(), "fit's derived pipeline counts into p: 3 per epoch");
  }
}
