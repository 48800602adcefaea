package io.tfweave.data.pipeline;

import io.tfweave.data.pipeline.internal.BuildContext;
import io.tfweave.data.pipeline.internal.Built;
import io.tfweave.data.pipeline.internal.DatasetOps;
import io.tfweave.data.pipeline.internal.Feeder;
import io.tfweave.data.pipeline.internal.Stage;
import io.tfweave.data.pipeline.internal.Stages;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.DatasetCardinality;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * A {@link Pipeline}'s tf.data ops in one graph. Everything up to the last {@code cache()} (and an in-memory source) is
 * built once, stored in a resource variable and reused by every pass, so that a cache and the copied arrays survive
 * {@code MakeIterator}; the stages after it are rebuilt per pass, with the pass number as the second seed of their
 * shuffles. Read it with a {@link PipelineIterator}.
 *
 * <p>Not thread-safe: one training loop uses it at a time.
 */
public final class PipelineDataset implements AutoCloseable {
  private final Pipeline pipeline;
  private final Ops tf;
  private final BuildContext ctx;
  private final Built built;
  private final Output<?> variable;
  private final GraphOperation assign;
  private final DatasetCardinality cardinality;
  private final Skips skips;
  private GraphOperation release;
  private boolean assigned;

  private PipelineDataset(
      Pipeline pipeline,
      Ops tf,
      BuildContext ctx,
      Built built,
      Output<?> variable,
      GraphOperation assign,
      Skips skips) {
    this.skips = skips;
    this.pipeline = pipeline;
    this.tf = tf;
    this.ctx = ctx;
    this.built = built;
    this.variable = variable;
    this.assign = assign;
    this.cardinality = tf.data.datasetCardinality(built.handle());
  }

  /** Adds {@code pipeline}'s ops to the graph of {@code tf} (under the sub-scope {@code pipeline}). */
  public static PipelineDataset build(Ops tf, Pipeline pipeline) {
    Ops s = tf.withSubScope("pipeline");
    BuildContext ctx = new BuildContext(s);
    List<Stage> stages = pipeline.stages();
    ctx.skipsErrors(stages.stream().anyMatch(st -> st instanceof Stages.IgnoreErrors));
    Skips skips = Skips.plan(ctx, stages);
    // A source that can decode late gets its undecoded records through the order-only stages that
    // follow it, and
    // decodes after them: a shuffle buffer of records, and one vectorized parse per batch
    // (tf.data's batch-then-parse).
    // Shuffles draw the same permutation whatever the elements hold, so elements and order are
    // unchanged.
    Built raw = pipeline.source().buildUndecoded(ctx);
    int start = 0;
    Built b;
    if (raw != null) {
      boolean batched = false;
      while (start < stages.size() && orderOnly(stages.get(start), batched)) {
        batched |= stages.get(start) instanceof Stages.Batch;
        raw = skips.apply(ctx, start, stages.get(start), raw);
        start++;
      }
      b = skips.afterSource(ctx, pipeline.source().decode(ctx, raw, batched));
    } else {
      b = skips.afterSource(ctx, pipeline.source().build(ctx));
    }
    int cut = -1;
    for (int i = 0; i < stages.size(); i++) if (stages.get(i).caches()) cut = i;
    Output<?> var = null;
    GraphOperation assign = null;
    if (cut >= 0 || pipeline.source().persistent()) {
      for (int i = start; i <= cut; i++) b = skips.apply(ctx, i, stages.get(i), b);
      var = DatasetOps.datasetVariable(s, BuildContext.uniqueName("dataset"));
      assign = DatasetOps.assignDataset(s, var, b.handle());
      b = b.withHandle(DatasetOps.readDataset(s, var));
    }
    for (int i = Math.max(cut + 1, start); i < stages.size(); i++)
      b = skips.apply(ctx, i, stages.get(i), b);
    ctx.closeFunctions();
    skips.finish(s);
    return new PipelineDataset(pipeline, s, ctx, b, var, assign, skips);
  }

  /**
   * True for a stage that moves or drops elements without reading them (shuffle, repeat, take, skip, shard) and for the
   * first plain batch; a prefetch is not one, so that decoding stays ahead of it, in its background thread.
   */
  private static boolean orderOnly(Stage st, boolean batched) {
    if (st instanceof Stages.Batch batch) return !batch.padded() && !batched;
    return st instanceof Stages.Shuffle
        || st instanceof Stages.Repeat
        || st instanceof Stages.Take
        || st instanceof Stages.Skip
        || st instanceof Stages.Shard;
  }

  /** The pipeline this was built from. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /** The components of each element. */
  public List<TensorSpec> elementSpec() {
    return built.spec();
  }

  /** The dataset's variant tensor (for {@code MakeIterator}). */
  public Operand<? extends TType> handle() {
    return built.handle();
  }

  /** The components a model takes as inputs: {@link Pipeline#inputs}, else {@code x}, else {@code x0, x1, ...}. */
  public List<String> inputNames() {
    return pipeline.inputNames(built.names());
  }

  /** The component a model trains towards: {@link Pipeline#target}, else {@code y}; null when there is none. */
  public String targetName() {
    return pipeline.targetName(built.names());
  }

  /**
   * Gets pass {@code pass} (from 1) ready to be iterated: stops the feeders of the previous pass and, the first time, builds
   * the kept part (copying in-memory arrays into TensorFlow).
   */
  public void prepare(Session session, long pass) {
    stop();
    skips.reset(session);
    if (assign != null && !assigned) {
      Session.Runner r = session.runner().addTarget(assign);
      List<Tensor> tensors = new ArrayList<>(ctx.feedArrays(r));
      try {
        tensors.addAll(feedPass(r, 1));
        r.run().close();
      } finally {
        tensors.forEach(Tensor::close);
      }
      assigned = true;
    }
  }

  /** Feeds the pass number to {@code r} when a stage uses it; returns the tensors to close after the run. */
  public List<Tensor> feedPass(Session.Runner r, long pass) {
    if (ctx.passPlaceholder() == null) return List.of();
    TInt64 t = TInt64.scalarOf(pass);
    r.feed(ctx.passPlaceholder(), t);
    return List.of(t);
  }

  /** The number of elements of a pass as TensorFlow computes it; fetch it with the pass fed ({@link #feedPass}). */
  public Operand<TInt64> cardinality() {
    return cardinality;
  }

  /** Starts the background feeders (generator sources) for the pass just initialised. */
  public void startFeeders(Session session) {
    for (Feeder f : ctx.feeders()) f.restart(session);
  }

  /** The first error a feeder met (a bad generator sample), or null. */
  public RuntimeException feederError() {
    for (Feeder f : ctx.feeders()) if (f.error() != null) return f.error();
    return null;
  }

  /**
   * A clearer exception for a TensorFlow error met while reading this dataset (naming the file and record), or null when
   * the pipeline cannot tell more than TensorFlow did.
   */
  public RuntimeException explain(RuntimeException error) {
    RuntimeException fed = feederError();
    return fed != null ? fed : pipeline.source().explain(error);
  }

  /** Frees what the kept part holds (a cache, copied arrays) until the next {@link #prepare}. */
  public void release(Session session) {
    stop();
    if (!assigned) return;
    if (release == null) {
      var empty = tf.data.rangeDataset(
          tf.constant(0L),
          tf.constant(0L),
          tf.constant(1L),
          List.of(TInt64.class),
          List.of(Shape.scalar()));
      release = DatasetOps.assignDataset(tf, variable, empty.handle());
    }
    session.runner().addTarget(release).run().close();
    assigned = false;
  }

  /**
   * Adds the elements that the {@code ignoreErrors()} stages skipped since the last call to their counts
   * ({@link Pipeline#skippedErrors}), logging a warning when there are any; call it when a pass ends or is abandoned.
   */
  public void collectSkips(Session session) {
    skips.collect(session, pipeline, true);
  }

  /** Forgets what the {@code ignoreErrors()} stages skipped since the last count (a pass abandoned after a peek). */
  public void forgetSkips(Session session) {
    skips.collect(session, pipeline, false);
  }

  /** Stops the background feeders (they restart with the next pass); the ops stay in the graph. */
  public void stop() {
    for (Feeder f : ctx.feeders()) f.stop();
  }

  /** Same as {@link #stop}: the ops stay in the graph and can be iterated again. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return pipeline.toString();
  }
}
