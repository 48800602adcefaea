package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.HostArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * Interleaved file reading. The expected orders are what Python's tf.data gives for
 * {@code from_tensor_slices([a, b, c]).interleave(read, cycle_length, block_length)} on files of 4, 2 and 3 records
 * (measured with TensorFlow 2.16.2).
 */
class InterleaveTest {
  @TempDir
  Path dir;

  static final FeatureSpec Y = FeatureSpec.create().fixedLen("y", FeatureType.INT64);

  List<Path> files() {
    return List.of(write("a", 0, 1, 2, 3), write("b", 10, 11), write("c", 20, 21, 22));
  }

  Path write(String name, int... ys) {
    return TfRecords.writeExamples(
        dir.resolve(name + ".tfrecord"), Map.of("y", HostArray.ofInts(ys, ys.length)));
  }

  static List<Long> ys(Pipeline p) {
    return p.toList().stream().map(m -> ((LongNdArray) m.get("y")).getLong()).toList();
  }

  @Test
  void interleavesInTfDatasOrder() {
    List<Path> f = files();
    assertEquals(
        List.of(0L, 1L, 2L, 3L, 10L, 11L, 20L, 21L, 22L),
        ys(Pipeline.fromTfRecords(f, Y)),
        "without interleave, file after file");
    assertEquals(
        List.of(0L, 10L, 1L, 11L, 2L, 3L, 20L, 21L, 22L),
        ys(Pipeline.fromTfRecords(f, Y).interleave(2, 1)));
    assertEquals(
        List.of(0L, 1L, 10L, 11L, 2L, 3L, 20L, 21L, 22L),
        ys(Pipeline.fromTfRecords(f, Y).interleave(2, 2)));
    assertEquals(
        List.of(0L, 10L, 20L, 1L, 11L, 21L, 2L, 22L, 3L),
        ys(Pipeline.fromTfRecords(f, Y).interleave(3, 1)));
  }

  @Test
  void parallelInterleaveKeepsTheSameOrderEveryPass() {
    Pipeline p = Pipeline.fromTfRecords(files(), Y).interleave(3, 1, Pipeline.AUTOTUNE);
    List<Long> want = List.of(0L, 10L, 20L, 1L, 11L, 21L, 2L, 22L, 3L);
    for (int pass = 0; pass < 3; pass++) assertEquals(want, ys(p));
    assertEquals(
        List.of(0L, 10L, 1L, 11L, 2L, 3L, 20L, 21L, 22L),
        flat(Pipeline.fromTfRecords(files(), Y).interleave(2, 1, 2).batch(4)),
        "batches of a parallel interleave, in order");
    assertTrue(Pipeline.fromTfRecords(files(), Y)
        .interleave(2, 1, 2)
        .toString()
        .endsWith(".interleave(cycleLength=2, blockLength=1, numParallelCalls=2)"));
  }

  static List<Long> flat(Pipeline batched) {
    List<Long> out = new java.util.ArrayList<>();
    for (Map<String, NdArray<?>> b : batched.toList()) {
      LongNdArray y = (LongNdArray) b.get("y");
      for (long i = 0; i < y.shape().get(0); i++) out.add(y.getLong(i));
    }
    return out;
  }

  @Test
  void interleavesCsvFilesAndRejectsMisuse() throws IOException {
    Path a = Files.writeString(dir.resolve("a.csv"), "v,label\n1,0\n2,0\n3,0\n");
    Path b = Files.writeString(dir.resolve("b.csv"), "v,label\n7,1\n8,1\n");
    Pipeline p =
        Pipeline.fromCsv(dir + "/*.csv", CsvOptions.defaults().label("label")).interleave(2, 1);
    List<Float> v =
        p.toList().stream().map(m -> ((FloatNdArray) m.get("x")).getFloat(0)).toList();
    assertEquals(List.of(1f, 7f, 2f, 8f, 3f), v);
    assertTrue(Files.exists(a) && Files.exists(b));
    var late = assertThrows(
        IllegalStateException.class,
        () -> Pipeline.fromTfRecords(files(), Y).batch(2).interleave(2, 1));
    assertTrue(
        late.getMessage().contains("right after the source, before batch(2)"), late.getMessage());
    var arrays = assertThrows(
        IllegalStateException.class,
        () -> Pipeline.fromArrays(HostArray.ofInts(new int[] {1}, 1), null).interleave(2, 1));
    assertTrue(arrays.getMessage().contains("TFRecord and CSV file sources"), arrays.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Pipeline.fromTfRecords(files(), Y).interleave(0, 1));
  }
}
