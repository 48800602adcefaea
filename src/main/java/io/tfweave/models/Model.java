package io.tfweave.models;

import io.tfweave.models.internal.TrainingRecords;
import io.tfweave.training.Compiled;
import io.tfweave.training.ModelView;
import io.tfweave.training.Trainer;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Node;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import io.tfweave.optimizers.Optimizer;
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
 */
public class Model extends Layer implements ModelView, AutoCloseable {
  private final List<SymbolicTensor> inputs;
  private final List<SymbolicTensor> outputs;
  private final List<Node> order;
  private final List<Layer> layers;
  private final boolean sequential;
  private long seed;
  private boolean seedFixed;
  private UnaryOperator<ConfigProto> sessionConfig = UnaryOperator.identity();
  private Engine engine;
  private Trainer trainer;
  private Compiled compiled;
  private int epochsTrained;
  private Map<String, Double> lastMetrics = Map.of();

  Model(String name, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, boolean sequential) {
    if (inputs.isEmpty() || outputs.isEmpty()) throw new IllegalArgumentException("A model needs at least one input and output");
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.sequential = sequential;
    this.order = topologicalOrder(inputs, outputs);
    Set<Layer> seen = new LinkedHashSet<>();
    if (!sequential) for (SymbolicTensor t : inputs) seen.add(t.layer());
    for (Node n : order) seen.add(n.layer());
    this.layers = List.copyOf(seen);
    assignNames();
    named(name != null ? name : sequential ? "sequential" : "functional");
    this.seed = new SecureRandom().nextLong() & 0xffffffffL;
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

  private static List<Node> topologicalOrder(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
    Set<Node> inputNodes = new HashSet<>();
    for (SymbolicTensor t : inputs) inputNodes.add(t.node());
    List<Node> order = new ArrayList<>();
    Set<Node> done = new HashSet<>();
    Set<Node> visiting = new HashSet<>();
    for (SymbolicTensor t : outputs) visit(t.node(), inputNodes, done, visiting, order);
    return order;
  }

  private static void visit(Node n, Set<Node> inputNodes, Set<Node> done, Set<Node> visiting, List<Node> order) {
    if (done.contains(n) || inputNodes.contains(n)) return;
    if (n.inputs().isEmpty()) {
      throw new IllegalArgumentException("Graph disconnected: cannot obtain a value for input '" + n.layer().name()
          + "'; pass it in the model's inputs");
    }
    if (!visiting.add(n)) throw new IllegalArgumentException("The layer graph has a cycle at '" + n.layer().name() + "'");
    for (SymbolicTensor t : n.inputs()) visit(t.node(), inputNodes, done, visiting, order);
    visiting.remove(n);
    done.add(n);
    order.add(n);
  }

  private void assignNames() {
    LayerNames names = new LayerNames();
    for (Layer l : layers) {
      if (l.name() != null && !names.reserve(l.name())) {
        throw new IllegalArgumentException("Layer names must be unique within a model; '" + l.name() + "' is used twice");
      }
    }
    for (Layer l : layers) names.nameIfUnnamed(l);
  }

  // ------------------------------------------------------------------ structure

  @Override
  public Model named(String name) {
    super.named(name);
    return this;
  }

  /** Fixes the seed of initializers, dropout and shuffling (default: random, recorded). Call before first use. */
  public Model seed(long s) {
    if (engine != null) throw new IllegalStateException("Model '" + name() + "' already built its graph; set the seed before use");
    this.seed = s;
    this.seedFixed = true;
    return this;
  }

  /**
   * Adjusts the TensorFlow session options before first use, e.g. XLA JIT or Grappler settings:
   * {@code m.sessionConfig(c -> c.toBuilder().setGraphOptions(...).build())}. The default uses all cores.
   */
  public Model sessionConfig(UnaryOperator<ConfigProto> edit) {
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

  /** True when the seed was set explicitly. */
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
  List<Operand<?>> forward(Ops tf, List<Operand<?>> x, CallMode mode) {
    Map<SymbolicTensor, Operand<?>> values = new IdentityHashMap<>();
    for (int i = 0; i < inputs.size(); i++) values.put(inputs.get(i), x.get(i));
    for (Node n : order) {
      List<Operand<?>> in = new ArrayList<>();
      for (SymbolicTensor t : n.inputs()) in.add(values.get(t));
      List<Operand<?>> out = n.layer().invoke(tf, in, mode);
      for (int i = 0; i < out.size(); i++) values.put(n.outputs().get(i), out.get(i));
    }
    List<Operand<?>> result = new ArrayList<>();
    for (SymbolicTensor t : outputs) result.add(values.get(t));
    return result;
  }

  // ------------------------------------------------------------------ summary

  /** Keras's summary table: layer (type), output shape, parameter count, and totals. */
  public String summary() { return Summary.of(this); }

  /** Prints {@link #summary()}. */
  public void printSummary() { System.out.print(summary()); }

  // ------------------------------------------------------------------ training

  Engine engine() {
    if (engine == null || !engine.isOpen()) engine = new Engine(this);
    return engine;
  }

  /**
   * Configures training. Trainability changes (setTrainable) take effect here: the training graph is rebuilt over the weights
   * trainable now, with a fresh optimizer state.
   */
  public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
    if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
    if (loss == null) throw new IllegalArgumentException("loss must not be null");
    if (outputs.size() != 1) {
      throw new IllegalArgumentException("compile supports single-output models; model '" + name() + "' has " + outputs.size());
    }
    this.compiled = new Compiled(optimizer, loss, List.of(metrics));
    this.trainer = null;
  }

  /** The compiled optimizer, or null before {@link #compile}. */
  public Optimizer optimizer() { return compiled == null ? null : compiled.optimizer(); }

  /** The compiled loss, or null. */
  public Loss loss() { return compiled == null ? null : compiled.loss(); }

  private Trainer trainer(String call) {
    if (compiled == null) {
      throw new IllegalStateException(call + "() called before compile(); call model.compile(optimizer, loss, metrics...) first");
    }
    if (trainer == null) trainer = new Trainer(engine(), compiled);
    return trainer;
  }

  /** Trains on {@code data}. */
  public History fit(Dataset data, FitOptions options) {
    History h = trainer("fit").fit(data, options);
    epochsTrained += h.size();
    if (h.size() > 0) {
      Map<String, Double> last = new java.util.LinkedHashMap<>();
      h.asMap().forEach((k, v) -> last.put(k, v.get(v.size() - 1)));
      lastMetrics = java.util.Collections.unmodifiableMap(last);
    }
    return h;
  }

  /** Epochs completed by {@code fit} over the model's life (a model from {@link #load} continues the saved count). */
  public int epochsTrained() { return epochsTrained; }

  /** The logs of the last epoch {@code fit} completed (Keras's keys: loss, accuracy, val_loss, ...); empty before training. */
  public Map<String, Double> lastMetrics() { return lastMetrics; }

  static {
    TrainingRecords.install((m, r) -> m.restoreTrainingRecord(r.epochs(), r.metrics()));
  }

  private void restoreTrainingRecord(int epochs, Map<String, Double> metrics) {
    if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0. Received: epochs=" + epochs);
    this.epochsTrained = epochs;
    this.lastMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }

  /** Trains on arrays {@code x} (samples first) and targets {@code y}. */
  public History fit(NdArray<?> x, NdArray<?> y, FitOptions options) { return fit(Dataset.of(x, y), options); }

  /** Loss and metrics on {@code data}, batch size 32. */
  public Map<String, Double> evaluate(Dataset data) { return evaluate(data, FitOptions.BATCH_SIZE_DEFAULT); }

  /** Loss and metrics on {@code data}. */
  public Map<String, Double> evaluate(Dataset data, int batchSize) { return trainer("evaluate").evaluate(data, batchSize); }

  /** Loss and metrics on arrays. */
  public Map<String, Double> evaluate(NdArray<?> x, NdArray<?> y) { return evaluate(Dataset.of(x, y)); }

  /** Outputs for {@code x} (first output), in batches of 32. */
  public FloatNdArray predict(NdArray<?> x) { return predictAll(Dataset.ofInputs(x), FitOptions.BATCH_SIZE_DEFAULT).get(0); }

  /** Outputs for the inputs of {@code data} (first output). */
  public FloatNdArray predict(Dataset data) { return predictAll(data, FitOptions.BATCH_SIZE_DEFAULT).get(0); }

  /** All outputs for the inputs of {@code data}. */
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

  /** Predicts on raw host arrays (one per input) without copying them into ndarrays. */
  public List<HostArray> predictArrays(List<HostArray> xs, int batchSize) { return engine().predict(xs, batchSize); }

  // ------------------------------------------------------------------ weights

  /** Copies of all weights, in {@link #weights()} order. */
  public List<FloatNdArray> getWeights() {
    Engine e = engine();
    e.sync();
    List<Weight> ws = e.weights();
    List<float[]> values = e.readAll(ws);
    List<FloatNdArray> out = new ArrayList<>();
    for (int i = 0; i < ws.size(); i++) out.add(NdArrays.wrap(ws.get(i).shape(), DataBuffers.of(values.get(i), false, false)));
    return out;
  }

  /** Sets all weights (same order and shapes as {@link #getWeights()}). */
  public void setWeights(List<? extends NdArray<Float>> values) {
    Engine e = engine();
    e.sync();
    List<Weight> ws = e.weights();
    if (values.size() != ws.size()) {
      throw new IllegalArgumentException("Model '" + name() + "' has " + ws.size() + " weights, received " + values.size());
    }
    List<float[]> raw = new ArrayList<>();
    for (int i = 0; i < ws.size(); i++) {
      NdArray<Float> v = values.get(i);
      if (!v.shape().equals(ws.get(i).shape())) {
        throw new IllegalArgumentException("Weight '" + ws.get(i).path() + "' has shape " + ws.get(i).shape()
            + ", received " + v.shape());
      }
      float[] f = new float[(int) v.shape().size()];
      v.copyTo(DataBuffers.of(f, false, false));
      raw.add(f);
    }
    e.assign(ws, raw);
  }

  /** Reads the current value of one weight. */
  public float[] weightValue(Weight w) {
    Engine e = engine();
    e.sync();
    return e.read(w);
  }

  /** Writes all weights to a TensorFlow checkpoint ({@code prefix.index} + {@code prefix.data-00000-of-00001}). */
  public void saveWeights(Path prefix) { engine().save(prefix); }

  /** Restores weights saved by {@link #saveWeights}. */
  public void loadWeights(Path prefix) { engine().restore(prefix); }

  /** The variable name of each weight in this model's graph and checkpoints ({@code layer/weight}). */
  public String variableName(Weight w) { return engine().variableName(w); }

  // ------------------------------------------------------------------ SavedModel

  /**
   * Exports the inference graph as a SavedModel for TF Serving at {@code dir} (tag {@code serve}, signature
   * {@code serving_default}, {@code assets/model.json}); see {@code io.tfweave.saving.SavedModels}.
   */
  public Path export(Path dir) { return ModelPersistence.find().export(this, dir); }

  /** Exports to {@code base/version} (TF Serving's versioned layout); returns that directory. */
  public Path export(Path base, long version) { return ModelPersistence.find().export(this, base, version); }

  /** Exports to the next free version under {@code savedmodels/<name>/}; returns that directory. */
  public Path export() { return ModelPersistence.find().export(this); }

  /** Loads a model exported by {@link #export} (Keras's {@code keras.saving.load_model}); ready to compile and train. */
  public static Model load(Path dir) { return ModelPersistence.find().load(dir); }

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
  public Map<String, Double> evaluate(Pipeline data) { return trainer("evaluate").evaluate(data, -1); }

  /** Loss and metrics over the first {@code steps} batches of {@code data} (Keras's {@code evaluate(steps=...)}). */
  public Map<String, Double> evaluate(Pipeline data, int steps) {
    if (steps <= 0) throw new IllegalArgumentException("steps must be a positive integer. Received: steps=" + steps);
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

  /** Frees the native graph and session; weights keep their values for reuse in other models. */
  @Override
  public void close() {
    if (engine != null) engine.close();
    engine = null;
    trainer = null;
  }

  /** Low-level access to the model's live graph and session (exporters, benchmarks, hand-written training steps). */
  public ModelGraphAccess graphAccess() { return new ModelGraphAccess(engine()); }

  @Override
  public byte[] graphDef() { return engine().graph.toGraphDef().toByteArray(); }
}
