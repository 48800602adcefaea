package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.HostArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class PipelineTest {
  /** Samples 0..n-1: x = [i, -i], y = i. */
  static Pipeline counting(int n) {
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = -i;
      y[i] = i;
    }
    return Pipeline.fromArrays(HostArray.ofFloats(x, n, 2), HostArray.ofInts(y, n));
  }

  /** The y values of every element, flattened in order. */
  static List<Integer> ys(List<Map<String, NdArray<?>>> elements) {
    List<Integer> out = new ArrayList<>();
    for (Map<String, NdArray<?>> e : elements) {
      IntNdArray y = (IntNdArray) e.get("y");
      if (y.rank() == 0) out.add(y.getInt());
      else for (long i = 0; i < y.shape().get(0); i++) out.add(y.getInt(i));
    }
    return out;
  }

  static List<Integer> range(int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i < to; i++) out.add(i);
    return out;
  }

  @Test
  void arraysReadBackAsWritten() {
    List<Map<String, NdArray<?>>> all = counting(5).toList();
    assertEquals(5, all.size());
    for (int i = 0; i < 5; i++) {
      FloatNdArray x = (FloatNdArray) all.get(i).get("x");
      assertEquals(Shape.of(2), x.shape());
      assertEquals(i, x.getFloat(0));
      assertEquals(-i, x.getFloat(1));
    }
    assertEquals(range(0, 5), ys(all));
    assertEquals(
        List.of(
            new TensorSpec("x", TFloat32.class, Shape.of(2)),
            new TensorSpec("y", TInt32.class, Shape.scalar())),
        counting(5).elementSpec());
  }

  @Test
  void batchesKeepOrderAndDropTheRemainderOnRequest() {
    List<Map<String, NdArray<?>>> b = counting(10).batch(4).toList();
    assertEquals(
        List.of(Shape.of(4, 2), Shape.of(4, 2), Shape.of(2, 2)),
        b.stream().map(e -> e.get("x").shape()).toList());
    assertEquals(range(0, 10), ys(b));
    assertEquals(2, counting(10).batch(4, true).toList().size());
    assertArrayEquals(
        new long[] {4, 2},
        counting(10).batch(4, true).elementSpec().get(0).shape().asArray());
    assertArrayEquals(
        new long[] {-1, 2}, counting(10).batch(4).elementSpec().get(0).shape().asArray());
  }

  @Test
  void takeSkipRepeatAndPrefetch() {
    assertEquals(range(0, 3), ys(counting(10).take(3).toList()));
    assertEquals(range(7, 10), ys(counting(10).skip(7).toList()));
    List<Integer> twice = range(0, 4);
    twice.addAll(range(0, 4));
    assertEquals(twice, ys(counting(4).repeat(2).prefetch(Pipeline.AUTOTUNE).toList()));
    assertEquals(25, counting(10).repeat().toList(25).size());
    var e =
        assertThrows(IllegalArgumentException.class, () -> counting(3).repeat().toList());
    assertTrue(e.getMessage().contains("infinite"), e.getMessage());
  }

  @Test
  void mapBuildsAnInGraphFunction() {
    Pipeline p = counting(6)
        .map((tf, e) -> e.with("x", tf.math.div(e.get("x", TFloat32.class), tf.constant(10f)))
            .with("twice", tf.math.mul(e.get("y", TInt32.class), tf.constant(2))));
    List<Map<String, NdArray<?>>> all = p.toList();
    assertEquals(List.of("x", "y", "twice"), List.copyOf(all.get(0).keySet()));
    assertEquals(0.3f, ((FloatNdArray) all.get(3).get("x")).getFloat(0), 1e-7);
    assertEquals(10, ((IntNdArray) all.get(5).get("twice")).getInt());
    List<Map<String, NdArray<?>>> parallel =
        counting(50).map((tf, e) -> e.without("x"), Pipeline.AUTOTUNE).toList();
    assertEquals(range(0, 50), ys(parallel));
    var bad = assertThrows(IllegalArgumentException.class, () -> counting(2)
        .map((tf, e) -> e.get("x", TInt32.class) == null ? e : e)
        .toList());
    assertTrue(bad.getMessage().contains("Component 'x' is float32, not int32"), bad.getMessage());
  }

  @Test
  void shuffleIsSeededCompleteAndNewEachPass() {
    Pipeline p = counting(100).shuffle(100, 7);
    List<Integer> a = ys(p.toList());
    assertEquals(a, ys(p.toList()), "same seed, same first pass");
    assertEquals(new HashSet<>(range(0, 100)), new HashSet<>(a));
    assertEquals(100, a.size());
    assertNotEquals(range(0, 100), a);
    assertNotEquals(a, ys(counting(100).shuffle(100, 8).toList()));
    List<List<Integer>> passes = passes(p.batch(10), 3);
    assertEquals(a, passes.get(0));
    assertNotEquals(passes.get(0), passes.get(1), "each pass has its own order");
    for (List<Integer> pass : passes)
      assertEquals(new HashSet<>(range(0, 100)), new HashSet<>(pass));
    assertEquals(passes, passes(p.batch(10), 3), "reproducible pass by pass");
  }

  /** The y values of {@code n} passes over {@code p} through one iterator. */
  static List<List<Integer>> passes(Pipeline p, int n) {
    List<List<Integer>> out = new ArrayList<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      PipelineDataset d = PipelineDataset.build(tf, p);
      PipelineIterator it = PipelineIterator.create(tf, d.elementSpec());
      int y = d.elementSpec().stream().map(TensorSpec::name).toList().indexOf("y");
      for (int pass = 1; pass <= n; pass++) {
        it.initialize(s, d, pass);
        List<Integer> values = new ArrayList<>();
        try {
          while (true) {
            try (Result r = s.runner().fetch(it.next().get(y)).run()) {
              TInt32 t = (TInt32) r.get(0);
              for (long i = 0; i < t.shape().get(0); i++) values.add(t.getInt(i));
            }
          }
        } catch (TFOutOfRangeException end) {
          out.add(values);
        }
      }
    }
    return out;
  }

  @Test
  void shardsAreDisjointAndCover() {
    Set<Integer> seen = new HashSet<>();
    int total = 0;
    for (int k = 0; k < 4; k++) {
      List<Integer> part = ys(counting(10).shard(4, k).toList());
      for (int v : part) assertEquals(k, v % 4);
      seen.addAll(part);
      total += part.size();
    }
    assertEquals(10, total);
    assertEquals(new HashSet<>(range(0, 10)), seen);
    assertEquals(List.of(1, 5, 9), ys(counting(10).shard(4, 1).toList()));
  }

  @Test
  void cacheReplaysTheFirstPassAndShufflesAfterItPerPass() {
    Pipeline p = counting(20).cache().shuffle(20, 3).batch(5);
    List<List<Integer>> passes = passes(p, 2);
    assertEquals(new HashSet<>(range(0, 20)), new HashSet<>(passes.get(1)));
    assertNotEquals(passes.get(0), passes.get(1));
  }

  @Test
  void rejectsBadArguments() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> counting(2).batch(0))
        .getMessage()
        .contains("batchSize must be a positive integer. Received: batchSize=0"));
    assertThrows(IllegalArgumentException.class, () -> counting(2).shuffle(0, 1));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> counting(2).shard(2, 2))
        .getMessage()
        .contains("numShards=2, index=2"));
    assertThrows(IllegalArgumentException.class, () -> counting(2).map((tf, e) -> e, 0));
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> Pipeline.fromArrays(Map.of(
            "a", HostArray.ofFloats(new float[3], 3), "b", HostArray.ofFloats(new float[2], 2))));
    assertTrue(e.getMessage().contains("same number of samples"), e.getMessage());
  }

  @Test
  void describesItselfAsKerasWouldWriteIt() {
    assertEquals(
        "fromArrays(x=float32[10, 2], y=int32[10]).shuffle(5, seed=1).batch(4).prefetch(AUTOTUNE)",
        counting(10).shuffle(5, 1).batch(4).prefetch(Pipeline.AUTOTUNE).toString());
  }

  @Test
  void unbatchableComponentsPointToPaddedBatch() {
    Pipeline p = counting(3)
        .map((tf, e) ->
            e.with("v", tf.range(tf.constant(0), e.get("y", TInt32.class), tf.constant(1))));
    var e = assertThrows(IllegalArgumentException.class, () -> p.batch(2).toList());
    assertTrue(
        e.getMessage().contains("Component 'v' has shape [-1]")
            && e.getMessage().contains("paddedBatch(2)"),
        e.getMessage());
    List<Map<String, NdArray<?>>> b = p.paddedBatch(3).toList();
    IntNdArray v = (IntNdArray) b.get(0).get("v");
    assertEquals(Shape.of(3, 2), v.shape());
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1}, new int[] {
      v.getInt(0, 0), v.getInt(0, 1), v.getInt(1, 0), v.getInt(1, 1), v.getInt(2, 0), v.getInt(2, 1)
    });
  }
}
