package io.tfweave.models;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.losses.Loss;
import io.tfweave.metrics.Metric;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.shape.Shapes;
import io.tfweave.training.Callback;
import io.tfweave.training.FitOptions;
import io.tfweave.training.History;
import io.tfweave.training.TrainingControl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Runs {@code fit} and {@code evaluate} for one compiled model: data checks, the epoch loop, callbacks and progress. */
final class Trainer {
  /** What {@code compile} recorded. */
  record Compiled(Optimizer optimizer, Loss loss, List<Metric> metrics) {}

  private final Engine engine;
  private final Compiled compiled;
  private StepGraph train;
  private StepGraph eval;

  Trainer(Engine engine, Compiled compiled) {
    this.engine = engine;
    this.compiled = compiled;
  }

  Compiled compiled() { return compiled; }

  StepGraph trainGraph() { return train; }

  static Operand<TFloat32> asFloat(Ops tf, Operand<?> o) {
    return o.type() == TFloat32.class ? o.asOutput().expect(TFloat32.class) : tf.dtypes.cast(o, TFloat32.class);
  }

  // ------------------------------------------------------------------ data checks

  /** Validates {@code data} against the model's inputs and output, converting dtypes; {@code what} names it in errors. */
  Dataset prepare(Dataset data, String what, boolean needTargets) {
    Model m = engine.model;
    if (data == null || data.size() == 0) throw new IllegalArgumentException(what + " is empty: at least one sample is needed");
    if (data.inputs().size() != m.inputs().size()) {
      throw new IllegalArgumentException("Model '" + m.name() + "' has " + m.inputs().size() + " input(s), but " + what
          + " provides " + data.inputs().size() + " array(s)");
    }
    List<HostArray> xs = new ArrayList<>();
    for (int i = 0; i < data.inputs().size(); i++) {
      SymbolicTensor in = m.inputs().get(i);
      HostArray a = data.inputs().get(i);
      Shape want = Shapes.perSample(in.shape());
      Shape got = a.sampleShape();
      boolean ok = want.numDimensions() == got.numDimensions();
      for (int d = 0; ok && d < want.numDimensions(); d++) ok = want.get(d) < 0 || want.get(d) == got.get(d);
      if (!ok) {
        throw new IllegalArgumentException("Input '" + in.layer().name() + "' of model '" + m.name()
            + "' expects samples of shape " + Shapes.keras(in.shape()) + ", but " + what + " has shape "
            + Shapes.keras(a.shape()).replaceFirst("\\(\\d+", "(None"));
      }
      xs.add(in.dtype() == DType.FLOAT32 ? a.asFloat() : a.asInt(what + " for integer input '" + in.layer().name() + "'"));
    }
    HostArray y = data.targets();
    if (needTargets) {
      if (y == null) throw new IllegalArgumentException(what + " has no targets (y); fit and evaluate need them");
      y = y.asFloat();
      checkTargets(y, what);
    }
    return Dataset.ofArrays(xs, y);
  }

  private void checkTargets(HostArray y, String what) {
    Model m = engine.model;
    Shape out = m.outputs().get(0).shape();
    Shape outSample = Shapes.perSample(out);
    Shape ySample = y.sampleShape();
    String outName = m.outputs().get(0).layer().name();
    if (compiled.loss().kind() == Loss.Kind.SPARSE_CATEGORICAL) {
      if (ySample.size() != 1) {
        throw new IllegalArgumentException("sparse_categorical_crossentropy expects one integer label per sample, but " + what
            + " targets have shape " + y.shape());
      }
      long classes = Shapes.last(out);
      float[] v = y.floats();
      for (int i = 0; i < v.length; i++) {
        if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= classes) {
          throw new IllegalArgumentException("Label " + v[i] + " at index " + i + " of " + what + " is out of range: "
              + "sparse_categorical_crossentropy needs integer labels in [0, " + classes + ") for output '" + outName
              + "' of shape " + Shapes.keras(out));
        }
      }
      return;
    }
    boolean same = ySample.equals(outSample)
        || (outSample.numDimensions() == ySample.numDimensions() + 1 && Shapes.last(outSample) == 1
            && Arrays.equals(Arrays.copyOf(outSample.asArray(), ySample.numDimensions()), ySample.asArray()));
    if (!same) {
      throw new IllegalArgumentException("Targets of " + what + " have samples of shape " + Shapes.keras(Shapes.batched(ySample))
          + ", but output '" + outName + "' has shape " + Shapes.keras(out)
          + (Shapes.last(out) > 1 && ySample.size() == 1 ? ". Hint: use sparse_categorical_crossentropy for integer labels." : ""));
    }
  }

  private StepGraph graph(boolean training, Shape targetSample) {
    StepGraph g = training ? train : eval;
    if (g == null || !g.targetShape.equals(targetSample)) {
      g = new StepGraph(engine, compiled, targetSample, training);
      if (training) train = g;
      else eval = g;
    }
    return g;
  }

  // ------------------------------------------------------------------ fit

  History fit(Dataset data, FitOptions o) {
    engine.sync();
    Dataset[] prepared = prepareForFit(data, o);
    Dataset trainData = prepared[0];
    Dataset valData = prepared[1];
    if (o.checkFinite()) {
      checkFinite(trainData, "x");
      if (valData != null) checkFinite(valData, "validation data");
    }
    StepGraph g = graph(true, trainData.targets().sampleShape());
    StepGraph v = valData == null ? null : graph(false, valData.targets().sampleShape());
    Session s = engine.session;
    g.slot.load(s, trainData);
    if (v != null) v.slot.load(s, valData);

    int n = trainData.size();
    int bs = o.batchSize();
    int steps = (n + bs - 1) / bs;
    Set<String> keys = new LinkedHashSet<>(g.names);
    if (v != null) for (String k : g.names) keys.add("val_" + k);
    Control control = new Control(o.epochs(), steps, keys, g);
    List<Callback> callbacks = o.callbacks();
    boolean batchLogs = callbacks.stream().anyMatch(Callback::wantsBatchLogs);
    Progress progress = new Progress(o.verbose(), steps);
    History history = new History();
    callbacks.forEach(c -> c.onTrainBegin(control));
    Random shuffler = new Random(o.seed() != null ? o.seed() : engine.model.seed());
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Map<String, Double> logs = Map.of();
    // A single full batch gives the same mean gradient in any order, and without shuffling the batches never change:
    // then the index tensors are made once per fit instead of once per step.
    boolean shuffleEpochs = o.shuffle() && steps > 1;
    TInt32[] fixedBatches = shuffleEpochs ? null : new TInt32[steps];
    if (fixedBatches != null) {
      for (int b = 0; b < steps; b++) fixedBatches[b] = indexTensor(Arrays.copyOfRange(order, b * bs, Math.min(n, b * bs + bs)));
    }
    // An epoch of one fixed batch of every sample: feed the whole data set once-made tensors, skipping the in-graph gather.
    List<Tensor> whole = steps == 1 && fixedBatches != null ? wholeBatch(trainData) : null;
    try {
      for (int epoch = 0; epoch < o.epochs() && !control.stopRequested(); epoch++) {
        final int ep = epoch;
        callbacks.forEach(c -> c.onEpochBegin(ep));
        progress.epochBegin(epoch, o.epochs());
        if (shuffleEpochs) shuffle(order, shuffler);
        Map<String, Double> running = null;
        for (int b = 0; b < steps; b++) {
          final int batch = b;
          if (batchLogs) callbacks.forEach(c -> c.onTrainBatchBegin(batch));
          int from = b * bs;
          int to = Math.min(n, from + bs);
          boolean fetch = batchLogs || b == steps - 1 || progress.wantsUpdate(b);
          if (fixedBatches != null) {
            running = step(g, b == 0, steps == 1, fixedBatches[b], whole, fetch);
          } else {
            try (TInt32 idx = indexTensor(Arrays.copyOfRange(order, from, to))) {
              running = step(g, b == 0, false, idx, null, fetch);
            }
          }
          if (fetch) {
            progress.batch(b, running);
            final Map<String, Double> batchResult = running;
            if (batchLogs) callbacks.forEach(c -> c.onTrainBatchEnd(batch, batchResult));
          }
          if (control.stopRequested()) {
            if (!fetch) running = read(g);
            break;
          }
        }
        logs = new LinkedHashMap<>(running);
        if (v != null) {
          Map<String, Double> val = evaluateLoaded(v, valData.size(), bs, callbacks);
          for (Map.Entry<String, Double> e : val.entrySet()) logs.put("val_" + e.getKey(), e.getValue());
        }
        progress.epochEnd(logs);
        final Map<String, Double> epochLogs = logs;
        callbacks.forEach(c -> c.onEpochEnd(ep, epochLogs));
        history.append(epoch, epochLogs);
      }
    } finally {
      if (fixedBatches != null) for (TInt32 t : fixedBatches) t.close();
      if (whole != null) whole.forEach(Tensor::close);
      final Map<String, Double> last = logs;
      callbacks.forEach(c -> c.onTrainEnd(last));
    }
    return history;
  }

  private Dataset cacheRaw;
  private Dataset cacheRawVal;
  private double cacheSplit;
  private Dataset[] cachePrepared;

  /** Splits and validates fit data; repeated fits on the same datasets reuse the result (and the graph's copy of it). */
  private Dataset[] prepareForFit(Dataset data, FitOptions o) {
    if (data == cacheRaw && o.validationData() == cacheRawVal && o.validationSplit() == cacheSplit) return cachePrepared;
    Dataset trainData = data;
    Dataset valData = o.validationData();
    if (valData == null && o.validationSplit() > 0) {
      if (data == null || data.size() == 0) throw new IllegalArgumentException("x is empty: at least one sample is needed");
      int cut = (int) Math.floor(data.size() * (1.0 - o.validationSplit()));
      if (cut <= 0 || cut >= data.size()) {
        throw new IllegalArgumentException("validationSplit=" + o.validationSplit() + " leaves no training or no validation "
            + "samples out of " + data.size());
      }
      trainData = data.range(0, cut);
      valData = data.range(cut, data.size());
    }
    trainData = prepare(trainData, "x", true);
    if (valData != null) valData = prepare(valData, "validation data", true);
    cacheRaw = data;
    cacheRawVal = o.validationData();
    cacheSplit = o.validationSplit();
    cachePrepared = new Dataset[] {trainData, valData};
    return cachePrepared;
  }

  private static void shuffle(int[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static void checkFinite(Dataset d, String what) {
    for (int i = 0; i < d.inputs().size(); i++) {
      long bad = d.inputs().get(i).firstNonFinite();
      if (bad >= 0) {
        throw new IllegalArgumentException(what + " input " + i + " holds a non-finite value ("
            + d.inputs().get(i).getDouble(bad) + ") at flat index " + bad);
      }
    }
    long bad = d.targets().firstNonFinite();
    if (bad >= 0) throw new IllegalArgumentException(what + " targets hold a non-finite value at flat index " + bad);
  }

  /**
   * Runs one step on the samples {@code idx}; returns the running metric values when {@code fetch}, else null. A step that
   * is the only one of its epoch ({@code only}) skips the accumulators and reports the batch's own values.
   */
  private Map<String, Double> step(StepGraph g, boolean first, boolean only, TInt32 idx, List<Tensor> whole, boolean fetch) {
    Op target = only ? g.onlyStep : first ? g.firstStep : g.step;
    Session.Runner r = engine.session.runner().addTarget(target);
    if (whole == null) {
      r.feed(g.indices, idx);
    } else {
      for (int i = 0; i < g.wholeBatchInputs.size(); i++) r.feed(g.wholeBatchInputs.get(i), whole.get(i));
      r.feed(g.wholeBatchTargets, whole.get(whole.size() - 1));
    }
    if (!fetch) {
      engine.run(r).close();
      return null;
    }
    for (Operand<TFloat32> o : only ? g.resultsOfBatch : first ? g.resultsAfterFirstStep : g.resultsAfterStep) r.fetch(o);
    Map<String, Double> out = new LinkedHashMap<>();
    try (Result res = engine.run(r)) {
      for (int i = 0; i < g.names.size(); i++) out.put(g.names.get(i), (double) ((TFloat32) res.get(i)).getFloat());
    }
    return out;
  }

  /** Tensors of all inputs then the targets (close them). */
  private static List<Tensor> wholeBatch(Dataset d) {
    List<Tensor> out = new ArrayList<>();
    for (HostArray a : d.inputs()) out.add(a.toTensor());
    out.add(d.targets().asFloat().toTensor());
    return out;
  }

  private static TInt32 indexTensor(int[] idx) { return TInt32.tensorOf(Shape.of(idx.length), DataBuffers.of(idx, true, false)); }

  private Map<String, Double> read(StepGraph g) {
    Session.Runner r = engine.session.runner();
    for (Operand<TFloat32> o : g.results) r.fetch(o);
    Map<String, Double> out = new LinkedHashMap<>();
    try (Result res = engine.run(r)) {
      for (int i = 0; i < g.names.size(); i++) out.put(g.names.get(i), (double) ((TFloat32) res.get(i)).getFloat());
    }
    return out;
  }

  // ------------------------------------------------------------------ evaluate

  Map<String, Double> evaluate(Dataset data, int batchSize) {
    if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be a positive integer. Received: batchSize=" + batchSize);
    engine.sync();
    Dataset d = prepare(data, "evaluation data", true);
    StepGraph v = graph(false, d.targets().sampleShape());
    v.slot.load(engine.session, d);
    Map<String, Double> r = evaluateLoaded(v, d.size(), batchSize, List.of());
    v.slot.release(engine.session);
    return r;
  }

  private Map<String, Double> evaluateLoaded(StepGraph v, int n, int bs, List<Callback> callbacks) {
    callbacks.forEach(Callback::onTestBegin);
    Map<String, Double> r = null;
    for (int from = 0; from < n; from += bs) {
      int to = Math.min(n, from + bs);
      int[] idx = new int[to - from];
      for (int i = 0; i < idx.length; i++) idx[i] = from + i;
      try (TInt32 t = indexTensor(idx)) {
        r = step(v, from == 0, from == 0 && to == n, t, null, to == n);
      }
    }
    final Map<String, Double> result = r;
    callbacks.forEach(c -> c.onTestEnd(result));
    return result;
  }

  /** Drops the in-graph copies of the training data. */
  void releaseData() {
    if (train != null) train.slot.release(engine.session);
    if (eval != null) eval.slot.release(engine.session);
  }

  // ------------------------------------------------------------------ control

  private final class Control implements TrainingControl {
    private final int epochs;
    private final int steps;
    private final Set<String> keys;
    private final StepGraph graph;
    private boolean stop;

    Control(int epochs, int steps, Set<String> keys, StepGraph graph) {
      this.epochs = epochs;
      this.steps = steps;
      this.keys = keys;
      this.graph = graph;
    }

    public void requestStop() { stop = true; }

    public boolean stopRequested() { return stop; }

    public int epochs() { return epochs; }

    public int stepsPerEpoch() { return steps; }

    public Set<String> logKeys() { return keys; }

    public double learningRate() {
      try (Result r = engine.session.runner().fetch(graph.optimizer.currentLearningRate()).run()) {
        return ((TFloat32) r.get(0)).getFloat();
      }
    }

    public void setLearningRate(double lr) {
      if (compiled.optimizer().schedule() != null) {
        throw new IllegalStateException("The optimizer's learning rate is driven by a schedule ("
            + compiled.optimizer().schedule().kerasName() + "); it cannot be set by a callback");
      }
      if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be positive. Received: " + lr);
      engine.setScalar(graph.optimizer.learningRateVariable(), (float) lr);
    }

    public List<float[]> weightValues() { return engine.readAll(engine.weights()); }

    public void setWeightValues(List<float[]> values) { engine.assign(engine.weights(), values); }

    public void saveWeights(Path prefix) { engine.save(prefix); }

    public Object model() { return engine.model; }
  }
}
