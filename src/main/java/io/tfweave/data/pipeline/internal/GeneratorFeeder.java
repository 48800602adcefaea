package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.TensorSpec;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The producer thread of a {@link GeneratorSource}: one pass of the generator, packed into chunks and enqueued with a
 * time-limited run (so a stop request is seen within {@link #WAIT_MS} even when the queue is full), then an empty chunk to
 * end the pass. A sample of the wrong type or size, or a failing iterator, ends the pass too and is reported by
 * {@link #error()}.
 */
final class GeneratorFeeder implements Feeder {
  static final int WAIT_MS = 200;

  private final Supplier<? extends Iterator<? extends Object[]>> generator;
  private final List<TensorSpec> spec;
  private final List<Placeholder<?>> feeds;
  private final Op enqueue;
  private final Op size;
  private final Op dequeue;
  private Thread thread;
  private volatile boolean stopping;
  private volatile RuntimeException error;

  GeneratorFeeder(
      Supplier<? extends Iterator<? extends Object[]>> generator,
      List<TensorSpec> spec,
      List<Placeholder<?>> feeds,
      Op enqueue,
      Op size,
      Op dequeue) {
    this.generator = generator;
    this.spec = spec;
    this.feeds = feeds;
    this.enqueue = enqueue;
    this.size = size;
    this.dequeue = dequeue;
  }

  @Override
  public void restart(Session session) {
    stop();
    long left;
    try (Result r = session.runner().fetch(size.op().output(0)).run()) {
      left = ((TInt32) r.get(0)).getInt();
    }
    for (long i = 0; i < left; i++) session.runner().addTarget(dequeue).run().close();
    error = null;
    stopping = false;
    thread = new Thread(() -> produce(session), "tfweave-generator");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    Thread t = thread;
    if (t == null) return;
    stopping = true;
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread = null;
  }

  @Override
  public RuntimeException error() {
    return error;
  }

  private void produce(Session session) {
    long sample = 0;
    try {
      Iterator<? extends Object[]> it = generator.get();
      if (it == null)
        throw new IllegalStateException(
            "The generator supplier returned null instead of an iterator");
      ChunkBuffer chunk = new ChunkBuffer(spec, GeneratorSource.CHUNK);
      while (!stopping) {
        chunk.clear();
        while (chunk.size() < GeneratorSource.CHUNK && !stopping && it.hasNext())
          chunk.add(it.next(), sample++);
        if (chunk.size() == 0) break;
        if (!enqueue(session, chunk, false)) return;
      }
    } catch (RuntimeException e) {
      error = e instanceof IllegalArgumentException
          ? e
          : new IllegalStateException("The generator failed after " + sample + " samples: " + e, e);
    } catch (Error e) {
      error =
          new IllegalStateException("The generator failed after " + sample + " samples: " + e, e);
    } finally {
      // End the pass, so that the reader sees the end (or the error) instead of waiting. At a stop,
      // one try: a reader waits
      // only on an empty queue, and then there is room.
      try {
        enqueue(session, new ChunkBuffer(spec, 0), stopping);
      } catch (RuntimeException ignored) {
        // The session is gone (model closed): nobody reads the queue any more.
      }
    }
  }

  /** Enqueues {@code chunk}, retrying until it fits or a stop is requested (at most once with {@code once}). */
  private boolean enqueue(Session session, ChunkBuffer chunk, boolean once) {
    RunOptions wait = RunOptions.newBuilder().setTimeoutInMs(WAIT_MS).build();
    List<Tensor> tensors = chunk.tensors();
    try {
      while (true) {
        Session.Runner r = session.runner().addTarget(enqueue).setOptions(wait);
        for (int i = 0; i < feeds.size(); i++) r.feed(feeds.get(i), tensors.get(i));
        try {
          r.run().close();
          return true;
        } catch (TensorFlowException full) {
          // A full queue: the run timed out (DEADLINE_EXCEEDED, which TF Java throws as a plain
          // TensorFlowException).
          if (stopping || once) return false;
          String m = String.valueOf(full.getMessage());
          if (!m.contains("Timed out")
              && !m.toLowerCase(java.util.Locale.ROOT).contains("deadline")) throw full;
        }
      }
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  /** The shape of a chunk of {@code n} samples of {@code s}. */
  static Shape chunkShape(TensorSpec s, int n) {
    long[] dims = new long[s.shape().numDimensions() + 1];
    dims[0] = n;
    System.arraycopy(s.shape().asArray(), 0, dims, 1, s.shape().numDimensions());
    return Shape.of(dims);
  }

  static Tensor tensor(TensorSpec s, int n, Object values) {
    Shape shape = chunkShape(s, n);
    if (values instanceof float[] f)
      return TFloat32.tensorOf(shape, DataBuffers.of(f, true, false).narrow(shape.size()));
    if (values instanceof int[] i)
      return TInt32.tensorOf(shape, DataBuffers.of(i, true, false).narrow(shape.size()));
    return TInt64.tensorOf(
        shape, DataBuffers.of((long[]) values, true, false).narrow(shape.size()));
  }
}
