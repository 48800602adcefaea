package io.tfweave.data.pipeline;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.ImageFolderOptions;
import io.tfweave.data.pipeline.internal.ArraySource;
import io.tfweave.data.pipeline.internal.CsvSource;
import io.tfweave.data.pipeline.internal.FileGlobs;
import io.tfweave.data.pipeline.internal.GeneratorSource;
import io.tfweave.data.pipeline.internal.ImageFolderSource;
import io.tfweave.data.pipeline.internal.NpySource;
import io.tfweave.data.pipeline.internal.Roles;
import io.tfweave.data.pipeline.internal.SkipCount;
import io.tfweave.data.pipeline.internal.Source;
import io.tfweave.data.pipeline.internal.Stage;
import io.tfweave.data.pipeline.internal.Stages;
import io.tfweave.data.pipeline.internal.TfRecordSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.tensorflow.ndarray.NdArray;

/**
 * An input pipeline on TensorFlow's own tf.data kernels (Keras's {@code tf.data.Dataset}): an immutable description of a
 * source and its transformations, turned into dataset ops in a model's graph when {@code fit}, {@code evaluate} or
 * {@code predict} reads it. Reading, parsing, shuffling and batching then run in TensorFlow's C++ threads, overlap with
 * training, and feed the training step directly, without a Java-side copy of a batch.
 *
 * <pre>{@code
 * Pipeline train = Pipeline.fromTfRecords("data/train-*.tfrecord", FeatureSpec.create()
 *         .fixedLen("x", FeatureType.FLOAT, 784).fixedLen("y", FeatureType.INT64))
 *     .map((tf, e) -> e.with("x", tf.math.div(e.get("x", TFloat32.class), tf.constant(255f))))
 *     .shuffle(10_000, 42).batch(32).prefetch(Pipeline.AUTOTUNE);
 * model.fit(train, FitOptions.epochs(5));
 * }</pre>
 *
 * <p>Elements are named components ({@link TensorSpec}); a model takes {@link #inputs} (default {@code x}, or {@code x0,
 * x1, ...}), trains towards {@link #target} (default {@code y}), weighted by {@link #sampleWeight} if named. Order: sources
 * yield files and records in the order given (a glob sorted by path); every stage keeps order but {@link #shuffle}, fixed
 * by its seed and the pass number (each pass, e.g. each epoch, has its own reproducible order).
 */
public final class Pipeline {
  /** Lets TensorFlow choose a buffer size or a degree of parallelism (tf.data's {@code AUTOTUNE}). */
  public static final int AUTOTUNE = -1;

  private final Source source;
  private final List<Stage> stages;
  private final List<String> inputs;
  private final String target;
  private final String weight;

  private Pipeline(
      Source source, List<Stage> stages, List<String> inputs, String target, String weight) {
    this.source = source;
    this.stages = List.copyOf(stages);
    this.inputs = inputs == null ? null : List.copyOf(inputs);
    this.target = target;
    this.weight = weight;
  }

  private static Pipeline of(Source s) {
    return new Pipeline(s, List.of(), null, null, null);
  }

  private Pipeline then(Stage s) {
    List<Stage> all = new ArrayList<>(stages);
    all.add(s);
    return new Pipeline(source, all, inputs, target, weight);
  }

  // ------------------------------------------------------------------ sources

  /**
   * Samples of in-memory arrays (Keras's {@code Dataset.from_tensor_slices((x, y))}): components {@code x} and, unless
   * {@code y} is null, {@code y}. The arrays are copied into TensorFlow once per model; for plain in-memory training,
   * {@code fit(x, y)} is faster still (it gathers batches by index inside the graph).
   */
  public static Pipeline fromArrays(HostArray x, HostArray y) {
    Map<String, HostArray> m = new LinkedHashMap<>();
    m.put("x", Objects.requireNonNull(x, "x"));
    if (y != null) m.put("y", y);
    return of(new ArraySource(m));
  }

  /** Samples of TF ndarrays (float, int or long, copied; longs must fit in int32): components {@code x} and {@code y}. */
  public static Pipeline fromArrays(NdArray<?> x, NdArray<?> y) {
    return fromArrays(
        HostArray.of(Objects.requireNonNull(x, "x")), y == null ? null : HostArray.of(y));
  }

  /** Samples of named arrays with the same number of samples, one component each, in the map's order. */
  public static Pipeline fromArrays(Map<String, HostArray> components) {
    return of(new ArraySource(components));
  }

  /** Samples of an in-memory dataset: {@code x} (one input) or {@code x0, x1, ...} (several), and {@code y} if it has targets. */
  public static Pipeline fromDataset(Dataset data) {
    Map<String, HostArray> m = new LinkedHashMap<>();
    List<HostArray> xs = data.inputs();
    for (int i = 0; i < xs.size(); i++) m.put(xs.size() == 1 ? "x" : "x" + i, xs.get(i));
    if (data.targets() != null) m.put("y", data.targets());
    return of(new ArraySource(m));
  }

  /**
   * The {@code tf.train.Example} records of TFRecord {@code files}, in that order, parsed with {@code spec} (Keras's
   * {@code TFRecordDataset(files).map(parse_single_example)}); one component per feature. Costs one function call per
   * record to parse; batch before an expensive {@link #map} when it can work on batches.
   */
  public static Pipeline fromTfRecords(List<Path> files, FeatureSpec spec) {
    return of(new TfRecordSource(files, spec));
  }

  /** The records of the files matching {@code pattern} ({@code data/train-*.tfrecord}), sorted by path. */
  public static Pipeline fromTfRecords(String pattern, FeatureSpec spec) {
    return fromTfRecords(FileGlobs.expand(pattern), spec);
  }

  /**
   * The rows of a numeric CSV file (Keras's {@code make_csv_dataset}, unbatched): component {@code x} (float32, the
   * feature columns in order) and, with {@link CsvOptions#label}, {@code y} (float32). Costs one function call per line to
   * decode in the graph.
   */
  public static Pipeline fromCsv(Path file, CsvOptions options) {
    return of(new CsvSource(List.of(file), options));
  }

  /** The rows of the CSV files matching {@code pattern}, sorted by path; every file has the same columns. */
  public static Pipeline fromCsv(String pattern, CsvOptions options) {
    return of(new CsvSource(FileGlobs.expand(pattern), options));
  }

  /**
   * The images under {@code root}, one subfolder per class (Keras's {@code image_dataset_from_directory}, unbatched):
   * listed, shuffled and split exactly as {@code ImageFolder.load} (so as Keras), then read, decoded and resized in the
   * graph. Components {@code x} (float32 {@code [height, width, channels]}, 0..255) and {@code y} (int32 class index;
   * {@code ImageFolder.files(root, options).classNames()} names them). Costs one file read and decode per image.
   */
  public static Pipeline fromImageFolder(Path root, ImageFolderOptions options) {
    return of(new ImageFolderSource(root, options));
  }

  /**
   * Samples of NumPy {@code .npy} shards streamed from disk ({@code np.save} files, C order; float32/64, int32/64, uint8):
   * component {@code x} from {@code xShards} and, unless {@code yShards} is null or empty, {@code y}, paired sample by
   * sample. Costs one small read per sample and per array; nothing is loaded into Java memory.
   */
  public static Pipeline fromNpy(List<Path> xShards, List<Path> yShards) {
    return of(new NpySource(xShards, yShards));
  }

  /**
   * Samples from Java (Keras's {@code Dataset.from_generator}): {@code generator} is called once per pass and its iterator
   * yields one {@code Object[]} per sample, an array ({@code float[]}, {@code int[]}, {@code long[]}, {@code double[]}) or a
   * number per component of {@code spec} (per-sample shapes, fully known; float32, int32 or int64). A background thread
   * packs {@value io.tfweave.data.pipeline.internal.GeneratorSource#CHUNK} samples at a time and enqueues them, with one
   * {@code Session.run} per chunk, into a bounded in-graph queue read by tf.data. Costs a Java-side copy of every sample and
   * that run per chunk; prefer a file source for large data.
   */
  public static Pipeline fromGenerator(
      Supplier<? extends Iterator<? extends Object[]>> generator, TensorSpec... spec) {
    return of(new GeneratorSource(generator, List.of(spec)));
  }

  // ------------------------------------------------------------------ transformations

  /**
   * Reads the files of a TFRecord or CSV source interleaved (tf.data's {@code from_tensor_slices(files).interleave(read,
   * cycle_length, block_length)}), instead of one after the other: {@code cycleLength} files are open at a time, taken from
   * the list in order; {@code blockLength} consecutive records come from each open file in turn; a file that ends gives
   * its slot to the next file of the list. With files {@code a, b, c} of records {@code a0 a1 a2 ...},
   * {@code interleave(2, 1)} yields {@code a0 b0 a1 b1 ...}, and {@code c} once {@code a} or {@code b} ends. The order is
   * fixed: the same for every pass. Call it right after the source.
   */
  public Pipeline interleave(int cycleLength, int blockLength) {
    return interleave(cycleLength, blockLength, 0);
  }

  /**
   * Like {@link #interleave(int, int)}, with the open files read ahead on {@code numParallelCalls} threads ({@link
   * #AUTOTUNE}: TensorFlow decides; 0: sequential), in the same, deterministic order.
   */
  public Pipeline interleave(int cycleLength, int blockLength, int numParallelCalls) {
    if (!stages.isEmpty()) {
      throw new IllegalStateException("interleave(...) must come right after the source, before "
          + stages.get(0).describe() + ": " + this);
    }
    Source s = source.interleaved(new io.tfweave.data.pipeline.internal.Interleave(
        cycleLength, blockLength, numParallelCalls));
    return new Pipeline(s, stages, inputs, target, weight);
  }

  /** Applies {@code fn} to every element, one at a time, in order. */
  public Pipeline map(MapFn fn) {
    return then(new Stages.Map(Objects.requireNonNull(fn, "fn"), 0));
  }

  /**
   * Applies {@code fn} to every element after all stages but the trailing {@link #prefetch}es, so that it runs ahead in
   * their background thread (how {@code fit} adds its casts to a pipeline that ends with {@code prefetch}).
   */
  public Pipeline mapBeforePrefetch(MapFn fn) {
    Stage map = new Stages.Map(Objects.requireNonNull(fn, "fn"), 0);
    return new Pipeline(source, Stages.beforePrefetch(stages, map), inputs, target, weight);
  }

  /** Applies {@code fn} on {@code numParallelCalls} elements at once ({@link #AUTOTUNE}: TensorFlow decides); order is kept. */
  public Pipeline map(MapFn fn, int numParallelCalls) {
    if (numParallelCalls > 0 || numParallelCalls == AUTOTUNE)
      return then(new Stages.Map(Objects.requireNonNull(fn), numParallelCalls));
    throw new IllegalArgumentException(
        "numParallelCalls must be positive or AUTOTUNE (-1). Received: " + numParallelCalls);
  }

  /**
   * Shuffles with a buffer of {@code bufferSize} elements (a buffer at least as large as the data shuffles it uniformly).
   * The order is fixed by {@code seed} and the pass number: pass k of any run shuffles the same way.
   */
  public Pipeline shuffle(long bufferSize, long seed) {
    return then(new Stages.Shuffle(positive("bufferSize", bufferSize), seed));
  }

  /** Stacks {@code batchSize} consecutive elements into one; the last batch may be smaller. */
  public Pipeline batch(long batchSize) {
    return batch(batchSize, false);
  }

  /** Stacks {@code batchSize} consecutive elements; with {@code dropRemainder} a smaller last batch is dropped. */
  public Pipeline batch(long batchSize, boolean dropRemainder) {
    return then(new Stages.Batch(positive("batchSize", batchSize), dropRemainder, false));
  }

  /** Stacks {@code batchSize} elements, padding components of varying length with zeros (or "") to the batch's longest. */
  public Pipeline paddedBatch(long batchSize) {
    return paddedBatch(batchSize, false);
  }

  /** Like {@link #paddedBatch(long)}; with {@code dropRemainder} a smaller last batch is dropped. */
  public Pipeline paddedBatch(long batchSize, boolean dropRemainder) {
    return then(new Stages.Batch(positive("batchSize", batchSize), dropRemainder, true));
  }

  /** Prepares up to {@code bufferSize} elements ahead in a background thread ({@link #AUTOTUNE}: TensorFlow decides). */
  public Pipeline prefetch(long bufferSize) {
    if (bufferSize >= AUTOTUNE) return then(new Stages.Prefetch(bufferSize));
    throw new IllegalArgumentException(
        "bufferSize must be >= 0 or AUTOTUNE (-1). Received: " + bufferSize);
  }

  /**
   * tf.data's threading options ({@code options.threading.private_threadpool_size} and {@code max_intra_op_parallelism}):
   * the pipeline runs its ops on its own pool of {@code privateThreadpoolSize} threads instead of sharing TensorFlow's,
   * and each op on at most {@code maxIntraOpParallelism} threads; 0 keeps TensorFlow's default for that option. They
   * apply to the whole pipeline and change no element or order. On few cores, {@code threading(1, 1)} leaves the cores
   * to the training step (see README, "Streaming"); parallel maps and interleaves then run on the one thread.
   */
  public Pipeline threading(int privateThreadpoolSize, int maxIntraOpParallelism) {
    if (privateThreadpoolSize < 0 || maxIntraOpParallelism < 0) {
      throw new IllegalArgumentException(
          "threading needs sizes >= 0 (0: TensorFlow's default). Received:"
              + " privateThreadpoolSize=" + privateThreadpoolSize + ", maxIntraOpParallelism="
              + maxIntraOpParallelism);
    }
    return then(new Stages.Threading(privateThreadpoolSize, maxIntraOpParallelism));
  }

  /**
   * Keeps the elements of the first complete pass in memory and replays them on later passes (for the model's life, or
   * until the trainer releases it); shuffle after the cache to get a new order each pass.
   */
  public Pipeline cache() {
    return then(new Stages.Cache(null));
  }

  /**
   * Keeps the elements of the first complete pass in the files {@code file.index} and {@code file.data-*} and replays
   * them on later passes, also in later runs of the program (delete the files when the source changes).
   */
  public Pipeline cache(Path file) {
    return then(new Stages.Cache(Objects.requireNonNull(file, "file")));
  }

  /** Repeats forever (then {@code fit} needs {@code stepsPerEpoch}). */
  public Pipeline repeat() {
    return then(new Stages.Repeat(-1));
  }

  /** Repeats {@code count} times. */
  public Pipeline repeat(long count) {
    return then(new Stages.Repeat(positive("count", count)));
  }

  /** The first {@code count} elements. */
  public Pipeline take(long count) {
    return then(new Stages.Take(atLeastZero(count)));
  }

  /** All but the first {@code count} elements. */
  public Pipeline skip(long count) {
    return then(new Stages.Skip(atLeastZero(count)));
  }

  private static long atLeastZero(long count) {
    if (count >= 0) return count;
    throw new IllegalArgumentException("count must be >= 0. Received: count=" + count);
  }

  /**
   * Every {@code numShards}-th element from {@code index} (elements {@code index, index + numShards, ...}): the shards
   * {@code 0..numShards-1} are disjoint and cover the pipeline. Shard before shuffling, and as early as possible.
   */
  public Pipeline shard(int numShards, int index) {
    if (numShards <= 0 || index < 0 || index >= numShards) {
      throw new IllegalArgumentException(
          "shard needs numShards > 0 and 0 <= index < numShards. Received: numShards=" + numShards
              + ", index=" + index);
    }
    return then(new Stages.Shard(numShards, index));
  }

  /**
   * Skips elements that fail to be produced (records that do not parse or match the spec), as tf.data's ignore_errors, and
   * counts them: {@link #skippedErrors} tells how many, and each read that skipped some logs a warning. An error arises in a
   * source's parser or a {@link #map} function since the previous {@code ignoreErrors()} and travels on as one failed
   * element (a batch that meets one fails as a whole, and counts once); the count is exact once a pass ends (until then,
   * elements read ahead by a prefetch or parallel map count as skipped).
   */
  public Pipeline ignoreErrors() {
    return then(new Stages.IgnoreErrors(new SkipCount()));
  }

  /**
   * How many elements the {@link #ignoreErrors} stages of this pipeline have skipped so far, over all its reads
   * ({@code toList}, {@code fit}, {@code evaluate}, {@code predict}; pipelines derived from this one count here too); 0
   * without such a stage.
   */
  public long skippedErrors() {
    long n = 0;
    for (Stage s : stages)
      if (s instanceof Stages.IgnoreErrors i) n += i.skipped().get();
    return n;
  }

  /** Names the components that are the model's inputs, in the model's input order. */
  public Pipeline inputs(String... names) {
    if (names.length == 0)
      throw new IllegalArgumentException("inputs needs at least one component name");
    return new Pipeline(source, stages, List.of(names), target, weight);
  }

  /** Names the component that holds the targets (labels). */
  public Pipeline target(String name) {
    return new Pipeline(source, stages, inputs, Objects.requireNonNull(name), weight);
  }

  /**
   * Names the component that holds per-sample loss weights (Keras's {@code sample_weight}, a dataset of {@code (x, y, w)}):
   * one number per sample; {@code fit} and {@code evaluate} weight the loss with it.
   */
  public Pipeline sampleWeight(String name) {
    return new Pipeline(source, stages, inputs, target, Objects.requireNonNull(name, "name"));
  }

  private static long positive(String what, long v) {
    if (v > 0) return v;
    throw new IllegalArgumentException(
        what + " must be a positive integer. Received: " + what + "=" + v);
  }

  // ------------------------------------------------------------------ reading

  /** The components of each element (builds the ops once in a scratch graph). */
  public List<TensorSpec> elementSpec() {
    return PipelineReader.spec(this);
  }

  /** Every element, copied into ndarrays (finite pipelines; for tests and small data). */
  public List<Map<String, NdArray<?>>> toList() {
    return PipelineReader.read(this, Long.MAX_VALUE);
  }

  /** The first {@code limit} elements, copied into ndarrays. */
  public List<Map<String, NdArray<?>>> toList(long limit) {
    return PipelineReader.read(this, limit);
  }

  Source source() {
    return source;
  }

  List<Stage> stages() {
    return stages;
  }

  /**
   * The components a model takes as inputs, among {@code names}: those named by {@link #inputs}, else {@code x}, else
   * {@code x0, x1, ...}; fails naming the components when none fits.
   */
  public List<String> inputNames(List<String> names) {
    return Roles.inputs(inputs, names);
  }

  /** The component holding the targets, among {@code names}: the one named by {@link #target}, else {@code y}, else null. */
  public String targetName(List<String> names) {
    return Roles.target(target, names);
  }

  /** The component holding sample weights, among {@code names}: the one named by {@link #sampleWeight}, else null. */
  public String sampleWeightName(List<String> names) {
    return weight == null ? null : Roles.named(weight, names, "sampleWeight");
  }

  /** The pipeline as Keras would write it, e.g. {@code fromTfRecords([...]).shuffle(100, seed=1).batch(32)}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(source.describe());
    for (Stage s : stages) b.append('.').append(s.describe());
    return b.toString();
  }
}
