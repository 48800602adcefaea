package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.Element;
import io.tfweave.data.pipeline.TensorSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.io.FifoQueue;
import org.tensorflow.op.io.QueueDequeue;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Samples from a Java iterator, fed into tf.data: a background thread ({@link GeneratorFeeder}) packs them into chunks of
 * {@link #CHUNK} samples and enqueues each chunk with one {@code Session.run} into a bounded in-graph FIFO queue of
 * {@link #QUEUE} chunks; a {@code GeneratorDataset} whose next function dequeues from that queue (found by its shared name)
 * yields the chunks, an empty chunk ends the pass ({@code TakeWhileDataset}), and {@code UnbatchDataset} gives samples. So
 * every later stage runs in TensorFlow as for any other source.
 */
public final class GeneratorSource implements Source {
  /** Samples per enqueued chunk. */
  public static final int CHUNK = 64;
  /** Chunks the queue holds before the producer waits. */
  public static final long QUEUE = 4;

  private final Supplier<? extends Iterator<? extends Object[]>> generator;
  private final List<TensorSpec> spec;

  /** Samples of {@code generator} (called once per pass), one array per component of {@code spec}. */
  public GeneratorSource(
      Supplier<? extends Iterator<? extends Object[]>> generator, List<TensorSpec> spec) {
    if (generator == null) throw new IllegalArgumentException("fromGenerator needs a generator");
    if (spec.isEmpty())
      throw new IllegalArgumentException("fromGenerator needs the spec of at least one component");
    for (TensorSpec s : spec) {
      if (s.dtype() != TFloat32.class && s.dtype() != TInt32.class && s.dtype() != TInt64.class) {
        throw new IllegalArgumentException("Generator component '" + s.name() + "' is "
            + s.dtypeName() + "; fromGenerator supports float32, int32 and int64");
      }
      for (long d : s.shape().asArray()) {
        if (d < 0)
          throw new IllegalArgumentException(
              "Generator component '" + s.name() + "' needs a fully known shape, got " + s.shape());
      }
    }
    this.generator = generator;
    this.spec = List.copyOf(spec);
  }

  @Override
  public Built build(BuildContext ctx) {
    Ops tf = ctx.tf();
    String name = BuildContext.uniqueName("generator_queue");
    List<Class<? extends TType>> types = new ArrayList<>();
    List<Shape> chunkShapes = new ArrayList<>();
    List<TensorSpec> chunkSpec = new ArrayList<>();
    List<Placeholder<?>> feeds = new ArrayList<>();
    for (TensorSpec s : spec) {
      long[] dims = new long[s.shape().numDimensions() + 1];
      dims[0] = -1;
      System.arraycopy(s.shape().asArray(), 0, dims, 1, s.shape().numDimensions());
      types.add(s.dtype());
      chunkShapes.add(Shape.of(dims));
      chunkSpec.add(s.withShape(Shape.of(dims)));
      feeds.add(tf.withName("chunk").placeholder(s.dtype(), Placeholder.shape(Shape.of(dims))));
    }
    FifoQueue queue = tf.io.fifoQueue(types, FifoQueue.capacity(QUEUE), FifoQueue.sharedName(name));
    List<Operand<?>> inputs = new ArrayList<>(feeds);
    var enqueue = tf.io.queueEnqueue(queue, inputs);
    var size = tf.io.queueSize(queue);
    var dequeue = tf.io.queueDequeue(queue, types);
    ConcreteFunction init = ctx.keep(ConcreteFunction.create(
        o -> Signature.builder().output("state", o.constant(0L)).build()));
    ConcreteFunction next = ctx.keep(ConcreteFunction.create(o -> {
      var state = o.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      QueueDequeue d = o.io.queueDequeue(
          o.io.fifoQueue(types, FifoQueue.capacity(QUEUE), FifoQueue.sharedName(name)), types);
      Signature.Builder sig = Signature.builder().input("state", state);
      for (int i = 0; i < types.size(); i++)
        sig.output(
            String.format("o%04d", i), o.ensureShape(d.components().get(i), chunkShapes.get(i)));
      return sig.build();
    }));
    ConcreteFunction done = ctx.keep(ConcreteFunction.create(o -> {
      var state = o.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      return Signature.builder()
          .input("state", state)
          .output("state", o.identity(state))
          .build();
    }));
    var chunks = tf.data.generatorDataset(
        List.of(), List.of(), List.of(), init, next, done, types, chunkShapes);
    Functions.Fn nonEmpty = Functions.of(
        chunkSpec,
        "The end-of-pass test",
        (o, e) -> Element.of(Map.of(
            "more",
            o.math.greater(
                o.gather(o.shape(e.get(spec.get(0).name())), o.constant(0), o.constant(0)),
                o.constant(0)))));
    ctx.keep(nonEmpty.function());
    var taken = tf.data.takeWhileDataset(
        chunks.handle(), List.of(), nonEmpty.function(), types, chunkShapes);
    List<Shape> sampleShapes = spec.stream().map(TensorSpec::shape).toList();
    var samples = tf.data.unbatchDataset(taken.handle(), types, sampleShapes);
    ctx.addFeeder(new GeneratorFeeder(generator, spec, feeds, enqueue, size, dequeue));
    return new Built(samples.handle(), spec);
  }

  @Override
  public String describe() {
    return "fromGenerator(" + spec + ")";
  }
}
