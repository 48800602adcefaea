package io.tfweave.models;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The read-write lock of one model's graph and session, and its open/closed state. Calls that only read variables
 * ({@code predict}, reading weights) share it; calls that change variables or extend the graph (a training step, adding a
 * training sub-graph, assigning weights, saving and restoring, {@code close}) hold it alone. So a reader sees the weights of
 * a completed step, and never a graph whose new variables are not yet initialised.
 *
 * <p>Both locks are re-entrant, and the exclusive holder may also take the shared lock. Taking the exclusive lock while
 * holding only the shared one would deadlock (a read lock cannot be upgraded), so it throws instead.
 */
final class EngineLock {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final String modelName;
  private volatile boolean open = true;

  EngineLock(String modelName) {
    this.modelName = modelName;
  }

  /** Runs {@code body} under the shared lock; throws when the model is closed. */
  <T> T shared(Supplier<T> body) {
    lock.readLock().lock();
    try {
      checkOpen();
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code body} under the exclusive lock; throws when the model is closed. */
  <T> T exclusive(Supplier<T> body) {
    acquireExclusive();
    try {
      checkOpen();
      return body.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Waits for every call in flight to finish, runs {@code release} (still exclusive) and marks the model closed for good; a
   * second call does nothing.
   */
  void close(Runnable release) {
    acquireExclusive();
    try {
      if (!open) return;
      try {
        release.run();
      } finally {
        open = false;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void acquireExclusive() {
    if (lock.getReadHoldCount() > 0 && !lock.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException(
          "Model '" + modelName + "' was asked to change its weights or graph from inside a call "
              + "that only reads them (a read lock cannot be upgraded). Make the call after the reading call returns.");
    }
    lock.writeLock().lock();
  }

  /** False once {@link #close} ran. */
  boolean isOpen() {
    return open;
  }

  /** Throws {@link #closedError} when closed. */
  void checkOpen() {
    if (!open) throw closedError(modelName);
  }

  /** The error of every call on a closed model. */
  static IllegalStateException closedError(String modelName) {
    return new IllegalStateException("Model '" + modelName
        + "' is closed; close() is final. Build or load the model again to " + "use it.");
  }
}
