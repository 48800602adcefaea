package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.tfweave.data.HostArray;
import io.tfweave.data.format.MalformedDataException;
import io.tfweave.formats.TfRecordReader;
import io.tfweave.formats.TfRecordWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

class TfRecordPipelineTest {
  @TempDir
  Path dir;

  static Map<String, HostArray> features(int n) {
    float[] x = new float[n * 6];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 6; k++) x[i * 6 + k] = i + k / 10f;
      y[i] = i * 3;
    }
    Map<String, HostArray> m = new LinkedHashMap<>();
    m.put("x", HostArray.ofFloats(x, n, 2, 3));
    m.put("y", HostArray.ofInts(y, n));
    return m;
  }

  static Example example(Map<String, Feature> f) {
    return Example.newBuilder()
        .setFeatures(Features.newBuilder().putAllFeature(f))
        .build();
  }

  static Feature floats(float... v) {
    FloatList.Builder b = FloatList.newBuilder();
    for (float f : v) b.addValue(f);
    return Feature.newBuilder().setFloatList(b).build();
  }

  static Feature longs(long... v) {
    Int64List.Builder b = Int64List.newBuilder();
    for (long l : v) b.addValue(l);
    return Feature.newBuilder().setInt64List(b).build();
  }

  static Feature bytes(String s) {
    return Feature.newBuilder()
        .setBytesList(BytesList.newBuilder().addValue(ByteString.copyFromUtf8(s)))
        .build();
  }

  @Test
  void examplesWrittenFromArraysReadBackEqual() throws IOException {
    Map<String, HostArray> f = features(7);
    Path file = TfRecords.writeExamples(dir.resolve("a.tfrecord"), f);
    assertEquals(
        7, TfRecordReader.readAll(file).size(), "our framing reads back in the existing reader");
    List<Example> read = TfRecords.readExamples(file);
    assertEquals(TfRecords.example(f, 4), read.get(4));
    assertEquals(
        List.of(0.0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f),
        read.get(0).getFeatures().getFeatureOrThrow("x").getFloatList().getValueList());
    FeatureSpec spec = TfRecords.specOf(f);
    assertEquals(
        "FeatureSpec{x: float32 of shape [2, 3] (6 values), y: int64 of shape [] (1 values)}",
        spec.toString());
    List<Map<String, NdArray<?>>> all =
        Pipeline.fromTfRecords(List.of(file), spec).toList();
    assertEquals(7, all.size());
    for (int i = 0; i < 7; i++) {
      FloatNdArray x = (FloatNdArray) all.get(i).get("x");
      assertEquals(Shape.of(2, 3), x.shape());
      assertEquals(i + 0.5f, x.getFloat(1, 2), 1e-6);
      assertEquals(i * 3L, ((LongNdArray) all.get(i).get("y")).getLong());
    }
    assertEquals(
        List.of(
            new TensorSpec("x", org.tensorflow.types.TFloat32.class, Shape.of(2, 3)),
            new TensorSpec("y", org.tensorflow.types.TInt64.class, Shape.scalar())),
        Pipeline.fromTfRecords(List.of(file), spec).elementSpec());
  }

  @Test
  void variableLengthAndBytesFeatures() {
    Path file = TfRecords.write(
        dir.resolve("v.tfrecord"),
        List.of(
            example(Map.of("tokens", longs(5, 6, 7), "name", bytes("abc"))),
            example(Map.of("tokens", longs(8), "name", bytes("d"))),
            example(Map.of("name", bytes("")))));
    FeatureSpec spec = FeatureSpec.create()
        .varLen("tokens", FeatureType.INT64)
        .fixedLen("name", FeatureType.BYTES);
    List<Map<String, NdArray<?>>> all =
        Pipeline.fromTfRecords(List.of(file), spec).toList();
    assertEquals(Shape.of(3), all.get(0).get("tokens").shape());
    assertEquals(7L, ((LongNdArray) all.get(0).get("tokens")).getLong(2));
    assertEquals(
        Shape.of(0),
        all.get(2).get("tokens").shape(),
        "a missing variable-length feature is empty");
    assertArrayEquals(
        "abc".getBytes(StandardCharsets.UTF_8), (byte[]) all.get(0).get("name").getObject());
    List<Map<String, NdArray<?>>> padded =
        Pipeline.fromTfRecords(List.of(file), spec).paddedBatch(3).toList();
    LongNdArray t = (LongNdArray) padded.get(0).get("tokens");
    assertEquals(Shape.of(3, 3), t.shape());
    assertEquals(8L, t.getLong(1, 0));
    assertEquals(0L, t.getLong(1, 1));
  }

  @Test
  void shardsAndGlobsReadInSortedOrder() {
    List<Path> shards = TfRecords.writeShards(dir.resolve("s"), "train", 3, features(10));
    assertEquals("train-00001-of-00003.tfrecord", shards.get(1).getFileName().toString());
    List<Map<String, NdArray<?>>> all = Pipeline.fromTfRecords(
            dir.resolve("s") + "/train-*.tfrecord", TfRecords.specOf(features(1)))
        .toList();
    assertEquals(10, all.size());
    for (int i = 0; i < 10; i++)
      assertEquals(i * 3L, ((LongNdArray) all.get(i).get("y")).getLong());
  }

  @Test
  void aGlobMatchingNothingListsThePatternAndTheDirectory() throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "x");
    String pattern = dir + "/train-*.tfrecord";
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> Pipeline.fromTfRecords(pattern, TfRecords.specOf(features(1))));
    assertTrue(
        e.getMessage().contains("'" + pattern + "'")
            && e.getMessage().contains("in directory " + dir)
            && e.getMessage().contains("notes.txt"),
        e.getMessage());
    var missing = assertThrows(
        IllegalArgumentException.class,
        () -> Pipeline.fromTfRecords(dir + "/nope/*.tfrecord", TfRecords.specOf(features(1))));
    assertTrue(
        missing.getMessage().contains("directory " + dir.resolve("nope") + " does not exist"),
        missing.getMessage());
  }

  /** A file of good records with one bad record at index 2. */
  Path withBadRecord(Example bad) {
    return TfRecords.write(
        dir.resolve("bad.tfrecord"),
        List.of(
            example(Map.of("x", floats(1, 2), "y", longs(0))),
            example(Map.of("x", floats(3, 4), "y", longs(1))),
            bad,
            example(Map.of("x", floats(5, 6), "y", longs(2)))));
  }

  static final FeatureSpec XY =
      FeatureSpec.create().fixedLen("x", FeatureType.FLOAT, 2).fixedLen("y", FeatureType.INT64);

  @Test
  void aFeatureOfTheWrongTypeNamesFileRecordFeatureExpectedAndFound() {
    Path f = withBadRecord(example(Map.of("x", longs(1, 2), "y", longs(3))));
    var e = assertThrows(MalformedDataException.class, () -> Pipeline.fromTfRecords(List.of(f), XY)
        .toList());
    assertTrue(
        e.getMessage()
            .startsWith(
                "Record 2 of " + f + " does not match the FeatureSpec: feature 'x' should be "
                    + "float32 of shape [2] (2 values), but the record holds a int64_list"),
        e.getMessage());
  }

  @Test
  void aFeatureOfTheWrongSizeOrMissingIsNamed() {
    Path f = withBadRecord(example(Map.of("x", floats(1, 2, 3), "y", longs(3))));
    var e = assertThrows(MalformedDataException.class, () -> Pipeline.fromTfRecords(List.of(f), XY)
        .toList());
    assertTrue(
        e.getMessage().contains("Record 2 of " + f)
            && e.getMessage()
                .contains("feature 'x' should be float32 of shape "
                    + "[2] (2 values), but the record holds 3 values"),
        e.getMessage());
    Path g = withBadRecord(example(Map.of("x", floats(1, 2))));
    var m = assertThrows(MalformedDataException.class, () -> Pipeline.fromTfRecords(List.of(g), XY)
        .toList());
    assertTrue(m.getMessage().contains("Record 2 of " + g + " has no feature 'y'"), m.getMessage());
  }

  @Test
  void recordsThatAreNotExamplesOrAreDamagedNameFileAndRecord() throws IOException {
    Path f = dir.resolve("junk.tfrecord");
    try (TfRecordWriter w = TfRecordWriter.open(f)) {
      w.write(example(Map.of("x", floats(1, 2), "y", longs(0))).toByteArray());
      w.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
    }
    var e = assertThrows(MalformedDataException.class, () -> Pipeline.fromTfRecords(List.of(f), XY)
        .toList());
    assertTrue(
        e.getMessage().startsWith("Record 1 of " + f + " is not a serialized tf.train.Example"),
        e.getMessage());
    Path good = withBadRecord(example(Map.of("x", floats(7, 8), "y", longs(9))));
    byte[] bytes = Files.readAllBytes(good);
    bytes[bytes.length - 6] ^= 0x55;
    Path damaged = Files.write(dir.resolve("damaged.tfrecord"), bytes);
    var d = assertThrows(
        MalformedDataException.class,
        () -> Pipeline.fromTfRecords(List.of(damaged), XY).toList());
    assertTrue(
        d.getMessage().contains(damaged + ": record 3") && d.getMessage().contains("checksum"),
        d.getMessage());
  }

  @Test
  void ignoreErrorsSkipsBadRecords() {
    Path f = withBadRecord(example(Map.of("x", floats(1, 2, 3), "y", longs(3))));
    List<Map<String, NdArray<?>>> all =
        Pipeline.fromTfRecords(List.of(f), XY).ignoreErrors().toList();
    assertEquals(
        List.of(0L, 1L, 2L),
        all.stream().map(m -> ((LongNdArray) m.get("y")).getLong()).toList());
  }

  @Test
  void cacheSurvivesTheFilesBeingDeleted() throws IOException {
    Path f = TfRecords.writeExamples(dir.resolve("c.tfrecord"), features(6));
    Pipeline p = Pipeline.fromTfRecords(List.of(f), TfRecords.specOf(features(1)))
        .cache()
        .batch(4);
    try (org.tensorflow.Graph g = new org.tensorflow.Graph();
        org.tensorflow.Session s = new org.tensorflow.Session(g)) {
      org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
      PipelineDataset d = PipelineDataset.build(tf, p);
      PipelineIterator it = PipelineIterator.create(tf, d.elementSpec());
      assertEquals(6, count(s, it, d, 1));
      Files.delete(f);
      assertEquals(6, count(s, it, d, 2), "the second pass reads the cache");
    }
  }

  @Test
  void aFileCacheServesLaterRunsWithoutTheSource() throws IOException {
    Path f = TfRecords.writeExamples(dir.resolve("fc.tfrecord"), features(5));
    Pipeline p = Pipeline.fromTfRecords(List.of(f), TfRecords.specOf(features(1)))
        .cache(dir.resolve("cache/train"));
    Files.createDirectories(dir.resolve("cache"));
    assertEquals(5, p.toList().size());
    Files.delete(f);
    List<Map<String, NdArray<?>>> again = p.toList();
    assertEquals(5, again.size(), "a new graph and session read the cache files");
    assertEquals(12L, ((LongNdArray) again.get(4).get("y")).getLong());
  }

  static int count(org.tensorflow.Session s, PipelineIterator it, PipelineDataset d, long pass) {
    it.initialize(s, d, pass);
    int n = 0;
    try {
      while (true) {
        try (var r = s.runner().fetch(it.next().get(1)).run()) {
          n += (int) r.get(0).shape().get(0);
        }
      }
    } catch (org.tensorflow.exceptions.TFOutOfRangeException end) {
      return n;
    }
  }
}
