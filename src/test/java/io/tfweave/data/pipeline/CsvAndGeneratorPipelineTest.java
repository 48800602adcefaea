package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.format.MalformedDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

class CsvAndGeneratorPipelineTest {
  @TempDir
  Path dir;

  static float[] floats(NdArray<?> a) {
    FloatNdArray f = (FloatNdArray) a;
    float[] v = new float[(int) f.size()];
    f.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
    return v;
  }

  @Test
  void csvRowsReadBackWithHeaderLabelColumnsAndDefaults() throws IOException {
    Path f = Files.writeString(
        dir.resolve("houses.csv"),
        "rooms,area,\"price, k\",age\n3,80,250,10\n4,,320.5,2\n2,50,150,30\n");
    List<Map<String, NdArray<?>>> rows = Pipeline.fromCsv(
            f, CsvOptions.defaults().label("price, k").defaultValue(-1f))
        .toList();
    assertEquals(3, rows.size());
    assertArrayEquals(new float[] {3, 80, 10}, floats(rows.get(0).get("x")));
    assertArrayEquals(new float[] {4, -1, 2}, floats(rows.get(1).get("x")));
    assertEquals(320.5f, ((FloatNdArray) rows.get(1).get("y")).getFloat());
    List<Map<String, NdArray<?>>> picked = Pipeline.fromCsv(
            f, CsvOptions.defaults().selectColumns("age", "rooms").defaultValue(0f))
        .batch(3)
        .toList();
    assertEquals(Shape.of(3, 2), picked.get(0).get("x").shape());
    assertArrayEquals(new float[] {10, 3, 2, 4, 30, 2}, floats(picked.get(0).get("x")));
    assertEquals(List.of("x"), List.copyOf(picked.get(0).keySet()));
    Path raw = Files.writeString(dir.resolve("raw.tsv"), "1\t2\n3\t4\n");
    List<Map<String, NdArray<?>>> noHeader = Pipeline.fromCsv(
            raw,
            CsvOptions.defaults()
                .header(false)
                .delimiter('\t')
                .columnNames("a", "b")
                .label("b"))
        .toList();
    assertArrayEquals(new float[] {3}, floats(noHeader.get(1).get("x")));
    assertEquals(4f, ((FloatNdArray) noHeader.get(1).get("y")).getFloat());
    Files.writeString(dir.resolve("part-2.csv"), "rooms,area,\"price, k\",age\n9,9,9,9\n");
    Files.move(f, dir.resolve("part-1.csv"));
    assertEquals(
        4,
        Pipeline.fromCsv(dir + "/part-*.csv", CsvOptions.defaults().defaultValue(0))
            .toList()
            .size());
  }

  @Test
  void aCsvLineThatDoesNotDecodeIsNamed() throws IOException {
    Path f = Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n3,x\n");
    var e = assertThrows(
        MalformedDataException.class,
        () -> Pipeline.fromCsv(f, CsvOptions.defaults().label("b")).toList());
    assertEquals(
        "Line 3 of " + f + ": column 2 ('b') holds 'x', which is not a number", e.getMessage());
    Path g = Files.writeString(dir.resolve("short.csv"), "a,b\n1,2\n3\n");
    var s =
        assertThrows(MalformedDataException.class, () -> Pipeline.fromCsv(g, CsvOptions.defaults())
            .toList());
    assertTrue(
        s.getMessage().startsWith("Line 3 of " + g + " has 1 fields, but the file has 2 columns"),
        s.getMessage());
    Path h = Files.writeString(dir.resolve("empty-field.csv"), "a,b\n1,\n");
    var m =
        assertThrows(MalformedDataException.class, () -> Pipeline.fromCsv(h, CsvOptions.defaults())
            .toList());
    assertTrue(
        m.getMessage().contains("Line 2 of " + h + " has an empty field in column 2 ('b')"),
        m.getMessage());
    var col = assertThrows(
        IllegalArgumentException.class,
        () -> Pipeline.fromCsv(h, CsvOptions.defaults().label("price")));
    assertTrue(
        col.getMessage().contains("CSV column 'price' does not exist; the columns are [a, b]"),
        col.getMessage());
  }

  static Iterator<Object[]> samples(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new Object[] {new float[] {i, 2 * i}, i % 3})
        .iterator();
  }

  static final TensorSpec[] SPEC = {
    new TensorSpec("x", TFloat32.class, Shape.of(2)),
    new TensorSpec("y", TInt32.class, Shape.scalar())
  };

  @Test
  void generatorSamplesArriveInOrderThroughTheQueue() {
    List<Map<String, NdArray<?>>> all =
        Pipeline.fromGenerator(() -> samples(150), SPEC).batch(32).toList();
    assertEquals(5, all.size());
    List<Float> xs = new ArrayList<>();
    for (Map<String, NdArray<?>> b : all) for (float v : floats(b.get("x"))) xs.add(v);
    for (int i = 0; i < 150; i++) {
      assertEquals((float) i, xs.get(2 * i));
      assertEquals(2f * i, xs.get(2 * i + 1));
    }
    assertEquals(2, ((IntNdArray) all.get(4).get("y")).getInt(21), "sample 149 % 3");
    assertEquals(0, Pipeline.fromGenerator(() -> samples(0), SPEC).toList().size());
    List<Map<String, NdArray<?>>> longs = Pipeline.fromGenerator(
            () -> List.<Object[]>of(new Object[] {new long[] {1L << 40}}).iterator(),
            new TensorSpec("t", TInt64.class, Shape.of(1)))
        .toList();
    assertEquals(1L << 40, ((LongNdArray) longs.get(0).get("t")).getLong(0));
  }

  @Test
  void everyPassCallsTheGeneratorAgainAndStopsEarlyCleanly() {
    int[] calls = {0};
    Pipeline p = Pipeline.fromGenerator(
            () -> {
              calls[0]++;
              return samples(1000);
            },
            SPEC)
        .shuffle(50, 1)
        .batch(10);
    try (org.tensorflow.Graph g = new org.tensorflow.Graph();
        org.tensorflow.Session s = new org.tensorflow.Session(g)) {
      org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
      PipelineDataset d = PipelineDataset.build(tf, p);
      PipelineIterator it = PipelineIterator.create(tf, d.elementSpec());
      for (int pass = 1; pass <= 3; pass++) {
        it.initialize(s, d, pass);
        for (int b = 0; b < 3; b++)
          s.runner().fetch(it.advance()).run().close(); // stop long before the end
      }
      it.initialize(s, d, 4);
      int n = 0;
      try {
        while (true) {
          try (var r = s.runner().fetch(it.next().get(1)).run()) {
            n += (int) r.get(0).shape().get(0);
          }
        }
      } catch (org.tensorflow.exceptions.TFOutOfRangeException end) {
        assertEquals(
            1000, n, "a pass after early stops is complete: no chunk of an old pass leaks into it");
      }
      d.stop();
    }
    assertEquals(4, calls[0]);
  }

  @Test
  void aBadGeneratorSampleIsNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> Pipeline.fromGenerator(
            () -> IntStream.range(0, 100)
                .mapToObj(i -> new Object[] {new float[i == 70 ? 3 : 2], 0})
                .iterator(),
            SPEC)
        .toList());
    assertEquals(
        "Generator sample 70, component 'x': expected a float[] of 2 values (x: float32[2]), got a float[] of 3 values",
        e.getMessage());
    var f = assertThrows(IllegalStateException.class, () -> Pipeline.fromGenerator(
            () -> new Iterator<Object[]>() {
              int i;

              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Object[] next() {
                if (i++ == 5) throw new IllegalStateException("disk gone");
                return new Object[] {new float[2], 1};
              }
            },
            SPEC)
        .toList());
    assertTrue(
        f.getMessage()
            .startsWith(
                "The generator failed after 5 samples: java.lang.IllegalStateException: disk gone"),
        f.getMessage());
  }
}
