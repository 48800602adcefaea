package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.tfweave.formats.CorruptFileException;
import io.tfweave.formats.EventFileReader;
import io.tfweave.formats.HistogramEvent;
import io.tfweave.formats.ScalarEvent;
import io.tfweave.formats.TfRecordWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class EventFileReaderTest {
  @TempDir
  Path dir;

  @Test
  void readsScalarsAndHistogramsWrittenByTensorFlowSummaryOps() throws IOException {
    float[] losses = {2.5f, 1.25f, 0.625f, 0.3125f, 0.1f};
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      SummaryWriter w = tf.summary.summaryWriter(SummaryWriter.sharedName("test_writer"));
      s.run(tf.summary.createSummaryFileWriter(
          w,
          tf.constant(dir.toString()),
          tf.constant(10),
          tf.constant(60_000),
          tf.constant(".tfweave")));
      Placeholder<TInt64> step = tf.placeholder(TInt64.class);
      Placeholder<TFloat32> loss = tf.placeholder(TFloat32.class);
      var writeLoss = tf.summary.writeScalarSummary(w, step, tf.constant("loss"), loss);
      var writeHist = tf.summary.writeHistogramSummary(
          w, step, tf.constant("weights"), tf.constant(new float[] {1, 2, 2, 3, 10}));
      for (int i = 0; i < losses.length; i++) {
        try (TInt64 st = TInt64.scalarOf(i * 10L);
            TFloat32 l = TFloat32.scalarOf(losses[i]);
            Result r = s.runner()
                .feed(step, st)
                .feed(loss, l)
                .addTarget(writeLoss)
                .addTarget(writeHist)
                .run()) {
          assertEquals(0, r.size());
        }
      }
      s.run(tf.summary.flushSummaryWriter(w));
      s.run(tf.summary.closeSummaryWriter(w));
    }
    EventFileReader events = EventFileReader.read(dir);
    assertEquals("brain.Event:2", events.fileVersion());
    List<ScalarEvent> scalars = events.scalars("loss");
    assertEquals(losses.length, scalars.size());
    for (int i = 0; i < losses.length; i++) {
      assertEquals(i * 10L, scalars.get(i).step());
      assertEquals(losses[i], (float) scalars.get(i).value());
      assertTrue(scalars.get(i).wallTime() > 1.5e9);
    }
    HistogramEvent h = events.histograms("weights").get(4);
    assertEquals(40, h.step());
    assertEquals(5, h.count());
    assertEquals(1, h.min());
    assertEquals(10, h.max());
    assertEquals(18, h.sum());
    assertEquals(5.0, h.bucketCounts().stream().mapToDouble(Double::doubleValue).sum());
    assertFalse(events.hasGraph());
  }

  @Test
  void readsTf2TensorScalarsHistogramsAndGraphs() throws IOException {
    Path file = dir.resolve("events.out.tfevents.1700000000.host.1.v2");
    GraphDef graph = GraphDef.newBuilder()
        .addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder"))
        .build();
    try (TfRecordWriter w = TfRecordWriter.open(file)) {
      w.write(Event.newBuilder()
          .setWallTime(1.7e9)
          .setFileVersion("brain.Event:2")
          .build()
          .toByteArray());
      w.write(Event.newBuilder()
          .setWallTime(1.7e9)
          .setGraphDef(graph.toByteString())
          .build()
          .toByteArray());
      for (int step = 0; step < 3; step++) {
        Summary.Value acc = Summary.Value.newBuilder()
            .setTag("epoch_accuracy")
            .setMetadata(plugin(EventFileReader.SCALARS_PLUGIN))
            .setTensor(TensorProto.newBuilder()
                .setDtype(DataType.DT_FLOAT)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .addFloatVal(0.5f + step / 4f))
            .build();
        Summary.Value lr = Summary.Value.newBuilder()
            .setTag("learning_rate")
            .setMetadata(plugin(EventFileReader.SCALARS_PLUGIN))
            .setTensor(TensorProto.newBuilder()
                .setDtype(DataType.DT_DOUBLE)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .setTensorContent(doubleBytes(1e-3 / (step + 1))))
            .build();
        Summary.Value hist = Summary.Value.newBuilder()
            .setTag("dense/kernel_0")
            .setMetadata(plugin(EventFileReader.HISTOGRAMS_PLUGIN))
            .setTensor(TensorProto.newBuilder()
                .setDtype(DataType.DT_DOUBLE)
                .setTensorShape(TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(2))
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(3)))
                .setTensorContent(doubleBytes(-1, 0, 3, 0, 2, 5 + step)))
            .build();
        w.write(Event.newBuilder()
            .setWallTime(1.7e9 + step)
            .setStep(step)
            .setSummary(Summary.newBuilder().addValue(acc).addValue(lr).addValue(hist))
            .build()
            .toByteArray());
      }
    }
    EventFileReader events = EventFileReader.read(file);
    assertEquals(List.of("epoch_accuracy", "learning_rate"), List.copyOf(events.scalarTags()));
    assertEquals(
        new ScalarEvent(2, 1.7e9 + 2, 1.0), events.scalars("epoch_accuracy").get(2));
    assertEquals(1e-3 / 2, events.scalars("learning_rate").get(1).value());
    HistogramEvent h = events.histograms("dense/kernel_0").get(1);
    assertEquals(List.of(0.0, 2.0), h.bucketLimits());
    assertEquals(List.of(3.0, 6.0), h.bucketCounts());
    assertEquals(-1, h.min());
    assertEquals(2, h.max());
    assertEquals(9, h.count());
    assertTrue(Double.isNaN(h.sum()));
    assertTrue(events.hasGraph());
    assertEquals("x", events.graph().orElseThrow().getNode(0).getName());
    assertEquals(5, events.events().size());
  }

  /** A real TF2 log written by tools/make_tf2_events.py (Keras 3.15 TensorBoard callback). */
  @Test
  void readsRealKeras3TensorBoardLog() throws IOException, java.net.URISyntaxException {
    Path log = Path.of(getClass().getResource("events").toURI());
    var expected = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(log.resolve("history.json").toFile());
    EventFileReader events = EventFileReader.read(log.resolve("train"));
    List<ScalarEvent> loss = events.scalars("epoch_loss");
    assertEquals(3, loss.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i, loss.get(i).step());
      assertEquals(
          expected.path("history").path("loss").get(i).asDouble(), loss.get(i).value());
    }
    assertTrue(events.scalarTags().contains("epoch_learning_rate"));
    List<String> tags = new java.util.ArrayList<>();
    expected.path("histogram_tags").forEach(t -> tags.add(t.asText()));
    assertEquals(tags, List.copyOf(events.histogramTags()));
    List<HistogramEvent> kernel = events.histograms("sequential/hidden/kernel/histogram");
    assertEquals(3, kernel.size());
    assertEquals(List.of(0L, 1L, 2L), kernel.stream().map(HistogramEvent::step).toList());
    assertEquals(12.0, kernel.get(2).count());
    assertTrue(kernel.get(2).min() <= kernel.get(2).max());
  }

  @Test
  void reportsCorruptEventRecords() throws IOException {
    Path file = dir.resolve("events.out.tfevents.1");
    try (TfRecordWriter w = TfRecordWriter.open(file)) {
      w.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
    }
    var e = assertThrows(CorruptFileException.class, () -> EventFileReader.read(file));
    assertTrue(
        e.getMessage().contains("record 0 should be a serialized Event proto"), e.getMessage());
    var missing = assertThrows(
        IOException.class, () -> EventFileReader.read(Files.createDirectory(dir.resolve("empty"))));
    assertTrue(missing.getMessage().contains("expected at least one events.out.tfevents.* file"));
  }

  private static SummaryMetadata plugin(String name) {
    return SummaryMetadata.newBuilder()
        .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName(name))
        .build();
  }

  private static ByteString doubleBytes(double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : v) {
      b.putDouble(d);
    }
    return ByteString.copyFrom(b.array());
  }
}
