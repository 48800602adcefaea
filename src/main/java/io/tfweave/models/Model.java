package io.tfweave.models;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.graph.RandomSeeds;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.losses.Loss;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metric;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.internal.TrainingRecords;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.Compiled;
import io.tfweave.training.Evaluation;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import io.tfweave.training.TrainStep;
import io.tfweave.training.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;

/**
 * A graph of layers from inputs to outputs that can be compiled, trained, evaluated, used for prediction, saved, and used as a
 * layer inside another model (Keras's functional {@code Model}; {@link Sequential} builds the straight-line case).
 *
 * <p>The model owns one TensorFlow graph and session, created on first use: the inference sub-graph (placeholders →
 * outputs) and, after {@link #compile}, a training sub-graph that shares its variables. Close the model to free native memory.
 *
 * <p>{@code fit}, {@code evaluate} and {@code predict} take {@link Dataset}s and ndarrays, and (through {@link ArrayFitting})
 * plain Java arrays: {@code model.fit(x, y, FitOptions.epochs(5).batchSize(32))} with {@code float[][] x, int[] y}.
 *
 * <p><b>Threads.</b> Each method says whether it may be called concurrently. In short: {@code predict} and weight reads run
 * in parallel with each other and with {@code fit} and {@code evaluate}, and see the weights of a completed training step
 * (a step, a weight write, a save or a restore holds the model alone for its duration, and a predict call reads one
 * consistent state for all its batches). {@code fit} calls run one at a time; {@code evaluate} runs alone for its duration.
 * Configuration ({@code seed}, {@code sessionConfig}, {@code setTrainable}, {@code named}) belongs before first use, on one
 * thread. {@link #close()} waits for the calls in flight and is final: afterwards every call that needs the graph throws
 * {@code IllegalStateException("Model '<name>' is closed ...")}, a {@code fit} in progress included (at its next step);
 * the structure ({@code layers()}, {@code weights()}, {@code summary()}) stays readable so its layers can be reused.
 */
public non-sealed class Model extends Network
    implements ArrayFitting, TextFitting, MultiOutputFitting {
  private final java.util.concurrent.locks.ReentrantLock fitLock =
      new java.util.concurrent.locks.ReentrantLock();
  private Trainer trainer;
  private Compiled compiled;
  private volatile int epochsTrained;
  private volatile Map<String, Double> lastMetrics = Map.of();

  Model(
      String name, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, boolean sequential) {
    super(name, inputs, outputs, sequential);
  }

  /** A functional model from one input to one output. */
  public static Model of(SymbolicTensor input, SymbolicTensor output) {
    return new Model(null, List.of(input), List.of(output), false);
  }

  /** A functional model with several inputs and/or outputs. */
  public static Model of(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
    return new Model(null, inputs, outputs, false);
  }

  // ------------------------------------------------------------------ structure

  @Override
  public Model named(String name) {
    super.named(name);
    return this;
  }

  /**
   * Fixes the seed of initializers, dropout and shuffling; call before first use. The default is the next seed of the global
   * sequence after {@code Utils.setRandomSeed} (see {@link RandomSeeds}), else random; either way it is recorded on export.
   * Not thread-safe: configure before sharing the model.
   */
  public Model seed(long s) {
    checkNotClosed();
    if (engine != null)
      throw new IllegalStateException(
          "Model '" + name() + "' already built its graph; set the seed before use");
    this.seed = s;
    this.seedFixed = true;
    return this;
  }

  /**
   * Adjusts the TensorFlow session options before first use, e.g. XLA JIT or Grappler settings:
   * {@code m.sessionConfig(c -> c.toBuilder().setGraphOptions(...).build())}. The default uses all cores. Not thread-safe:
   * configure before sharing the model.
   */
  public Model sessionConfig(UnaryOperator<ConfigProto> edit) {
    checkNotClosed();
    if (engine != null) {
      throw new IllegalStateException(
          "Model '" + name() + "' already built its graph; set sessionConfig before use");
    }
    if (edit == null) throw new IllegalArgumentException("sessionConfig must not be null");
    this.sessionConfig = edit;
    return this;
  }

  /**
   * Trains this model with {@code strategy} (Keras's {@code with strategy.scope():}): multi-worker synchronous training,
   * each worker taking its share of every global batch. Set before first use, with the same seed on every worker (or load
   * the same weights): the chief's weights are broadcast at the start of each {@code fit} anyway. Not thread-safe.
   */
  public Model distribute(io.tfweave.distribute.Strategy strategy) {
    checkNotClosed();
    if (engine != null) {
      throw new IllegalStateException("Model '" + name()
          + "' already built its graph; call distribute(strategy) before first use");
    }
    if (strategy == null) throw new IllegalArgumentException("strategy must not be null");
    this.strategy = strategy;
    return this;
  }

  // ------------------------------------------------------------------ training

  /**
   * Configures training. Trainability changes (setTrainable) take effect here: the training graph is rebuilt over the weights
   * trainable now, with a fresh optimizer state. Thread-safe; a {@code fit} already running keeps its configuration, the next
   * one uses this.
   */
  public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
    compile(optimizer, loss, List.of(metrics), List.of());
  }

  /**
   * Configures training with {@code metrics} and {@code weightedMetrics} (Keras's {@code weighted_metrics}): the latter are
   * weighted by the sample weights ({@code FitOptions.sampleWeight}, {@code Pipeline.sampleWeight}) and class weights, as
   * the loss is; they log under their names, or as {@code weighted_<name>} when a metric of that name is also in
   * {@code metrics}. Only mean metrics (accuracy, mae, mse, ...) can be weighted. Threads: as
   * {@link #compile(Optimizer, Loss, Metric...)}.
   */
  public void compile(
      Optimizer optimizer, Loss loss, List<Metric> metrics, List<Metric> weightedMetrics) {
    checkNotClosed();
    if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
    if (loss == null) throw new IllegalArgumentException("loss must not be null");
    List<SymbolicTensor> outputs = outputs();
    if (outputs.size() != 1) {
      install(OutputCompile.of(
          this,
          optimizer,
          OutputCompile.same(this, loss),
          Map.of(),
          OutputCompile.same(this, metrics),
          OutputCompile.same(this, weightedMetrics)));
      return;
    }
    install(new Compiled(optimizer, loss, metrics, weightedMetrics));
  }

  /**
   * Configures training of a model with several outputs, as Keras's {@code compile(loss={"temp": "mae", "weather":
   * "sparse_categorical_crossentropy"}, loss_weights={"weather": 0.5}, metrics={"weather": ["accuracy"]})}: maps keyed by
   * output name (the output layer's, {@link #outputNames()}) or position ({@code "0"}, {@code "1"}, ...). An output without
   * a loss trains nothing and needs no targets; loss weights default to 1. The total loss is the weighted sum plus
   * regularization; logs are {@code loss}, {@code <output>_loss} and {@code <output>_<metric>}. Threads: as
   * {@link #compile(Optimizer, Loss, Metric...)}.
   */
  @Override
  public void compile(
      Optimizer optimizer,
      Map<String, Loss> losses,
      Map<String, Double> lossWeights,
      Map<String, List<Metric>> metrics) {
    checkNotClosed();
    if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
    install(OutputCompile.of(this, optimizer, losses, lossWeights, metrics, Map.of()));
  }

  /**
   * As {@link #compile(Optimizer, Map, Map, Map)}, with {@code weightedMetrics} per output (Keras's {@code
   * weighted_metrics={"weather": ["accuracy"]}}): weighted by that output's sample weights; a metric also in {@code
   * metrics} logs as {@code <output>_weighted_<metric>}. Threads: as {@link #compile(Optimizer, Loss, Metric...)}.
   */
  public void compile(
      Optimizer optimizer,
      Map<String, Loss> losses,
      Map<String, Double> lossWeights,
      Map<String, List<Metric>> metrics,
      Map<String, List<Metric>> weightedMetrics) {
    checkNotClosed();
    if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
    install(OutputCompile.of(this, optimizer, losses, lossWeights, metrics, weightedMetrics));
  }

  /**
   * Configures training with a custom step (Keras's overridden {@code train_step}): {@code fit} runs {@code step}'s graph
   * once per batch with callbacks, progress and History of what the step logs; {@code evaluate} runs its test step.
   */
  public void compile(TrainStep step) {
    compile(null, step);
  }

  /** A custom step with a default {@code optimizer} (the step may use it, and learning-rate callbacks reach it). */
  public void compile(Optimizer optimizer, TrainStep step) {
    checkNotClosed();
    if (step == null) throw new IllegalArgumentException("step must not be null");
    install(Compiled.ofStep(optimizer, step));
  }

  /** The output names (the output layers' names, as Keras's {@code model.output_names}), in output order. */
  @Override
  public List<String> outputNames() {
    return OutputCompile.names(this);
  }

  private void install(Compiled c) {
    synchronized (state) {
      this.compiled = c;
      this.trainer = null;
    }
  }

  /**
   * Configures training by Keras's names, as Keras's {@code model.compile(optimizer="rmsprop", loss="binary_crossentropy",
   * metrics=["accuracy"])}: {@code compile("rmsprop", "binary_crossentropy", "accuracy")}. Names resolve with Keras's
   * defaults through {@link Optimizers#get}, {@link Losses#get} and {@link Metrics#get} ({@code "accuracy"} becomes binary,
   * categorical or sparse categorical accuracy by the loss, as in Keras). Threads: as {@link #compile(Optimizer, Loss, Metric...)}.
   */
  public void compile(String optimizer, String loss, String... metrics) {
    compile(Optimizers.get(optimizer), loss, metrics);
  }

  /** Configures training with an optimizer object and Keras's names for the loss and metrics; threads as the other compile. */
  public void compile(Optimizer optimizer, String loss, String... metrics) {
    Metric[] m = new Metric[metrics.length];
    for (int i = 0; i < m.length; i++) m[i] = Metrics.get(metrics[i]);
    compile(optimizer, Losses.get(loss), m);
  }

  /** The compiled optimizer, or null before {@link #compile}. Thread-safe. */
  public Optimizer optimizer() {
    synchronized (state) {
      return compiled == null ? null : compiled.optimizer();
    }
  }

  /** The compiled loss, or null. Thread-safe. */
  public Loss loss() {
    synchronized (state) {
      return compiled == null ? null : compiled.loss();
    }
  }

  private Trainer trainer(String call) {
    synchronized (state) {
      checkNotClosed();
      if (compiled == null) {
        throw new IllegalStateException(call
            + "() called before compile(); call model.compile(optimizer, loss, metrics...) first");
      }
      if (trainer == null) trainer = new Trainer(engine(), compiled);
      return trainer;
    }
  }

  /**
   * Trains on {@code data}; {@link ArrayFitting} adds the forms on Java arrays ({@code fit(float[][] x, int[] y, options)}).
   * Thread-safe: concurrent {@code fit} calls run one after another; {@code predict} and {@code evaluate} may run meanwhile
   * (between steps). A {@link #close()} during fit makes it throw the "closed" {@code IllegalStateException} at its next step.
   */
  @Override
  public History fit(Dataset data, FitOptions options) {
    checkNotClosed();
    fitLock.lock();
    try {
      History h = trainer("fit").fit(data, options);
      epochsTrained += h.size();
      if (h.size() > 0) {
        Map<String, Double> last = new java.util.LinkedHashMap<>();
        h.asMap().forEach((k, v) -> last.put(k, v.get(v.size() - 1)));
        lastMetrics = java.util.Collections.unmodifiableMap(last);
      }
      return h;
    } finally {
      fitLock.unlock();
    }
  }

  /** Epochs completed by {@code fit} over the model's life (a model from {@link #load} continues the saved count). Thread-safe. */
  public int epochsTrained() {
    return epochsTrained;
  }

  /** The logs of the last epoch {@code fit} completed (Keras's keys: loss, accuracy, val_loss, ...); empty before training. Thread-safe. */
  public Map<String, Double> lastMetrics() {
    return lastMetrics;
  }

  static {
    TrainingRecords.install((m, r) -> m.restoreTrainingRecord(r.epochs(), r.metrics()));
  }

  private void restoreTrainingRecord(int epochs, Map<String, Double> metrics) {
    if (epochs < 0)
      throw new IllegalArgumentException("epochs must be >= 0. Received: epochs=" + epochs);
    this.epochsTrained = epochs;
    this.lastMetrics =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }

  /** Trains on arrays {@code x} (samples first) and targets {@code y}; threads as {@link #fit(Dataset, FitOptions)}. */
  public History fit(NdArray<?> x, NdArray<?> y, FitOptions options) {
    return fit(Dataset.of(x, y), options);
  }

  /** Loss and metrics on {@code data}, batch size 32; {@code evaluate(data).loss()} is Keras's scalar result. Thread-safe. */
  public Evaluation evaluate(Dataset data) {
    return evaluate(data, FitOptions.BATCH_SIZE_DEFAULT);
  }

  /**
   * Loss and metrics on {@code data} (Keras's keys: {@code loss}, {@code accuracy}, ...), in batches of {@code batchSize}.
   * Thread-safe: it holds the model alone for its duration (other calls, fit's steps included, wait), so it sees one state.
   */
  @Override
  public Evaluation evaluate(Dataset data, int batchSize) {
    return Evaluation.of(trainer("evaluate").evaluate(data, batchSize));
  }

  /** Loss and metrics on arrays (samples first), batch size 32. Thread-safe, as {@link #evaluate(Dataset, int)}. */
  public Evaluation evaluate(NdArray<?> x, NdArray<?> y) {
    return evaluate(Dataset.of(x, y));
  }

  /** All outputs for {@code x} by output name (Keras's dict from {@code predict}), in batches of 32. Thread-safe. */
  @Override
  public Map<String, FloatNdArray> predictOutputs(Dataset data, int batchSize) {
    List<FloatNdArray> all = predictAll(data, batchSize);
    Map<String, FloatNdArray> out = new java.util.LinkedHashMap<>();
    List<String> names = outputNames();
    for (int i = 0; i < all.size(); i++) out.put(names.get(i), all.get(i));
    return out;
  }

  /** Outputs for {@code x} (first output), in batches of 32. Thread-safe, also during {@code fit}. */
  public FloatNdArray predict(NdArray<?> x) {
    return predict(x, FitOptions.BATCH_SIZE_DEFAULT);
  }

  /** Outputs for {@code x} (first output), in batches of {@code batchSize} (Keras's {@code predict(x, batch_size)}). Thread-safe. */
  public FloatNdArray predict(NdArray<?> x, int batchSize) {
    return predict(Dataset.ofInputs(x), batchSize);
  }

  /** Outputs for the inputs of {@code data} (first output), in batches of 32. Thread-safe, also during {@code fit}. */
  public FloatNdArray predict(Dataset data) {
    return predict(data, FitOptions.BATCH_SIZE_DEFAULT);
  }

  /** Outputs for the inputs of {@code data} (first output), in batches of {@code batchSize}. Thread-safe. */
  @Override
  public FloatNdArray predict(Dataset data, int batchSize) {
    return predictAll(data, batchSize).get(0);
  }

  /**
   * All outputs for the inputs of {@code data}. Thread-safe: calls run in parallel with each other and with {@code fit} and
   * {@code evaluate}; all batches of one call see the weights of the same completed training step.
   */
  public List<FloatNdArray> predictAll(Dataset data, int batchSize) {
    if (batchSize <= 0)
      throw new IllegalArgumentException(
          "batchSize must be a positive integer. Received: batchSize=" + batchSize);
    Trainer check = new Trainer(engine(), new Compiled(null, null, List.of()));
    Dataset d = check.prepareInputs(data);
    List<FloatNdArray> out = new ArrayList<>();
    for (HostArray a : engine().predict(d.inputs(), batchSize)) {
      out.add(NdArrays.wrap(a.shape(), DataBuffers.of(a.floats(), false, false)));
    }
    return out;
  }

  /** Predicts on raw host arrays (one per input) without copying them into ndarrays. Thread-safe, as {@link #predictAll}. */
  public List<HostArray> predictArrays(List<HostArray> xs, int batchSize) {
    return engine().predict(xs, batchSize);
  }

  /**
   * Loads a model exported by {@link #export} (Keras's {@code keras.saving.load_model}); ready to compile and train. A path
   * ending in {@code .keras} reads Keras 3's model file instead (Sequential and Functional models of the layers tfweave
   * has; see {@code io.tfweave.saving.KerasModelFile}), and a path ending in {@code .h5} (not {@code .weights.h5}) the
   * legacy Keras 2 / tf_keras full-model file ({@code io.tfweave.saving.KerasLegacyH5}). Thread-safe.
   */
  public static Model load(Path dir) {
    return ModelPersistence.find().load(dir);
  }

  // ------------------------------------------------------------------ pipelines

  /**
   * Trains on a streaming {@link Pipeline} (Keras's {@code fit(dataset)}): its tf.data ops are added to the model's graph
   * once and feed each step from a TensorFlow iterator, with no Java-side copy of a batch. The pipeline does its own
   * batching and shuffling, so {@code batchSize} and {@code validationSplit} are rejected and {@code shuffle} is ignored;
   * {@code stepsPerEpoch}, {@code validationSteps} and {@code validation(Pipeline)} apply. The optimizer's state is
   * shared by every pipeline fit, but not with array fits (each input path has its own training step). Not for
   * concurrent use with another {@code fit}.
   */
  public History fit(Pipeline train, FitOptions options) {
    History h = trainer("fit").fit(train, options);
    epochsTrained += h.size();
    if (h.size() > 0) {
      Map<String, Double> last = new java.util.LinkedHashMap<>();
      h.asMap().forEach((k, v) -> last.put(k, v.get(v.size() - 1)));
      lastMetrics = java.util.Collections.unmodifiableMap(last);
    }
    return h;
  }

  /** Loss and metrics over one pass of {@code data} (a batched pipeline with targets); not concurrently with {@code fit}. */
  public Map<String, Double> evaluate(Pipeline data) {
    return trainer("evaluate").evaluate(data, -1);
  }

  /** Loss and metrics over the first {@code steps} batches of {@code data} (Keras's {@code evaluate(steps=...)}). */
  public Map<String, Double> evaluate(Pipeline data, int steps) {
    if (steps <= 0)
      throw new IllegalArgumentException(
          "steps must be a positive integer. Received: steps=" + steps);
    return trainer("evaluate").evaluate(data, steps);
  }

  private Trainer streamPredictor;

  /**
   * Outputs (first output) for every batch of a finite {@code data} pipeline, samples in order; its targets, if any, are
   * ignored. Needs no {@code compile}. Not for concurrent use with {@code fit} on a pipeline of the same model.
   */
  public FloatNdArray predict(Pipeline data) {
    if (streamPredictor == null || !streamPredictor.uses(engine())) {
      streamPredictor = new Trainer(engine(), new Compiled(null, null, List.of()));
    }
    HostArray a = streamPredictor.predict(data).get(0);
    return NdArrays.wrap(a.shape(), DataBuffers.of(a.floats(), false, false));
  }

  /**
   * Drops what the model keeps of fitted data: {@code fit} on arrays feeds each batch from them and keeps neither them nor
   * a copy; a pipeline built from arrays or with {@code cache()} keeps its copy in the graph until this call, a {@code
   * fit} on another pipeline, or {@link #close}. Not during {@code fit}.
   */
  public void releaseData() {
    Trainer t;
    synchronized (state) {
      t = trainer;
    }
    if (t != null) t.releaseData();
  }

  @Override
  void onClose() {
    trainer = null;
  }

  /** A new engine asks the current trainer for the optimizer's variables when it saves or restores a checkpoint. */
  @Override
  void onEngine(Engine e) {
    e.optimizerScope(() -> {
      Trainer t;
      synchronized (state) {
        t = trainer;
      }
      return t == null ? null : t.optimizerScope();
    });
  }
}
