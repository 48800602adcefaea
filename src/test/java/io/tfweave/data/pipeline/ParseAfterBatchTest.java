package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.HostArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;

/**
 * TFRecords decoded after the order-only stages (shuffle, batch, shard, repeat, take, skip: one vectorized parse per
 * batch) give the same elements in the same order as decoded first (an identity map right after the source keeps the
 * parse there) and as the same arrays through the same stages.
 */
class ParseAfterBatchTest {
  @TempDir
  Path dir;

  static final int N = 23;

  /** x of sample i holds i + k/10, y is 3i: every value tells its sample. */
  Pipeline records() throws IOException {
    Map<String, HostArray> f = TfRecordPipelineTest.features(N);
    TfRecords.writeShards(dir, "s", 3, f);
    return Pipeline.fromTfRecords(dir + "/s-*.tfrecord", TfRecords.specOf(f));
  }

  /** The samples of each element, read from the values (a batch gives several), with x's values and shape checked. */
  static List<List<Long>> samples(List<Map<String, NdArray<?>>> elements) {
    List<List<Long>> out = new ArrayList<>();
    for (Map<String, NdArray<?>> e : elements) {
      FloatNdArray x = (FloatNdArray) e.get("x");
      NdArray<?> y = e.get("y"); // int64 from the records, int32 from the arrays
      long[] batchDims = y.shape().asArray();
      long[] want = java.util.Arrays.copyOf(batchDims, batchDims.length + 2);
      want[batchDims.length] = 2;
      want[batchDims.length + 1] = 3;
      assertEquals(Shape.of(want), x.shape());
      List<Long> ids = new ArrayList<>();
      y.scalars().forEachIndexed((coords, v) -> {
        long id = ((Number) v.getObject()).longValue() / 3;
        ids.add(id);
        long[] at = java.util.Arrays.copyOf(coords, coords.length + 2);
        at[coords.length] = 1;
        at[coords.length + 1] = 2;
        assertEquals(id + 0.5f, x.getFloat(at), 1e-6);
      });
      out.add(ids);
    }
    return out;
  }

  void assertSameAsDecodedFirst(UnaryOperator<Pipeline> stages) throws IOException {
    Pipeline p = records();
    List<List<Long>> late = samples(stages.apply(p).toList());
    List<List<Long>> early = samples(stages.apply(p.map((tf, e) -> e)).toList());
    List<List<Long>> arrays = samples(
        stages.apply(Pipeline.fromArrays(TfRecordPipelineTest.features(N))).toList());
    assertEquals(early, late, "decoded first and decoded after the order-only stages");
    assertEquals(arrays, late, "the same arrays through the same stages");
    assertTrue(late.size() > 1);
  }

  @Test
  void shuffleThenBatch() throws IOException {
    assertSameAsDecodedFirst(p -> p.shuffle(N, 7).batch(4).prefetch(Pipeline.AUTOTUNE));
  }

  @Test
  void dropRemainderKeepsTheStaticBatchSize() throws IOException {
    assertSameAsDecodedFirst(p -> p.shuffle(10, 3).batch(4, true));
    PipelineDataset d;
    try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
      d = PipelineDataset.build(org.tensorflow.op.Ops.create(g), records().batch(4, true));
      assertEquals(Shape.of(4, 2, 3), d.elementSpec().get(0).shape());
      assertEquals(0, unbatches(g), "parsed per batch: no groups of 64 parsed and unbatched");
    }
    try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
      PipelineDataset.build(
          org.tensorflow.op.Ops.create(g), records().map((tf, e) -> e).batch(4));
      assertEquals(1, unbatches(g), "a map first: parsed in groups before it");
    }
  }

  static long unbatches(org.tensorflow.Graph g) {
    long n = 0;
    for (var it = g.operations(); it.hasNext(); )
      if (it.next().type().equals("UnbatchDataset")) n++;
    return n;
  }

  @Test
  void shardRepeatTakeSkipAndShuffledBatches() throws IOException {
    assertSameAsDecodedFirst(
        p -> p.shard(2, 1).shuffle(5, 3).batch(3).repeat(2).skip(1).take(6));
    assertSameAsDecodedFirst(p -> p.batch(4).shuffle(3, 1));
    assertSameAsDecodedFirst(p -> p.shuffle(N, 2).batch(5, true).batch(2));
  }

  @Test
  void threadingOptionsChangeNoElement() throws IOException {
    Pipeline p = records().shuffle(N, 7).batch(4).prefetch(Pipeline.AUTOTUNE);
    assertEquals(samples(p.toList()), samples(p.threading(1, 1).toList()));
    assertEquals(samples(p.toList()), samples(p.threading(2, 0).toList()));
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> p.threading(-1, 1));
    assertTrue(e.getMessage().contains("privateThreadpoolSize=-1"), e.getMessage());
  }
}
