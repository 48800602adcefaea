package io.tfweave.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Writes TensorBoard event files through TensorFlow's own summary ops ({@code CreateSummaryFileWriter},
 * {@code WriteScalarSummary}, {@code WriteHistogramSummary}, {@code WriteGraphSummary}), one file writer per run
 * directory ({@code logDir/train}, {@code logDir/validation}), in a small private graph and single-threaded session fed by
 * placeholders. Writers are created on first use.
 */
final class SummaryFiles implements AutoCloseable {
  /** Suffix of the event files, as Keras's TF2 writers name them. */
  static final String FILE_SUFFIX = ".v2";
  /** Maximum number of queued events before a writer flushes on its own. */
  private static final int MAX_QUEUE = 10;
  /** Milliseconds after which a writer flushes on its own. */
  private static final int FLUSH_MILLIS = 120_000;

  /** One run directory's writer and its ops. */
  private record Writer(Op scalar, Op histogram, Op graph, Op flush, Op close) {}

  private final Path logDir;
  private final Graph graph = new Graph();
  private final Session session;
  private final Ops tf;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Placeholder<TFloat32> values;
  private final Placeholder<TString> graphDef;
  private final Map<String, Writer> writers = new LinkedHashMap<>();

  SummaryFiles(Path logDir) {
    this.logDir = logDir;
    ConfigProto config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(1)
        .setInterOpParallelismThreads(1)
        .build();
    this.session = new Session(graph, config);
    this.tf = Ops.create(graph);
    this.step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    this.tag = tf.withName("tag").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    this.value =
        tf.withName("value").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    this.values =
        tf.withName("values").placeholder(TFloat32.class, Placeholder.shape(Shape.unknown()));
    this.graphDef =
        tf.withName("graph_def").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
  }

  /** Writes a scalar under {@code tag} to {@code logDir/run}. */
  void scalar(String run, String tagName, long stepValue, double v) {
    try (TInt64 s = TInt64.scalarOf(stepValue);
        TString t = TString.scalarOf(tagName);
        TFloat32 x = TFloat32.scalarOf((float) v)) {
      session
          .runner()
          .feed(step, s)
          .feed(tag, t)
          .feed(value, x)
          .addTarget(writer(run).scalar())
          .run()
          .close();
    }
  }

  /** Writes a histogram of {@code data} under {@code tag} to {@code logDir/run}. */
  void histogram(String run, String tagName, long stepValue, float[] data) {
    try (TInt64 s = TInt64.scalarOf(stepValue);
        TString t = TString.scalarOf(tagName);
        TFloat32 x = TFloat32.tensorOf(Shape.of(data.length), DataBuffers.of(data, true, false))) {
      session
          .runner()
          .feed(step, s)
          .feed(tag, t)
          .feed(values, x)
          .addTarget(writer(run).histogram())
          .run()
          .close();
    }
  }

  /** Writes a serialized {@code GraphDef} to {@code logDir/run}. */
  void graph(String run, long stepValue, byte[] serializedGraphDef) {
    try (TInt64 s = TInt64.scalarOf(stepValue);
        TString g = TString.tensorOfBytes(NdArrays.scalarOfObject(serializedGraphDef))) {
      session
          .runner()
          .feed(step, s)
          .feed(graphDef, g)
          .addTarget(writer(run).graph())
          .run()
          .close();
    }
  }

  /** Flushes every writer to disk. */
  void flush() {
    for (Writer w : writers.values())
      session.runner().addTarget(w.flush()).run().close();
  }

  /** Flushes and closes the writers, then frees the private graph and session. */
  @Override
  public void close() {
    try {
      for (Writer w : writers.values()) {
        session.runner().addTarget(w.flush()).run().close();
        session.runner().addTarget(w.close()).run().close();
      }
    } finally {
      writers.clear();
      session.close();
      graph.close();
    }
  }

  private Writer writer(String run) {
    Writer w = writers.get(run);
    if (w != null) return w;
    Path dir = logDir.resolve(run);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "TensorBoard could not create the log directory " + dir + ": " + e.getMessage(), e);
    }
    Ops scope = tf.withSubScope(run);
    SummaryWriter handle = scope.summary.summaryWriter(SummaryWriter.sharedName("tfweave_" + run));
    Op create = scope.summary.createSummaryFileWriter(
        handle,
        scope.constant(dir.toString()),
        scope.constant(MAX_QUEUE),
        scope.constant(FLUSH_MILLIS),
        scope.constant(FILE_SUFFIX));
    w = new Writer(
        scope.summary.writeScalarSummary(handle, step, tag, value),
        scope.summary.writeHistogramSummary(handle, step, tag, values),
        scope.summary.writeGraphSummary(handle, step, graphDef),
        scope.summary.flushSummaryWriter(handle),
        scope.summary.closeSummaryWriter(handle));
    try {
      session.runner().addTarget(create).run().close();
    } catch (TensorFlowException e) {
      throw new IllegalStateException(
          "TensorBoard could not open an event file in " + dir + ": " + e.getMessage(), e);
    }
    writers.put(run, w);
    return w;
  }
}
