package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.MapFn;
import io.tfweave.data.pipeline.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.MapDataset;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/** The pipeline's transformations, one record per tf.data op. */
public final class Stages {
  private Stages() {}

  /** {@code stages} with {@code s} inserted before the trailing prefetch (and threading) stages. */
  public static List<Stage> beforePrefetch(List<Stage> stages, Stage s) {
    int at = stages.size();
    while (at > 0
        && (stages.get(at - 1) instanceof Prefetch || stages.get(at - 1) instanceof Threading))
      at--;
    List<Stage> all = new ArrayList<>(stages.subList(0, at));
    all.add(s);
    all.addAll(stages.subList(at, stages.size()));
    return all;
  }

  /** {@code map(fn)} ({@code MapDataset}), or with {@code parallelCalls != 0} {@code ParallelMapDatasetV2}, in order. */
  public record Map(MapFn fn, int parallelCalls) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      Functions.Fn f = Functions.of(in.spec(), "The map function", fn::apply, true);
      ctx.keep(f.function());
      Ops tf = ctx.tf();
      if (f.usesSeed()) in = withSeeds(ctx, in);
      Built out = new Built(in.handle(), f.outputs());
      if (parallelCalls == 0) {
        return out.withHandle(tf.data
            .mapDataset(
                in.handle(),
                List.of(),
                f.function(),
                out.types(),
                out.shapes(),
                MapDataset.preserveCardinality(true))
            .handle());
      }
      return out.withHandle(tf.data
          .parallelMapDataset(
              in.handle(),
              List.of(),
              tf.constant((long) parallelCalls),
              f.function(),
              out.types(),
              out.shapes(),
              ParallelMapDataset.deterministic("true"),
              ParallelMapDataset.preserveCardinality(true))
          .handle());
    }

    @Override
    public String describe() {
      return parallelCalls == 0 ? "map(fn)" : "map(fn, numParallelCalls=" + parallelCalls + ")";
    }
  }

  /**
   * {@code in} zipped with a seed per element ({@code int64[2]}, {@link Functions#SEED}), drawn by a
   * {@code RandomDataset} seeded with the pass number: new for every element and pass, the same in every run.
   */
  static Built withSeeds(BuildContext ctx, Built in) {
    Ops tf = ctx.tf();
    List<Class<? extends org.tensorflow.types.family.TType>> one = List.of(TInt64.class);
    var random = tf.data.randomDataset(
        tf.constant(0x5eedL),
        ctx.pass(),
        tf.random.dummySeedGenerator(),
        one,
        List.of(Shape.scalar()));
    var pairs = tf.data.batchDataset(
        random.handle(), tf.constant(2L), tf.constant(true), one, List.of(Functions.SEED.shape()));
    List<TensorSpec> spec = new ArrayList<>(in.spec());
    spec.add(Functions.SEED);
    Built zipped = new Built(in.handle(), spec);
    return zipped.withHandle(tf.data
        .zipDataset(List.of(in.handle(), pairs.handle()), zipped.types(), zipped.shapes())
        .handle());
  }

  /** {@code shuffle(bufferSize, seed)}: {@code ShuffleDatasetV3} with seeds (seed, pass number). */
  public record Shuffle(long bufferSize, long seed) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      Ops tf = ctx.tf();
      return in.withHandle(tf.data
          .shuffleDataset(
              in.handle(),
              tf.constant(bufferSize),
              tf.constant(seed),
              ctx.pass(),
              tf.random.dummySeedGenerator(),
              in.types(),
              in.shapes())
          .handle());
    }

    @Override
    public String describe() {
      return "shuffle(" + bufferSize + ", seed=" + seed + ")";
    }
  }

  /** {@code batch(n, dropRemainder)} or {@code paddedBatch(n, dropRemainder)}. */
  public record Batch(long size, boolean dropRemainder, boolean padded) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      Ops tf = ctx.tf();
      List<TensorSpec> out = new ArrayList<>();
      for (TensorSpec s : in.spec()) {
        long[] dims = new long[s.shape().numDimensions() + 1];
        dims[0] = dropRemainder ? size : -1;
        for (int d = 0; d < s.shape().numDimensions(); d++) {
          dims[d + 1] = s.shape().get(d);
          if (dims[d + 1] < 0 && !padded) {
            throw new IllegalArgumentException("Component '" + s.name() + "' has shape " + s.shape()
                + ": its length varies, " + "so batch() cannot stack it. Use paddedBatch(" + size
                + ") to pad each batch to its longest element");
          }
        }
        out.add(s.withShape(Shape.of(dims)));
      }
      Built b = new Built(in.handle(), out);
      Operand<TInt64> n = tf.constant(size);
      if (!padded) {
        return b.withHandle(tf.data
            .batchDataset(in.handle(), n, tf.constant(dropRemainder), b.types(), b.shapes())
            .handle());
      }
      List<Operand<TInt64>> padShapes = new ArrayList<>();
      List<Operand<?>> padValues = new ArrayList<>();
      for (TensorSpec s : in.spec()) {
        padShapes.add(tf.constant(s.shape().asArray()));
        padValues.add(
            s.dtype() == TString.class
                ? tf.constant("")
                : tf.dtypes.cast(tf.constant(0), s.dtype()));
      }
      return b.withHandle(tf.data
          .paddedBatchDataset(
              in.handle(), n, padShapes, padValues, tf.constant(dropRemainder), b.shapes())
          .handle());
    }

    @Override
    public String describe() {
      return (padded ? "paddedBatch(" : "batch(")
          + size
          + (dropRemainder ? ", dropRemainder=true)" : ")");
    }
  }

  /** {@code prefetch(n)}; {@code -1} lets TensorFlow tune the buffer (AUTOTUNE). */
  public record Prefetch(long bufferSize) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      Ops tf = ctx.tf();
      return in.withHandle(tf.data
          .prefetchDataset(in.handle(), tf.constant(bufferSize), in.types(), in.shapes())
          .handle());
    }

    @Override
    public String describe() {
      return "prefetch(" + (bufferSize < 0 ? "AUTOTUNE" : bufferSize) + ")";
    }
  }

  /**
   * tf.data's threading options ({@code tf.data.Options().threading}) as an {@code OptionsDataset}: the pipeline's own
   * thread pool of {@code privateThreadpoolSize} threads, and at most {@code maxIntraOpParallelism} threads per op; 0
   * leaves TensorFlow's default. TensorFlow applies them to the whole pipeline when an iterator is made.
   */
  public record Threading(int privateThreadpoolSize, int maxIntraOpParallelism) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      var t = org.tensorflow.proto.data.DatasetOptions.ThreadingOptions.newBuilder();
      if (privateThreadpoolSize > 0) t.setPrivateThreadpoolSize(privateThreadpoolSize);
      if (maxIntraOpParallelism > 0) t.setMaxIntraOpParallelism(maxIntraOpParallelism);
      byte[] bytes = org.tensorflow.proto.data.DatasetOptions.Options.newBuilder()
          .setThreadingOptions(t)
          .build()
          .toByteArray();
      // The op takes the serialized proto as a string attribute, encoded as UTF-8: bytes below 0x80
      // pass unchanged.
      for (byte b : bytes) {
        if (b < 0)
          throw new IllegalStateException("threading options do not serialize to ASCII: " + this);
      }
      String serialized = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
      return in.withHandle(ctx.tf()
          .data
          .optionsDataset(in.handle(), serialized, in.types(), in.shapes())
          .handle());
    }

    @Override
    public String describe() {
      return "threading(privateThreadpoolSize=" + privateThreadpoolSize + ", maxIntraOpParallelism="
          + maxIntraOpParallelism + ")";
    }
  }

  /** {@code cache()} in memory, or {@code cache(file)} on disk when {@code file} is not null. */
  public record Cache(java.nio.file.Path file) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      return in.withHandle(DatasetOps.cache(ctx.tf(), in, file));
    }

    @Override
    public String describe() {
      return file == null ? "cache()" : "cache(" + file + ")";
    }

    @Override
    public boolean caches() {
      return true;
    }
  }

  /** {@code repeat(count)}; {@code -1} repeats forever. */
  public record Repeat(long count) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      Ops tf = ctx.tf();
      return in.withHandle(tf.data
          .repeatDataset(in.handle(), tf.constant(count), in.types(), in.shapes())
          .handle());
    }

    @Override
    public String describe() {
      return count < 0 ? "repeat()" : "repeat(" + count + ")";
    }
  }

  /** {@code take(n)}. */
  public record Take(long count) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      Ops tf = ctx.tf();
      return in.withHandle(tf.data
          .takeDataset(in.handle(), tf.constant(count), in.types(), in.shapes())
          .handle());
    }

    @Override
    public String describe() {
      return "take(" + count + ")";
    }
  }

  /** {@code skip(n)}. */
  public record Skip(long count) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      Ops tf = ctx.tf();
      return in.withHandle(tf.data
          .skipDataset(in.handle(), tf.constant(count), in.types(), in.shapes())
          .handle());
    }

    @Override
    public String describe() {
      return "skip(" + count + ")";
    }
  }

  /** {@code shard(numShards, index)}: every {@code numShards}-th element from {@code index}. */
  public record Shard(long numShards, long index) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      Ops tf = ctx.tf();
      return in.withHandle(tf.data
          .shardDataset(
              in.handle(), tf.constant(numShards), tf.constant(index), in.types(), in.shapes())
          .handle());
    }

    @Override
    public String describe() {
      return "shard(" + numShards + ", " + index + ")";
    }
  }

  /**
   * {@code ignoreErrors()}: drops elements whose production failed (records that do not parse, ...), counting them into
   * {@code skipped}.
   */
  public record IgnoreErrors(SkipCount skipped) implements Stage {
    @Override
    public Built apply(BuildContext ctx, Built in) {
      return in.withHandle(ctx.tf()
          .data
          .ignoreErrorsDataset(in.handle(), in.types(), in.shapes())
          .handle());
    }

    @Override
    public String describe() {
      return "ignoreErrors()";
    }
  }
}
