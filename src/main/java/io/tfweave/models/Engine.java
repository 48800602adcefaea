package io.tfweave.models;

import io.tfweave.data.HostArray;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightStore;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.training.ModelGraph;
import io.tfweave.training.ModelView;
import io.tfweave.training.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * One model's TensorFlow graph and session: a variable per weight (named {@code layer/weight}), the inference sub-graph fed
 * by placeholders, and save/restore ops over exactly the model's weights. Training sub-graphs are added by {@link Trainer}.
 */
final class Engine implements WeightStore, ModelGraph, AutoCloseable {
  final Model model;
  final Graph graph;
  final Session session;
  final Ops tf;
  private final Map<Weight, Variable<TFloat32>> vars = new LinkedHashMap<>();
  private final Map<Weight, String> varNames = new IdentityHashMap<>();
  private final Map<Weight, Placeholder<TFloat32>> feeds = new IdentityHashMap<>();
  private final Map<Weight, Op> assigns = new IdentityHashMap<>();
  final List<Placeholder<? extends TType>> inputs = new ArrayList<>();
  final List<Operand<TFloat32>> outputs = new ArrayList<>();
  private final CheckpointOps checkpoints;
  private final EngineLock lock;

  Engine(Model model) {
    this.model = model;
    this.lock = new EngineLock(model.name());
    this.graph = new Graph();
    int cores = Runtime.getRuntime().availableProcessors();
    ConfigProto cfg = model
        .sessionConfig()
        .apply(ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(cores)
            .setInterOpParallelismThreads(2)
            .build());
    this.session = model.strategy().session(graph, cfg);
    this.tf = Ops.create(graph);
    Set<String> used = new HashSet<>();
    Ops init = tf.withSubScope("tfweave_assign");
    for (Weight w : model.weights()) {
      if (w.size() > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "Weight '" + w.path() + "' of shape " + w.shape() + " has " + w.size()
                + " values, more than one Java array holds (" + (Integer.MAX_VALUE - 8)
                + "). Use fewer units or filters, or split "
                + "the layer.");
      }
      String path = w.path();
      if (!used.add(path)) {
        path = model.name() + "/" + path;
        used.add(path);
      }
      String[] parts = path.split("/");
      Ops s = tf;
      for (int i = 0; i < parts.length - 1; i++) s = s.withSubScope(parts[i]);
      Variable<TFloat32> v =
          s.withName(parts[parts.length - 1]).variable(w.shape(), TFloat32.class);
      vars.put(w, v);
      varNames.put(w, path);
      Placeholder<TFloat32> p = init.placeholder(TFloat32.class, Placeholder.shape(w.shape()));
      feeds.put(w, p);
      assigns.put(w, init.assign(v, p));
    }
    buildInference();
    checkpoints = new CheckpointOps(tf, vars, varNames, this::run, session);
  }

  private void buildInference() {
    List<Operand<?>> in = new ArrayList<>();
    for (SymbolicTensor t : model.inputs()) {
      Class<? extends TType> type = t.dtype().feedType();
      Placeholder<? extends TType> p =
          tf.withName(t.layer().name()).placeholder(type, Placeholder.shape(t.shape()));
      inputs.add(p);
      in.add(p);
    }
    try (CallContext ctx = context(tf, CallMode.INFERENCE)) {
      List<Operand<?>> out = model.forward(ctx.tf(), in, ctx.mode());
      for (int i = 0; i < out.size(); i++) {
        outputs.add(tf.withName("output_" + i).identity(Trainer.asFloat(tf, out.get(i))));
      }
    }
  }

  /** A call context that resolves weights to this engine's variables. */
  @Override
  public CallContext context(Ops ops, CallMode mode) {
    return CallContext.open(
        ops,
        mode,
        w -> {
          Variable<TFloat32> v = vars.get(w);
          if (v == null)
            throw new IllegalStateException(
                "Weight " + w.path() + " does not belong to model '" + model.name() + "'");
          return v;
        },
        model.seed());
  }

  @Override
  public Variable<TFloat32> variable(Weight w) {
    return vars.get(w);
  }

  @Override
  public String variableName(Weight w) {
    return varNames.get(w);
  }

  /**
   * Brings every weight's latest value into this session (initialising new weights, copying shared ones). Values held by
   * another model are read before this model's lock is taken, so two models sharing layers never wait on each other.
   */
  @Override
  public void sync() {
    checkOpen();
    List<Weight> stale = new ArrayList<>();
    for (Weight w : vars.keySet()) if (w.owner() != this) stale.add(w);
    if (stale.isEmpty()) return;
    List<float[]> values = new ArrayList<>();
    for (Weight w : stale) values.add(latestValue(w));
    lock.exclusive(() -> {
      List<Weight> still = new ArrayList<>();
      List<float[]> stillValues = new ArrayList<>();
      for (int i = 0; i < stale.size(); i++) {
        if (stale.get(i).owner() == this) continue; // another thread synced it meanwhile
        still.add(stale.get(i));
        stillValues.add(values.get(i));
      }
      assign(still, stillValues);
      return null;
    });
  }

  /** The latest value of a weight this session does not hold: its holder's, its pending value, or its initializer's. */
  private float[] latestValue(Weight w) {
    io.tfweave.graph.WeightStore owner = w.owner();
    if (owner != null && owner != this && owner.isOpen()) {
      try {
        return owner.read(w);
      } catch (IllegalStateException closedMeanwhile) {
        // the holder closed after isOpen(): close() handed its values back as pending values first
      }
    }
    float[] pending = w.pending();
    if (pending != null) return pending;
    return w.initializer()
        .generate(
            w.shape(),
            new SplittableRandom(model.seed() * 0x9E3779B97F4A7C15L + w.path().hashCode()));
  }

  /** Writes values into variables. */
  @Override
  public void assign(List<Weight> weights, List<float[]> values) {
    if (weights.isEmpty()) return;
    lock.exclusive(() -> {
      assignLocked(weights, values);
      return null;
    });
  }

  private void assignLocked(List<Weight> weights, List<float[]> values) {
    List<Tensor> tensors = new ArrayList<>();
    try {
      Session.Runner r = session.runner();
      for (int i = 0; i < weights.size(); i++) {
        Weight w = weights.get(i);
        float[] v = values.get(i);
        if (v.length != w.size()) {
          throw new IllegalArgumentException("Weight '" + w.path() + "' has shape " + w.shape()
              + " (" + w.size() + " values), but received " + v.length + " values");
        }
        Tensor t = TFloat32.tensorOf(w.shape(), DataBuffers.of(v, true, false));
        tensors.add(t);
        r.feed(feeds.get(w), t);
        r.addTarget(assigns.get(w));
      }
      r.run().close();
      for (Weight w : weights) w.setOwner(this);
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  @Override
  public float[] read(Weight w) {
    return readAll(List.of(w)).get(0);
  }

  /** Reads the values of {@code weights} in one run. */
  @Override
  public List<float[]> readAll(List<Weight> weights) {
    return lock.shared(() -> readAllLocked(weights));
  }

  private List<float[]> readAllLocked(List<Weight> weights) {
    if (weights.isEmpty()) return new ArrayList<>();
    Session.Runner r = session.runner();
    for (Weight w : weights) r.fetch(vars.get(w));
    List<float[]> out = new ArrayList<>();
    try (Result res = r.run()) {
      for (int i = 0; i < weights.size(); i++) {
        TFloat32 t = (TFloat32) res.get(i);
        float[] v = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(v, false, false));
        out.add(v);
      }
    }
    return out;
  }

  /** Runs the inference graph on {@code xs} in batches, all under one shared lock; returns one array per model output. */
  List<HostArray> predict(List<HostArray> xs, int batchSize) {
    sync();
    return lock.shared(() -> Prediction.run(this, xs, batchSize));
  }

  /** Runs {@code r}, renaming native errors after the layer whose op failed (see {@link NativeErrors}). */
  @Override
  public Result run(Session.Runner r) {
    try {
      return r.run();
    } catch (RuntimeException e) {
      throw NativeErrors.rename(model, graph, e);
    }
  }

  /** Saves all weights crash-safely under {@code prefix}, keeping only the newest checkpoint (see {@link #save(Path, int)}). */
  @Override
  public void save(Path prefix) {
    save(prefix, io.tfweave.internal.CheckpointFiles.MAX_TO_KEEP_DEFAULT);
  }

  /**
   * Saves all weights under {@code prefix} as a fresh checkpoint {@code prefix-<n>} made current by an atomic rename of
   * {@code prefix.checkpoint}, keeping the newest {@code maxToKeep}; returns the prefix written.
   */
  @Override
  public Path save(Path prefix, int maxToKeep) {
    sync();
    return lock.exclusive(() -> checkpoints.save(prefix, maxToKeep));
  }

  /** Restores all weights from a checkpoint written by {@link #save}; fails naming missing weights. */
  @Override
  public void restore(Path prefix) {
    lock.exclusive(() -> {
      checkpoints.restore(prefix, feeds, assigns);
      for (Weight w : vars.keySet()) w.setOwner(this);
      return null;
    });
  }

  @Override
  public List<Weight> weights() {
    return new ArrayList<>(vars.keySet());
  }

  private final Map<Variable<TFloat32>, Placeholder<TFloat32>> scalarFeeds =
      new IdentityHashMap<>();
  private final Map<Variable<TFloat32>, Op> scalarAssigns = new IdentityHashMap<>();

  /** Sets a scalar float variable (e.g. the learning rate). */
  @Override
  public void setScalar(Variable<TFloat32> v, float value) {
    lock.exclusive(() -> {
      setScalarLocked(v, value);
      return null;
    });
  }

  private void setScalarLocked(Variable<TFloat32> v, float value) {
    if (!scalarFeeds.containsKey(v)) {
      Ops s = tf.withSubScope("tfweave_set");
      Placeholder<TFloat32> p = s.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      scalarFeeds.put(v, p);
      scalarAssigns.put(v, s.assign(v, p));
    }
    try (TFloat32 t = TFloat32.scalarOf(value)) {
      run(session.runner().feed(scalarFeeds.get(v), t).addTarget(scalarAssigns.get(v)))
          .close();
    }
  }

  private void checkOpen() {
    lock.checkOpen();
  }

  /**
   * Runs {@code body} holding this model's lock alone (training steps, graph extension), then initialises any variables the
   * body added, so that no other call ever sees them uninitialised; throws when the model is closed.
   */
  @Override
  public <T> T exclusive(Supplier<T> body) {
    return lock.exclusive(() -> {
      T result = body.get();
      session.initialize();
      return result;
    });
  }

  /** Tells where the current optimizer's variables are, for checkpoints (see {@link OptimizerState}). */
  void optimizerScope(Supplier<String> scope) {
    checkpoints.optimizer.scope(scope);
  }

  /** Restores optimizer state that {@code loadWeights} read before the training graph existed. */
  @Override
  public void restorePendingState() {
    lock.exclusive(() -> {
      checkpoints.optimizer.applyPending();
      return null;
    });
  }

  /** Runs {@code body} sharing this model's lock with other readers; throws when the model is closed. */
  <T> T shared(Supplier<T> body) {
    return lock.shared(body);
  }

  @Override
  public boolean isOpen() {
    return lock.isOpen();
  }

  /** Waits for calls in flight, hands the latest values back to the weights, and frees the session; final. */
  @Override
  public void close() {
    lock.close(() -> {
      // Hand the latest values back to the weights so the layers stay usable elsewhere.
      List<Weight> owned = new ArrayList<>();
      for (Weight w : vars.keySet()) if (w.owner() == this) owned.add(w);
      try {
        if (!owned.isEmpty()) {
          List<float[]> values = readAllLocked(owned);
          for (int i = 0; i < owned.size(); i++) owned.get(i).setPending(values.get(i));
        }
      } finally {
        session.close();
        graph.close();
      }
    });
  }

  @Override
  public ModelView view() {
    return model;
  }

  @Override
  public long seed() {
    return model.seed();
  }

  @Override
  public List<SymbolicTensor> inputs() {
    return model.inputs();
  }

  @Override
  public List<SymbolicTensor> outputs() {
    return model.outputs();
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public List<Operand<?>> forward(Ops ops, List<Operand<?>> xs, CallMode mode) {
    return model.forward(ops, xs, mode);
  }

  @Override
  public io.tfweave.training.Replicas replicas() {
    return model.strategy();
  }

  @Override
  public List<Operand<?>> forward(
      Ops ops, List<Operand<?>> xs, CallMode mode, List<String> layerOutputs) {
    return model.forwardWith(ops, xs, mode, layerOutputs);
  }

  @Override
  public List<Weight> trainableWeights() {
    return model.trainableWeights();
  }
}
