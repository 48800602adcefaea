package io.tfweave.data.pipeline;

import io.tfweave.data.pipeline.internal.BuildContext;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.Iterator;
import org.tensorflow.op.data.IteratorGetNext;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * A named tf.data iterator in a graph ({@code IteratorV2}) and its {@code IteratorGetNext} outputs, which feed graph ops
 * directly: each {@code Session.run} that needs them takes the next element, and the end of a pass arrives as
 * {@code TFOutOfRangeException}. {@link #initialize} starts a pass over any {@link PipelineDataset} of a compatible spec
 * ({@code MakeIterator}); the anonymous iterator op cannot be used instead, because in graph mode it makes a new iterator
 * on every run.
 */
public final class PipelineIterator {
  private final Ops tf;
  private final List<TensorSpec> spec;
  private final Iterator iterator;
  private final IteratorGetNext next;
  private final Map<PipelineDataset, Op> makers = new IdentityHashMap<>();
  private Operand<TInt64> advance;

  private PipelineIterator(Ops tf, List<TensorSpec> spec) {
    this.tf = tf;
    this.spec = List.copyOf(spec);
    List<Class<? extends TType>> types =
        spec.stream().<Class<? extends TType>>map(TensorSpec::dtype).toList();
    List<Shape> shapes = spec.stream().map(TensorSpec::shape).toList();
    this.iterator = tf.data.iterator(BuildContext.uniqueName("iterator"), "", types, shapes);
    this.next = tf.data.iteratorGetNext(iterator, types, shapes);
  }

  /** An iterator over elements of {@code spec}, added with {@code tf}. */
  public static PipelineIterator create(Ops tf, List<TensorSpec> spec) {
    if (spec.isEmpty())
      throw new IllegalArgumentException("An iterator needs at least one component");
    return new PipelineIterator(tf, spec);
  }

  /** The components of each element. */
  public List<TensorSpec> elementSpec() {
    return spec;
  }

  /** The next element's components, in spec order; every run that uses one of them advances the iterator. */
  public List<Output<?>> next() {
    return next.components();
  }

  /**
   * Starts pass {@code pass} (from 1) over {@code data} and returns its number of elements as TensorFlow knows it
   * ({@code -1}: infinite, {@code -2}: unknown).
   */
  public long initialize(Session session, PipelineDataset data, long pass) {
    Op make = makers.computeIfAbsent(data, d -> {
      check(d.elementSpec());
      return tf.data.makeIterator(d.handle(), iterator);
    });
    data.prepare(session, pass);
    Session.Runner r = session.runner().addTarget(make).fetch(data.cardinality());
    List<Tensor> fed = new ArrayList<>(data.feedPass(r, pass));
    long n;
    try (Result res = r.run()) {
      n = ((TInt64) res.get(0)).getLong();
    } finally {
      fed.forEach(Tensor::close);
    }
    data.startFeeders(session);
    return n;
  }

  private void check(List<TensorSpec> got) {
    boolean ok = got.size() == spec.size();
    for (int i = 0; ok && i < spec.size(); i++) {
      TensorSpec want = spec.get(i);
      TensorSpec have = got.get(i);
      ok = want.dtype() == have.dtype()
          && want.shape().numDimensions() == have.shape().numDimensions();
      for (int d = 0; ok && d < want.shape().numDimensions(); d++) {
        ok = want.shape().get(d) < 0 || want.shape().get(d) == have.shape().get(d);
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "This iterator reads elements " + spec + ", but the dataset yields " + got);
    }
  }

  /** A cheap scalar that needs the next element (the number of values of its first component): fetch it to skip one. */
  public Operand<TInt64> advance() {
    if (advance == null) advance = tf.size(next.components().get(0), TInt64.class);
    return advance;
  }
}
