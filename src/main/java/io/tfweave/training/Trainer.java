package io.tfweave.training;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.shape.Shapes;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Runs {@code fit} and {@code evaluate} for one compiled model: data checks, the epoch loop, callbacks and progress. */
public final class Trainer {
  private final ModelGraph engine;
  private final FitData data;
  private final Compiled compiled;
  private StepGraph train;
  private StepGraph eval;
  private StreamTrainer streams;
  private StepGraph trainClassWeighted;
  private StepGraph evalWeighted;
  private final Shards shards;

  /** A trainer for the model behind {@code engine}, compiled as {@code compiled}. */
  public Trainer(ModelGraph engine, Compiled compiled) {
    this.engine = engine;
    this.compiled = compiled;
    this.data = new FitData(engine, compiled);
    this.shards = new Shards(engine);
  }

  /**
   * The scope of the training graph's optimizer variables ({@code train/optimizer/}), or null before the first fit built
   * it; checkpoints save what lies there as the optimizer state.
   */
  public String optimizerScope() {
    StepGraph g = train;
    if (g == null || g.optimizer == null) return null;
    String it = g.optimizer.iterations().op().name();
    return it.substring(0, it.length() - "iterations".length());
  }

  /** What compile recorded. */
  public Compiled compiled() {
    return compiled;
  }

  /** {@code o} as float32 (cast unless it already is). */
  public static Operand<TFloat32> asFloat(Ops tf, Operand<?> o) {
    return o.type() == TFloat32.class
        ? o.asOutput().expect(TFloat32.class)
        : tf.dtypes.cast(o, TFloat32.class);
  }

  /** The step graph for {@code targetSample}, built (holding the model's lock alone) on first use. */
  private StepGraph graph(boolean training, Shape targetSample, Targets.Layout layout) {
    return engine.exclusive(() -> {
      StepGraph g = training ? train : eval;
      if (g == null || !g.targetShape.equals(targetSample) || !Objects.equals(g.layout, layout)) {
        g = layout == null
            ? new StepGraph(engine, compiled, targetSample, training)
            : new StepGraph(engine, compiled, layout, training);
        if (training) train = g;
        else eval = g;
      }
      return g;
    });
  }

  /** The training step graph with a class-weight table, set to {@code o}'s weights by the caller. */
  private StepGraph weighted(Shape targetSample, boolean sample, boolean byClass) {
    if (trainClassWeighted == null
        || !trainClassWeighted.targetShape.equals(targetSample)
        || trainClassWeighted.weights.fromSlot() != sample
        || trainClassWeighted.weights.classWeighted() != byClass) {
      trainClassWeighted = new StepGraph(
          engine,
          compiled,
          targetSample,
          true,
          sample ? StepWeights.gathered(byClass) : new StepWeights(null, true));
    }
    return trainClassWeighted;
  }

  /** The evaluation step graph fed sample weights with each batch (a weighted validation). */
  private StepGraph evalWeighted(Shape targetSample) {
    return engine.exclusive(() -> {
      if (evalWeighted == null || !evalWeighted.targetShape.equals(targetSample)) {
        evalWeighted =
            new StepGraph(engine, compiled, targetSample, false, StepWeights.gathered(false));
      }
      return evalWeighted;
    });
  }

  // ------------------------------------------------------------------ fit

  /** {@code data}'s inputs checked against the model's and converted to its dtypes (for {@code predict}). */
  public Dataset prepareInputs(Dataset data) {
    return this.data.prepare(data, "x", false);
  }

  /** Trains on {@code data} (see {@code Model.fit}). */
  public History fit(Dataset data, FitOptions o) {
    if (o.stepsPerEpoch() > 0) {
      throw new IllegalArgumentException(
          "stepsPerEpoch applies to Pipeline inputs; with arrays every epoch covers all samples."
              + " For a fixed number of steps, fit Pipeline.fromDataset(data).shuffle(n, seed).batch(b).repeat()");
    }
    engine.sync();
    checkWeighting(o);
    FitData.Rows[] prepared;
    Targets.Layout trainLayout = null;
    Targets.Layout valLayout = null;
    if (compiled.multiOutput()) {
      Targets.Packed[] packed = Targets.forFit(engine, compiled, data, o);
      trainLayout = packed[0].layout();
      valLayout = packed[1] == null ? null : packed[1].layout();
      prepared = this.data.prepareSplit(packed[0], packed[1]);
    } else {
      prepared = this.data.prepareForFit(data, o);
    }
    FitData.Rows trainData = prepared[0];
    FitData.Rows valData = prepared[1];
    if (o.checkFinite()) {
      FitData.checkFinite(trainData.data(), "x");
      if (valData != null && valData.data() != trainData.data())
        FitData.checkFinite(valData.data(), "validation data");
    }
    float[] classTable = o.classWeight() == null
        ? null
        : StepWeights.table(
            o.classWeight(),
            compiled.loss(),
            Shapes.last(engine.outputs().get(0).shape()));
    HostArray trainWeights =
        compiled.multiOutput() ? null : FitWeights.training(data, trainData, o);
    // Multi-output weights are columns of the packed targets; one output's are fed with each batch.
    HostArray valWeights = compiled.multiOutput() ? null : FitWeights.validation(data, valData, o);
    StepGraph g = classTable == null && trainWeights == null
        ? graph(true, trainData.targetSampleShape(), trainLayout)
        : weighted(trainData.targetSampleShape(), trainWeights != null, classTable != null);
    engine.restorePendingState();
    StepGraph v = valData == null
        ? null
        : valWeights != null
            ? evalWeighted(valData.targetSampleShape())
            : graph(false, valData.targetSampleShape(), valLayout);
    StreamTrainer.Binding valStream = o.validationPipeline() == null
        ? null
        : streams()
            .bind(StreamTrainer.Role.VALIDATION, o.validationPipeline(), "the validation pipeline");
    if (valStream != null) streams().start(valStream, o.validationSteps());
    Session s = engine.session();
    if (classTable != null) {
      engine.exclusive(() -> {
        g.weights.setClassWeights(s, classTable);
        return null;
      });
    }
    HostBatches trainBatches = batches(trainData, trainWeights);
    HostBatches valBatches = valData == null ? null : batches(valData, valWeights);

    int n = trainData.size();
    int bs = o.batchSize();
    int steps = shards.steps(n, bs);
    shards.checkEnough(steps, n, "x");
    if (shards.distributed()) {
      engine.exclusive(() -> {
        shards.broadcast();
        return null;
      });
    }
    Set<String> keys = new LinkedHashSet<>(g.names());
    if (v != null || valStream != null) for (String k : g.names()) keys.add("val_" + k);
    FitControl control = new FitControl(engine, compiled, o.epochs(), steps, keys, g);
    List<Callback> callbacks = engine.replicas().isChief()
        ? o.callbacks()
        : o.callbacks().stream().filter(c -> !c.chiefOnly()).toList();
    boolean batchLogs = callbacks.stream().anyMatch(Callback::wantsBatchLogs);
    Progress progress = new Progress(o.verbose(), steps);
    History history = new History();
    callbacks.forEach(c -> c.onTrainBegin(control));
    Random shuffler = new Random(o.seed() != null ? o.seed() : engine.seed());
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Map<String, Double> logs = Map.of();
    // A single full batch gives the same mean gradient in any order, and without shuffling the
    // batches never change:
    // then the index tensors are made once per fit instead of once per step.
    boolean shuffleEpochs = o.shuffle() && steps > 1;
    // An epoch of one fixed batch: its tensors are made once per fit.
    HostBatches.Batch whole =
        steps == 1 ? trainBatches.batch(shards.share(order, 0, Math.min(n, bs))) : null;
    // Resuming at initialEpoch (or where a callback such as BackupAndRestore asked): replay the
    // skipped epochs' shuffles, so
    // the order continues as in an uninterrupted run.
    int start = Math.max(o.initialEpoch(), control.resumeEpoch());
    if (shuffleEpochs)
      for (int e = 0; e < Math.min(start, o.epochs()); e++) shuffle(order, shuffler);
    try {
      for (int epoch = start; epoch < o.epochs() && !control.stopRequested(); epoch++) {
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
          if (whole != null) {
            running = step(g, StepKind.of(true, true), whole, fetch);
          } else {
            try (HostBatches.Batch batchData = trainBatches.batch(shards.share(order, from, to))) {
              running = step(g, StepKind.of(b == 0, false), batchData, fetch);
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
        if (shards.distributed()) {
          engine.exclusive(() -> {
            shards.syncNonTrainable();
            return null;
          });
        }
        if (v != null) {
          // Held alone for the whole pass: a concurrent evaluate() shares the evaluation graph and
          // may have replaced its data.
          Map<String, Double> val =
              engine.exclusive(() -> evaluateLoaded(v, valBatches, bs, callbacks));
          for (Map.Entry<String, Double> e : val.entrySet())
            logs.put("val_" + e.getKey(), e.getValue());
        } else if (valStream != null) {
          callbacks.forEach(Callback::onTestBegin);
          Map<String, Double> val = streams().evaluate(valStream, o.validationSteps());
          callbacks.forEach(c -> c.onTestEnd(val));
          for (Map.Entry<String, Double> e : val.entrySet())
            logs.put("val_" + e.getKey(), e.getValue());
        }
        progress.epochEnd(logs);
        final Map<String, Double> epochLogs = logs;
        callbacks.forEach(c -> c.onEpochEnd(ep, epochLogs));
        history.append(epoch, epochLogs);
      }
      if (start < o.epochs()) control.finalizeOptimizer();
    } catch (RuntimeException e) {
      throw engine.replicas().failure(e);
    } finally {
      if (valStream != null) valStream.data.stop();
      if (whole != null) whole.close();
      final Map<String, Double> last = logs;
      callbacks.forEach(c -> c.onTrainEnd(last));
    }
    return history;
  }

  /** Rejects weightings the compile cannot apply (class weights of several outputs, weights in a custom step). */
  private void checkWeighting(FitOptions o) {
    if (compiled.step() != null
        && (o.classWeight() != null
            || o.sampleWeight() != null
            || o.outputSampleWeights() != null
            || o.validationSampleWeight() != null
            || o.validationOutputSampleWeights() != null)) {
      throw new IllegalArgumentException(
          "classWeight and sampleWeight do not apply to a custom TrainStep:"
              + " the step computes its own loss. Fix: give the weights to the step as data, or compile a loss");
    }
    if (compiled.multiOutput() && o.classWeight() != null) {
      throw new IllegalArgumentException(
          "classWeight is only supported for models with a single output (as"
              + " in Keras). Fix: turn class weights into per-sample weights of that output, e.g."
              + " sampleWeight(Map.of(\"" + compiled.outputs().get(0).name()
              + "\", ClassWeights.sampleWeights(classWeight, labels)))");
    }
    if (!compiled.multiOutput()
        && (o.outputSampleWeights() != null || o.validationOutputSampleWeights() != null)) {
      throw new IllegalArgumentException(
          "sampleWeight by output name applies to models compiled with"
              + " several outputs; give one weight array: sampleWeight(w)");
    }
  }

  /** The batches of {@code rows} (with {@code weights} when not null) in the model's input dtypes. */
  private HostBatches batches(FitData.Rows rows, HostArray weights) {
    Dataset d = rows.data();
    return new HostBatches(
        d.inputs(),
        engine.inputs().stream().map(SymbolicTensor::dtype).toList(),
        d.targets(),
        weights,
        rows.from(),
        rows.to());
  }

  private static void shuffle(int[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Runs one step of {@code kind} on {@code batch}; returns the running metric values when {@code fetch}, else null. */
  private Map<String, Double> step(
      StepGraph g, StepKind kind, HostBatches.Batch batch, boolean fetch) {
    return engine.exclusive(() -> stepLocked(g, kind, batch, fetch));
  }

  private Map<String, Double> stepLocked(
      StepGraph g, StepKind kind, HostBatches.Batch batch, boolean fetch) {
    Session.Runner r = engine.session().runner().addTarget(g.step(kind));
    List<Tensor> t = batch.tensors;
    int inputs = g.wholeBatchInputs.size();
    for (int i = 0; i < inputs; i++) r.feed(g.wholeBatchInputs.get(i), t.get(i));
    r.feed(g.wholeBatchTargets, t.get(inputs));
    if (g.sampleWeights != null) r.feed(g.sampleWeights, t.get(inputs + 1));
    if (!fetch) {
      engine.run(r).close();
      return null;
    }
    for (Operand<TFloat32> o : g.metrics.after(kind)) r.fetch(o);
    Map<String, Double> out = new LinkedHashMap<>();
    try (Result res = engine.run(r)) {
      for (int i = 0; i < g.names().size(); i++)
        out.put(g.names().get(i), (double) ((TFloat32) res.get(i)).getFloat());
    }
    return out;
  }

  private Map<String, Double> read(StepGraph g) {
    return engine.exclusive(() -> {
      Session.Runner r = engine.session().runner();
      for (Operand<TFloat32> o : g.metrics.results) r.fetch(o);
      Map<String, Double> out = new LinkedHashMap<>();
      try (Result res = engine.run(r)) {
        for (int i = 0; i < g.names().size(); i++)
          out.put(g.names().get(i), (double) ((TFloat32) res.get(i)).getFloat());
      }
      return out;
    });
  }

  // ------------------------------------------------------------------ evaluate

  /** Evaluates on {@code data} (see {@code Model.evaluate}). */
  public Map<String, Double> evaluate(Dataset data, int batchSize) {
    if (batchSize <= 0)
      throw new IllegalArgumentException(
          "batchSize must be a positive integer. Received: batchSize=" + batchSize);
    engine.sync();
    Targets.Packed packed = compiled.multiOutput()
        ? Targets.pack(engine, compiled, data, null, "evaluation data")
        : null;
    Dataset d =
        this.data.prepare(packed == null ? data : packed.data(), "evaluation data", true, false);
    // Held alone throughout: the evaluation graph's data and metric accumulators are shared with
    // fit's validation.
    return engine.exclusive(() -> {
      StepGraph v =
          graph(false, d.targets().sampleShape(), packed == null ? null : packed.layout());
      return evaluateLoaded(v, batches(FitData.Rows.all(d), null), batchSize, List.of());
    });
  }

  private Map<String, Double> evaluateLoaded(
      StepGraph v, HostBatches data, int bs, List<Callback> callbacks) {
    callbacks.forEach(Callback::onTestBegin);
    int n = data.size();
    Map<String, Double> r = null;
    int steps = shards.steps(n, bs);
    shards.checkEnough(steps, n, "the evaluation data");
    int[] all = new int[n];
    for (int i = 0; i < n; i++) all[i] = i;
    for (int b = 0; b < steps; b++) {
      int from = b * bs;
      int to = Math.min(n, from + bs);
      try (HostBatches.Batch t = data.batch(shards.share(all, from, to))) {
        r = step(v, StepKind.of(b == 0, steps == 1), t, b == steps - 1);
      }
    }
    final Map<String, Double> result = r;
    callbacks.forEach(c -> c.onTestEnd(result));
    return result;
  }

  /**
   * Drops what pipelines keep of their data (caches, copied arrays); {@code fit} on in-memory arrays copies and keeps none.
   */
  public void releaseData() {
    engine.exclusive(() -> {
      if (streams != null) streams.release();
      return null;
    });
  }

  // ------------------------------------------------------------------ pipelines

  private StreamTrainer streams() {
    if (streams == null) streams = new StreamTrainer(engine, compiled);
    return streams;
  }

  /** Trains on a pipeline (see {@code Model.fit(Pipeline, FitOptions)}). */
  public History fit(Pipeline data, FitOptions o) {
    singleOutput("fit");
    if (shards.distributed()) {
      if (o.stepsPerEpoch() <= 0) {
        throw new IllegalArgumentException(
            "Multi-worker fit on a Pipeline needs stepsPerEpoch, so that every worker"
                + " runs the same number of steps: give each worker its shard, e.g. pipeline.shard(workers, rank)"
                + ".batch(globalBatch / workers).repeat(), and FitOptions.stepsPerEpoch(n)");
      }
      engine.sync(); // the initial weights first, then the chief's everywhere
      engine.exclusive(() -> {
        shards.broadcast();
        return null;
      });
    }
    return StreamFit.run(streams(), engine, compiled, data, o);
  }

  /** Loss and metrics over {@code steps} batches of {@code data}, or all of it when {@code steps < 0}. */
  public Map<String, Double> evaluate(Pipeline data, int steps) {
    singleOutput("evaluate");
    return streams().evaluate(data, steps);
  }

  /** The model's outputs for every batch of {@code data}, one array per output, samples in order. */
  public List<HostArray> predict(Pipeline data) {
    return streams().predict(data);
  }

  private void singleOutput(String call) {
    if (compiled.multiOutput() || compiled.step() != null) {
      throw new UnsupportedOperationException(
          call + " on a Pipeline supports models compiled with one loss;"
              + " this model is compiled with "
              + (compiled.step() != null ? "a custom TrainStep" : "several outputs")
              + ". Fix: " + call + " on in-memory arrays (Dataset), which support it");
    }
  }

  /** True when this trainer works on {@code graph} (a closed model gets a new one). */
  public boolean uses(ModelGraph graph) {
    return engine == graph;
  }
}
