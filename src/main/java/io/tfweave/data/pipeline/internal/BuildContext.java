package io.tfweave.data.pipeline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * What sources and stages share while they add a pipeline's ops to a graph: the op factory, the pass-number placeholder
 * (the second seed of every shuffle, so each pass over the data has its own, reproducible order), placeholders fed with
 * in-memory arrays, background feeders, and functions to close once attached.
 */
public final class BuildContext {
  private static final AtomicLong NAMES = new AtomicLong();

  private final Ops tf;
  private Placeholder<TInt64> pass;
  private final List<Placeholder<?>> fed = new ArrayList<>();
  private final List<Supplier<Tensor>> values = new ArrayList<>();
  private final List<Feeder> feeders = new ArrayList<>();
  private final List<ConcreteFunction> functions = new ArrayList<>();
  private boolean skipsErrors;
  private final List<Counter> sourceCounters = new ArrayList<>();

  /** A context adding ops with {@code tf}. */
  public BuildContext(Ops tf) {
    this.tf = tf;
  }

  /** Records that a stage skips elements that fail ({@code ignoreErrors}), so sources must fail one record at a time. */
  public void skipsErrors(boolean s) {
    skipsErrors = s;
  }

  /** True when a stage skips failing elements: a source must not parse records in groups (a bad one would drop its group). */
  public boolean skipsErrors() {
    return skipsErrors;
  }

  /** Asks the source to count its records (before parsing them) with {@code c}. */
  public void countAtSource(Counter c) {
    sourceCounters.add(c);
  }

  /**
   * {@code raw} with every element counted by the counters asked for with {@link #countAtSource}: a source that parses
   * calls it on its raw records, before the parse that may fail; what no source counted is counted on the source's output.
   */
  public Built countRecords(Built raw) {
    Built b = raw;
    for (Counter c : sourceCounters) b = c.count(this, b);
    sourceCounters.clear();
    return b;
  }

  /** The op factory. */
  public Ops tf() {
    return tf;
  }

  /** The number of the current pass over the data, from 1 (fed when an iterator starts a pass). */
  public Operand<TInt64> pass() {
    if (pass == null)
      pass = tf.withName("pass").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    return pass;
  }

  /** The pass placeholder, or null when no op uses it. */
  public Placeholder<TInt64> passPlaceholder() {
    return pass;
  }

  /** A placeholder of {@code type} and {@code shape} that is fed {@code value} (a new tensor, closed after use). */
  public <T extends TType> Placeholder<T> fed(Class<T> type, Shape shape, Supplier<Tensor> value) {
    Placeholder<T> p = tf.withName("data").placeholder(type, Placeholder.shape(shape));
    fed.add(p);
    values.add(value);
    return p;
  }

  /** Adds the fed placeholders' values to {@code r}; returns the tensors to close after the run. */
  public List<Tensor> feedArrays(Session.Runner r) {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < fed.size(); i++) {
      Tensor t = values.get(i).get();
      out.add(t);
      r.feed(fed.get(i), t);
    }
    return out;
  }

  /** Registers a background feeder. */
  public void addFeeder(Feeder f) {
    feeders.add(f);
  }

  /** The feeders, in source order. */
  public List<Feeder> feeders() {
    return List.copyOf(feeders);
  }

  /** Keeps {@code f} until {@link #closeFunctions} (after the op that uses it exists). */
  public ConcreteFunction keep(ConcreteFunction f) {
    functions.add(f);
    return f;
  }

  /** Frees the Java-side copies of the functions; the graph keeps its own. */
  public void closeFunctions() {
    functions.forEach(ConcreteFunction::close);
    functions.clear();
  }

  /** A process-wide unique name for a shared resource (iterator, queue, variable): {@code base_N}. */
  public static String uniqueName(String base) {
    return "tfweave_" + base + "_" + NAMES.incrementAndGet();
  }
}
