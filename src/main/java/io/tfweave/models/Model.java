package io.tfweave.models;

import io.tfweave.models.internal.TrainingRecords;
import io.tfweave.training.Compiled;
import io.tfweave.training.Evaluation;
import io.tfweave.training.ModelView;
import io.tfweave.training.Trainer;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.RandomSeeds;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Node;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.losses.Loss;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metric;
import io.tfweave.metrics.Metrics;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
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
public class Model extends Layer implements ModelView, ArrayFitting, AutoCloseable {
  private final List<SymbolicTensor> inputs;
  private final List<SymbolicTensor> outputs;
  private final List<Node> order;
  private final List<Layer> layers;
  private final boolean sequential;
  private long seed;
  private boolean seedFixed;
  private UnaryOperator<ConfigProto> sessionConfig = UnaryOperator.identity();
  private final Object state = new Object(); // guards engine, trainer, compiled and closed
  private final java.util.concurrent.locks.ReentrantLock fitLock = new java.util.concurrent.locks.ReentrantLock();
  private Engine engine;
  private Trainer trainer;
  private Compiled compiled;
  private boolean closed;
  private volatile int epochsTrained;
  private volatile Map<String, Double> lastMetrics = Map.of();

  Model(String name, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, boolean sequential) {
    if (inputs.isEmpty() || outputs.isEmpty()) throw new IllegalArgumentException("A model needs at least one input and output");
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.sequential = sequential;
    this.order = Topology.order(inputs, outputs);
    this.layers = Topology.layers(inputs, order, sequential);
    Topology.assignNames(layers);
    named(name != null ? name : sequential ? "sequential" : "functional");
    OptionalLong global = RandomSeeds.next(1L << 32);
    this.seed = global.orElseGet(() -> new SecureRandom().nextLong() & 0xffffffffL);
    this.seedFixed = global.isPresent();
    for (SymbolicTensor t : inputs) {
      if (!(t.layer() instanceof Input)) {
        throw new IllegalArgumentException("Model inputs must come from Input layers; '" + t.layer().name() + "' is a "
            + t.layer().className());
      }
    }
  }

  /** A functional model from one input to one output. */
  public static Model of(SymbolicTensor input, SymbolicTensor output) { return new Model(null, List.of(input), List.of(output), false); }

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
    if (engine != null) throw new IllegalStateException("Model '" + name() + "' already built its graph; set the seed before use");
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
      throw new IllegalStateException("Model '" + name() + "' already built its graph; set sessionConfig before use");
    }
    if (edit == null) throw new IllegalArgumentException("sessionConfig must not be null");
    this.sessionConfig = edit;
    return this;
  }

  UnaryOperator<ConfigProto> sessionConfig() { return sessionConfig; }

  /** The seed in use. */
  public long seed() { return seed; }

  /** True when the seed is reproducible: set with {@link #seed(long)} or drawn from a global seed ({@link RandomSeeds}). */
  public boolean seedFixed() { return seedFixed; }

  /** Keras's class name: {@code Sequential} or {@code Functional}. */
  @Override
  public String className() { return sequential ? "Sequential" : "Functional"; }

  /** True for models built with {@link Sequential}. */
  public boolean isSequential() { return sequential; }

  /** The model's symbolic inputs. */
  public List<SymbolicTensor> inputs() { return inputs; }

  /** The model's symbolic outputs. */
  public List<SymbolicTensor> outputs() { return outputs; }

  /** The layers in graph order (Input layers included for functional models, as in Keras). */
  public List<Layer> layers() { return layers; }

  /** The layer calls in execution order. */
  public List<Node> nodes() { return order; }

  /** The layer named {@code name}; fails listing the available names. */
  public Layer layer(String name) {
    for (Layer l : layers) if (name.equals(l.name())) return l;
    throw new IllegalArgumentException("Model '" + name() + "' has no layer '" + name + "'. Layers: "
        + layers.stream().map(Layer::name).toList());
  }

  /** All layers, nested models expanded (for error messages and weight import). */
  public List<Layer> allLayers() {
    List<Layer> out = new ArrayList<>();
    for (Layer l : layers) {
      out.add(l);
      if (l instanceof Model m) out.addAll(m.allLayers());
    }
    return out;
  }

  @Override
  public List<Weight> weights() {
    Set<Weight> all = new LinkedHashSet<>();
    for (Layer l : layers) all.addAll(l.weights());
    return List.copyOf(all);
  }

  @Override
  public List<Weight> trainableWeights() {
    if (!isTrainable()) return List.of();
    Set<Weight> all = new LinkedHashSet<>();
    for (Layer l : layers) all.addAll(l.trainableWeights());
    return List.copyOf(all);
  }

  /** Freezes or unfreezes the model and every layer in it (Keras's cascade); takes effect at the next {@link #compile}. */
  @Override
  public void setTrainable(boolean trainable) {
    super.setTrainable(trainable);
    for (Layer l : layers) if (!(l instanceof Input)) l.setTrainable(trainable);
  }

  // ------------------------------------------------------------------ as a layer

  @Override
  public List<Shape> outputShapes(List<Shape> in) {
    if (in.size() != inputs.size()) {
      throw new IllegalArgumentException("Model '" + name() + "' takes " + inputs.size() + " input(s), received " + in.size());
    }
    return outputs.stream().map(SymbolicTensor::shape).toList();
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) { return forward(tf, x, mode); }

  /** Adds the model's ops on {@code x} (one operand per input) and returns the outputs. */
  List<Operand<?>> forward(Ops tf, List<Operand<?>> x, CallMode mode) { return Topology.forward(tf, inputs, order, outputs, x, mode); }

  // ------------------------------------------------------------------ summary

  /** Prints Keras's summary table to {@code System.out}, as Keras's {@code model.summary()} does; see {@link #summaryString()}. */
  public void summary() { System.out.print(summaryString()); }

  /** Keras's summary table as text: layer (type), output shape, parameter count, and totals (what {@link #summary()} prints). */
  public String summaryString() { return Summary.of(this); }

  // ------------------------------------------------------------------ training

  /** The graph and session, built on first use; throws once the model is closed (close is final). */
  Engine engine() {
    synchronized (state) {
      checkNotClosed();
      if (engine == null) {
        engine = new Engine(this);
        engine.optimizerScope(() -> {
          Trainer t;
          synchronized (state) {
            t = trainer;
          }
          return t == null ? null : t.optimizerScope();
        });
      }
      return engine;
    }
  }

  private void checkNotClosed() {
    synchronized (state) {
      if (closed) throw EngineLock.closedError(name());
    }
  }

  /**
   * Configures training. Trainability changes (setTrainable) take effect here: the training graph is rebuilt over the weights
   * trainable now, with a fresh optimizer state. Thread-safe; a {@code fit} already running keeps its configuration, the next
   * one uses this.
   */
  public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
    checkNotClosed();
    if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
    if (loss == null) throw new IllegalArgumentException("loss must not be null");
    if (outputs.size() != 1) {
      throw new IllegalArgumentException("compile supports single-output models; model '" + name() + "' has " + outputs.size());
    }
    synchronized (state) {
      this.compiled = new Compiled(optimizer, loss, List.of(metrics));
      this.trainer = null;
    }
  }

  /**
   * Configures training by Keras's names, as Keras's {@code model.compile(optimizer="rmsprop", loss="binary_crossentropy",
   * metrics=["accuracy"])}: {@code compile("rmsprop", "binary_crossentropy", "accuracy")}. Names resolve with Keras's
   * defaults through {@link Optimizers#get}, {@link Losses#get} and {@link Metrics#get} ({@code "accuracy"} becomes binary,
   * categorical or sparse categorical accuracy by the loss, as in Keras). Threads: as {@link #compile(Optimizer, Loss, Metric...)}.
   */
  public void compile(String optimizer, String loss, String... metrics) { compile(Optimizers.get(optimizer), loss, metrics); }

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
        throw new IllegalStateException(call + "() called before compile(); call model.compile(optimizer, loss, metrics...) first");
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
  public int epochsTrained() { return epochsTrained; }

  /** The logs of the last epoch {@code fit} completed (Keras's keys: loss, accuracy, val_loss, ...); empty before training. Thread-safe. */
  public Map<String, Double> lastMetrics() { return lastMetrics; }

  static {
    TrainingRecords.install((m, r) -> m.restoreTrainingRecord(r.epochs(), r.metrics()));
  }

  private void restoreTrainingRecord(int epochs, Map<String, Double> metrics) {
    if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0. Received: epochs=" + epochs);
    this.epochsTrained = epochs;
    this.lastMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }

  /** Trains on arrays {@code x} (samples first) and targets {@code y}; threads as {@link #fit(Dataset, FitOptions)}. */
  public History fit(NdArray<?> x, NdArray<?> y, FitOptions options) { return fit(Dataset.of(x, y), options); }

  /** Loss and metrics on {@code data}, batch size 32; {@code evaluate(data).loss()} is Keras's scalar result. Thread-safe. */
  public Evaluation evaluate(Dataset data) { return evaluate(data, FitOptions.BATCH_SIZE_DEFAULT); }

  /**
   * Loss and metrics on {@code data} (Keras's keys: {@code loss}, {@code accuracy}, ...), in batches of {@code batchSize}.
   * Thread-safe: it holds the model alone for its duration (other calls, fit's steps included, wait), so it sees one state.
   */
  @Override
  public Evaluation evaluate(Dataset data, int batchSize) { return Evaluation.of(trainer("evaluate").evaluate(data, batchSize)); }

  /** Loss and metrics on arrays (samples first), batch size 32. Thread-safe, as {@link #evaluate(Dataset, int)}. */
  public Evaluation evaluate(NdArray<?> x, NdArray<?> y) { return evaluate(Dataset.of(x, y)); }

  /** Outputs for {@code x} (first output), in batches of 32. Thread-safe, also during {@code fit}. */
  public FloatNdArray predict(NdArray<?> x) { return predict(x, FitOptions.BATCH_SIZE_DEFAULT); }

  /** Outputs for {@code x} (first output), in batches of {@code batchSize} (Keras's {@code predict(x, batch_size)}). Thread-safe. */
  public FloatNdArray predict(NdArray<?> x, int batchSize) { return predict(Dataset.ofInputs(x), batchSize); }

  /** Outputs for the inputs of {@code data} (first output), in batches of 32. Thread-safe, also during {@code fit}. */
  public FloatNdArray predict(Dataset data) { return predict(data, FitOptions.BATCH_SIZE_DEFAULT); }

  /** Outputs for the inputs of {@code data} (first output), in batches of {@code batchSize}. Thread-safe. */
  @Override
  public FloatNdArray predict(Dataset data, int batchSize) { return predictAll(data, batchSize).get(0); }

  /**
   * All outputs for the inputs of {@code data}. Thread-safe: calls run in parallel with each other and with {@code fit} and
   * {@code evaluate}; all batches of one call see the weights of the same completed training step.
   */
  public List<FloatNdArray> predictAll(Dataset data, int batchSize) {
    if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be a positive integer. Received: batchSize=" + batchSize);
    Trainer check = new Trainer(engine(), new Compiled(null, null, List.of()));
    Dataset d = check.prepareInputs(data);
    List<FloatNdArray> out = new ArrayList<>();
    for (HostArray a : engine().predict(d.inputs(), batchSize)) {
      out.add(NdArrays.wrap(a.shape(), DataBuffers.of(a.floats(), false, false)));
    }
    return out;
  }

  /** Predicts on raw host arrays (one per input) without copying them into ndarrays. Thread-safe, as {@link #predictAll}. */
  public List<HostArray> predictArrays(List<HostArray> xs, int batchSize) { return engine().predict(xs, batchSize); }

  // ------------------------------------------------------------------ weights

  /** Copies of all weights, in {@link #weights()} order (Keras's {@code get_weights()}). Thread-safe; one consistent state. */
  public List<FloatNdArray> getWeights() { return WeightValues.read(engine()); }

  /** Sets all weights (same order and shapes as {@link #getWeights()}; Keras's {@code set_weights}). Thread-safe, atomic. */
  public void setWeights(List<? extends NdArray<Float>> values) { WeightValues.write(engine(), name(), values); }

  /** Reads the current value of one weight. Thread-safe. */
  public float[] weightValue(Weight w) {
    Engine e = engine();
    e.sync();
    return e.read(w);
  }

  /**
   * Writes all weights to a TensorFlow checkpoint under {@code prefix}, crash-safely: the files of a fresh checkpoint
   * {@code prefix-<n>} ({@code .index}, {@code .data-00000-of-00001}) are written and flushed, then made current by one
   * atomic rename of the state file {@code prefix.checkpoint} (TensorFlow's {@code checkpoint} format; the directory's
   * {@code checkpoint} file is refreshed too, for {@code tf.train.latest_checkpoint}); then the previous checkpoint is
   * deleted. A process killed at any instant leaves the previous weights loadable. Once {@code fit} has run, the checkpoint
   * also holds the optimizer's state (slots, iteration counter, learning rate) under {@code optimizer/...}, so that
   * {@code loadWeights} plus {@code FitOptions.initialEpoch} resume training exactly. Returns the prefix written
   * ({@code prefix-<n>}). Thread-safe: it saves the weights of one completed step.
   */
  public Path saveWeights(Path prefix) { return saveWeights(prefix, io.tfweave.internal.CheckpointFiles.MAX_TO_KEEP_DEFAULT); }

  /** As {@link #saveWeights(Path)}, keeping the newest {@code maxToKeep} checkpoints under {@code prefix}. Thread-safe. */
  public Path saveWeights(Path prefix, int maxToKeep) { return engine().save(prefix, maxToKeep); }

  /**
   * Restores weights saved by {@link #saveWeights}: {@code prefix} resolves through {@code prefix.checkpoint} to the current
   * checkpoint, or names a checkpoint itself ({@code prefix.index}, e.g. one written by TensorFlow), or is a directory with
   * TensorFlow's {@code checkpoint} file. Every shape is checked before any weight is assigned: a failed load changes
   * nothing. Saved optimizer state is restored into the compiled optimizer (right away, or when the next {@code fit} builds
   * it); a checkpoint without it, or with another optimizer's, leaves the optimizer as it is. Thread-safe: other calls see
   * the old or the new weights, never a mix.
   */
  public void loadWeights(Path prefix) { engine().restore(prefix); }

  /** The variable name of each weight in this model's graph and checkpoints ({@code layer/weight}). Thread-safe. */
  public String variableName(Weight w) { return engine().variableName(w); }

  // ------------------------------------------------------------------ SavedModel

  /**
   * Exports the inference graph as a SavedModel for TF Serving at {@code dir} (tag {@code serve}, signature
   * {@code serving_default}, {@code assets/model.json}); see {@code io.tfweave.saving.SavedModels}. Thread-safe: the weights
   * of one completed step are exported.
   */
  public Path export(Path dir) { return ModelPersistence.find().export(this, dir); }

  /** Exports to {@code base/version} (TF Serving's versioned layout); returns that directory. Thread-safe, as {@link #export(Path)}. */
  public Path export(Path base, long version) { return ModelPersistence.find().export(this, base, version); }

  /** Exports to the next free version under {@code savedmodels/<name>/}; returns that directory. Thread-safe as {@link #export(Path)}. */
  public Path export() { return ModelPersistence.find().export(this); }

  /** Loads a model exported by {@link #export} (Keras's {@code keras.saving.load_model}); ready to compile and train. Thread-safe. */
  public static Model load(Path dir) { return ModelPersistence.find().load(dir); }

  /**
   * Frees the native graph and session; weights keep their values for reuse in other models. Thread-safe and final: calls
   * already running finish first ({@code predict}, a training step), then every call that needs the graph throws
   * {@code IllegalStateException("Model '<name>' is closed ...")}; a second close does nothing.
   */
  @Override
  public void close() {
    Engine e;
    synchronized (state) {
      if (closed) return;
      closed = true;
      e = engine;
      engine = null;
      trainer = null;
    }
    if (e != null) e.close();
  }

  /**
   * Low-level access to the model's live graph and session (exporters, benchmarks, hand-written training steps). Not
   * thread-safe: ops added or run through it take none of the model's locks, so use it while no other thread calls the model.
   */
  public ModelGraphAccess graphAccess() { return new ModelGraphAccess(engine()); }

  /** The serialized graph. Thread-safe. */
  @Override
  public byte[] graphDef() {
    Engine e = engine();
    return e.shared(() -> e.graph.toGraphDef().toByteArray());
  }
}
