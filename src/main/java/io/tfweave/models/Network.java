package io.tfweave.models;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.RandomSeeds;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Node;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.training.ModelView;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * The structure and the live graph of a model (Keras 2's {@code Network}, the base of {@code Model}): its layer graph from
 * inputs to outputs, used as a layer inside other models, its weights, checkpoints and SavedModel exports, and the graph
 * and session built on first use and freed by {@link #close()}. {@link Model} adds compile, fit, evaluate and predict;
 * the thread rules are given there.
 */
public abstract sealed class Network extends Layer implements ModelView, AutoCloseable
    permits Model {
  private final List<SymbolicTensor> inputs;
  final List<SymbolicTensor> outputs;
  private final List<Node> order;
  private final List<Layer> layers;
  private final boolean sequential;
  long seed;
  boolean seedFixed;
  UnaryOperator<ConfigProto> sessionConfig = UnaryOperator.identity();
  io.tfweave.distribute.Strategy strategy = io.tfweave.distribute.Strategy.single();
  final Object state = new Object(); // guards engine, trainer, compiled and closed
  Engine engine;
  private boolean closed;

  Network(
      String name, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, boolean sequential) {
    if (inputs.isEmpty() || outputs.isEmpty())
      throw new IllegalArgumentException("A model needs at least one input and output");
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
        throw new IllegalArgumentException("Model inputs must come from Input layers; '"
            + t.layer().name() + "' is a " + t.layer().className());
      }
    }
  }

  // ------------------------------------------------------------------ structure

  /** The strategy the model trains with ({@code Model.distribute}); single-process by default. */
  public io.tfweave.distribute.Strategy strategy() {
    return strategy;
  }

  UnaryOperator<ConfigProto> sessionConfig() {
    return sessionConfig;
  }

  /** The seed in use. */
  public long seed() {
    return seed;
  }

  /** True when the seed is reproducible: set with {@link Model#seed(long)} or drawn from a global seed ({@link RandomSeeds}). */
  public boolean seedFixed() {
    return seedFixed;
  }

  /** Keras's class name: {@code Sequential} or {@code Functional}. */
  @Override
  public String className() {
    return sequential ? "Sequential" : "Functional";
  }

  /** True for models built with {@link Sequential}. */
  public boolean isSequential() {
    return sequential;
  }

  /** The model's symbolic inputs. */
  public List<SymbolicTensor> inputs() {
    return inputs;
  }

  /** The model's symbolic outputs. */
  public List<SymbolicTensor> outputs() {
    return outputs;
  }

  /** The layers in graph order (Input layers included for functional models, as in Keras). */
  public List<Layer> layers() {
    return layers;
  }

  /** The layer calls in execution order. */
  public List<Node> nodes() {
    return order;
  }

  /** The layer named {@code name}; fails listing the available names. */
  public Layer layer(String name) {
    for (Layer l : layers) if (name.equals(l.name())) return l;
    throw new IllegalArgumentException("Model '" + name() + "' has no layer '" + name
        + "'. Layers: " + layers.stream().map(Layer::name).toList());
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

  /** Freezes or unfreezes the model and every layer in it (Keras's cascade); takes effect at the next {@link Model#compile}. */
  @Override
  public void setTrainable(boolean trainable) {
    super.setTrainable(trainable);
    for (Layer l : layers) if (!(l instanceof Input)) l.setTrainable(trainable);
  }

  // ------------------------------------------------------------------ as a layer

  @Override
  public List<Shape> outputShapes(List<Shape> in) {
    if (in.size() != inputs.size()) {
      throw new IllegalArgumentException(
          "Model '" + name() + "' takes " + inputs.size() + " input(s), received " + in.size());
    }
    return outputs.stream().map(SymbolicTensor::shape).toList();
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    return forward(tf, x, mode);
  }

  /** Adds the model's ops on {@code x} (one operand per input) and returns the outputs. */
  List<Operand<?>> forward(Ops tf, List<Operand<?>> x, CallMode mode) {
    return Topology.forward(tf, inputs, order, outputs, x, mode);
  }

  /** The outputs, then the first output of each named layer's first call, from one forward pass on {@code x}. */
  List<Operand<?>> forwardWith(Ops tf, List<Operand<?>> x, CallMode mode, List<String> layerNames) {
    List<SymbolicTensor> wanted = new ArrayList<>(outputs);
    for (String name : layerNames) {
      Layer l = layer(name);
      SymbolicTensor t = null;
      for (Node n : order) {
        if (n.layer() == l && !n.outputs().isEmpty()) {
          t = n.outputs().get(0);
          break;
        }
      }
      if (t == null) {
        throw new IllegalArgumentException(
            "Layer '" + name + "' of model '" + name() + "' is not called in the model's graph");
      }
      wanted.add(t);
    }
    return Topology.forward(tf, inputs, order, wanted, x, mode);
  }

  // ------------------------------------------------------------------ summary

  /** Prints Keras's summary table to {@code System.out}, as Keras's {@code model.summary()} does; see {@link #summaryString()}. */
  public void summary() {
    System.out.print(summaryString());
  }

  /** Keras's summary table as text: layer (type), output shape, parameter count, and totals (what {@link #summary()} prints). */
  public String summaryString() {
    return Summary.of(self());
  }

  // ------------------------------------------------------------------ graph

  /** The graph and session, built on first use; throws once the model is closed (close is final). */
  Engine engine() {
    synchronized (state) {
      checkNotClosed();
      if (engine == null) {
        engine = new Engine(self());
        onEngine(engine);
      }
      return engine;
    }
  }

  void checkNotClosed() {
    synchronized (state) {
      if (closed) throw EngineLock.closedError(name());
    }
  }

  // ------------------------------------------------------------------ weights

  /** Copies of all weights, in {@link #weights()} order (Keras's {@code get_weights()}). Thread-safe; one consistent state. */
  public List<FloatNdArray> getWeights() {
    return WeightValues.read(engine());
  }

  /** Sets all weights (same order and shapes as {@link #getWeights()}; Keras's {@code set_weights}). Thread-safe, atomic. */
  public void setWeights(List<? extends NdArray<Float>> values) {
    WeightValues.write(engine(), name(), values);
  }

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
   *
   * <p>A path ending in {@code .weights.h5} writes Keras 3's weights file instead, which Keras's {@code
   * model.load_weights} reads (weights only, no optimizer state; see {@code io.tfweave.saving.KerasWeightsH5}), and returns
   * that path.
   */
  public Path saveWeights(Path prefix) {
    if (isKerasWeightsFile(prefix)) {
      if (!strategy.isChief()) return prefix;
      return ModelPersistence.find().saveKerasWeights(this, prefix);
    }
    return saveWeights(prefix, io.tfweave.internal.CheckpointFiles.MAX_TO_KEEP_DEFAULT);
  }

  /**
   * As {@link #saveWeights(Path)}, keeping the newest {@code maxToKeep} checkpoints under {@code prefix}. Thread-safe. In
   * multi-worker training ({@code Model.distribute}) only the chief writes: the other workers write nothing and get
   * {@code prefix} back; {@code export} does the same.
   */
  public Path saveWeights(Path prefix, int maxToKeep) {
    if (!strategy.isChief()) return prefix; // multi-worker: only the chief writes
    return engine().save(prefix, maxToKeep);
  }

  /**
   * Restores weights saved by {@link #saveWeights}: {@code prefix} resolves through {@code prefix.checkpoint} to the current
   * checkpoint, or names a checkpoint itself ({@code prefix.index}, e.g. one written by TensorFlow), or is a directory with
   * TensorFlow's {@code checkpoint} file. Every shape is checked before any weight is assigned: a failed load changes
   * nothing. Saved optimizer state is restored into the compiled optimizer (right away, or when the next {@code fit} builds
   * it); a checkpoint without it, or with another optimizer's, leaves the optimizer as it is. Thread-safe: other calls see
   * the old or the new weights, never a mix.
   *
   * <p>A path ending in {@code .weights.h5} reads a Keras 3 weights file ({@code model.save_weights} in Keras), matching
   * layers by class and position as Keras does; see {@code io.tfweave.saving.KerasWeightsH5}. A path ending in {@code .h5}
   * or {@code .hdf5} (not {@code .weights.h5}) reads a Keras 2 / tf_keras HDF5 file ({@code save_weights("w.h5")} or
   * {@code model.save("m.h5")}), matching the layers with weights in order, as Keras 2 does; see {@code
   * io.tfweave.saving.KerasLegacyH5}.
   */
  public void loadWeights(Path prefix) {
    if (isKerasWeightsFile(prefix) || isKeras2File(prefix)) {
      ModelPersistence.find().loadKerasWeights(this, prefix);
      return;
    }
    engine().restore(prefix);
  }

  private static boolean isKerasWeightsFile(Path p) {
    return p.getFileName() != null && p.getFileName().toString().endsWith(".weights.h5");
  }

  private static boolean isKeras2File(Path p) {
    String n = p.getFileName() == null ? "" : p.getFileName().toString();
    return n.endsWith(".h5") || n.endsWith(".hdf5");
  }

  /** The variable name of each weight in this model's graph and checkpoints ({@code layer/weight}). Thread-safe. */
  public String variableName(Weight w) {
    return engine().variableName(w);
  }

  // ------------------------------------------------------------------ SavedModel

  /**
   * Exports the inference graph as a SavedModel for TF Serving at {@code dir} (tag {@code serve}, signature
   * {@code serving_default}, {@code assets/model.json}); see {@code io.tfweave.saving.SavedModels}. Thread-safe: the weights
   * of one completed step are exported.
   */
  public Path export(Path dir) {
    if (!strategy.isChief()) return dir; // multi-worker: only the chief writes
    return ModelPersistence.find().export(self(), dir);
  }

  /**
   * Saves the model as a Keras 3 {@code .keras} file (Keras's {@code model.save("m.keras")}): architecture, weights and
   * metadata, which Python's {@code keras.saving.load_model} and {@link Model#load} read back; see {@code
   * io.tfweave.saving.KerasModelFile}. Returns the file. Thread-safe: the weights of one completed step are written.
   */
  public Path save(Path file) {
    if (!strategy.isChief()) return file;
    return ModelPersistence.find().saveKeras(self(), file);
  }

  /** Exports to {@code base/version} (TF Serving's versioned layout); returns that directory. Thread-safe, as {@link #export(Path)}. */
  public Path export(Path base, long version) {
    if (!strategy.isChief()) return base.resolve(Long.toString(version));
    return ModelPersistence.find().export(self(), base, version);
  }

  /** Exports to the next free version under {@code savedmodels/<name>/}; returns that directory. Thread-safe as {@link #export(Path)}. */
  public Path export() {
    return ModelPersistence.find().export(self());
  }

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
      onClose();
    }
    if (e != null) e.close();
  }

  /**
   * Low-level access to the model's live graph and session (exporters, benchmarks, hand-written training steps). Not
   * thread-safe: ops added or run through it take none of the model's locks, so use it while no other thread calls the model.
   */
  public ModelGraphAccess graphAccess() {
    return new ModelGraphAccess(engine());
  }

  /** The serialized graph. Thread-safe. */
  @Override
  public byte[] graphDef() {
    Engine e = engine();
    return e.shared(() -> e.graph.toGraphDef().toByteArray());
  }

  /** Called under the state lock when the model closes: subclasses drop what depends on the engine. */
  void onClose() {}

  /** Called under the state lock when the engine has been built. */
  void onEngine(Engine e) {}

  /** This network as the {@link Model} it is (the only subclass). */
  private Model self() {
    return (Model) this;
  }
}
