package io.tfweave.data.pipeline.internal;

import org.tensorflow.Session;

/** A Java-side producer that fills an in-graph queue a source reads from (see {@link GeneratorSource}). */
public interface Feeder {
  /** Stops the producer thread, if running, and waits for it. */
  void stop();

  /** Stops the producer, empties the queue of what an earlier pass left, and starts a new producer for one pass. */
  void restart(Session session);

  /** The error the producer met (a bad sample or a failing iterator), or null. */
  RuntimeException error();
}
