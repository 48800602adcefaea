package io.tfweave.training;

import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.shape.Shapes;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The epoch loop of {@code fit} on a {@link Pipeline}. Without {@code stepsPerEpoch} an epoch is one pass (started with
 * {@code MakeIterator}, ended by TensorFlow's end-of-sequence); with it, the iterator carries on across epochs and a new
 * pass starts only when one runs out. A pipeline of unknown length shows {@code Unknown} steps until its first pass ends.
 */
final class StreamFit {
  private static final String TRAIN = "the training pipeline";

  private StreamFit() {}

  static History run(
      StreamTrainer t, ModelGraph engine, Compiled compiled, Pipeline data, FitOptions o) {
    if (data == null) throw new IllegalArgumentException("x is null: pass a Pipeline to fit");
    if (o.batchSizeSet()) {
      throw new IllegalArgumentException(
          "Do not set batchSize when fitting a Pipeline: it is batched by its own batch(n) stage"
              + " (Keras, too, rejects batch_size for a dataset)");
    }
    if (o.validationSplit() > 0) {
      throw new IllegalArgumentException(
          "validationSplit splits arrays only; pass validation data to a Pipeline fit with "
              + "FitOptions.validation(Pipeline)");
    }
    engine.sync();
    float[] classTable = o.classWeight() == null
        ? null
        : StepWeights.table(
            o.classWeight(),
            compiled.loss(),
            Shapes.last(engine.outputs().get(0).shape()));
    StreamTrainer.Binding train =
        t.bind(StreamTrainer.Role.TRAINING, data, TRAIN, classTable != null);
    Pipeline valData = o.validationPipeline() != null
        ? o.validationPipeline()
        : o.validationData() != null
            ? Pipeline.fromDataset(o.validationData()).batch(FitOptions.BATCH_SIZE_DEFAULT)
            : null;
    StreamTrainer.Binding val = valData == null
        ? null
        : t.bind(StreamTrainer.Role.VALIDATION, valData, "the validation pipeline");
    int limit = o.stepsPerEpoch();
    t.start(train, limit);
    if (val != null) t.start(val, o.validationSteps());
    int steps = limit > 0 ? limit : train.knownSteps;
    StepGraph g = train.stream.step();
    if (classTable != null) g.weights.setClassWeights(engine.session(), classTable);
    Set<String> keys = new LinkedHashSet<>(g.names());
    if (val != null) for (String k : g.names()) keys.add("val_" + k);
    FitControl control = new FitControl(engine, compiled, o.epochs(), steps, keys, g);
    List<Callback> callbacks = o.callbacks();
    boolean batchLogs = callbacks.stream().anyMatch(Callback::wantsBatchLogs);
    Progress progress = new Progress(o.verbose(), steps);
    History history = new History();
    callbacks.forEach(c -> c.onTrainBegin(control));
    Map<String, Double> logs = Map.of();
    boolean needInit = false; // start() began the first pass
    try {
      for (int epoch = 0; epoch < o.epochs() && !control.stopRequested(); epoch++) {
        final int ep = epoch;
        callbacks.forEach(c -> c.onEpochBegin(ep));
        progress.epochBegin(epoch, o.epochs());
        if (needInit) t.initialize(train);
        int b = 0;
        boolean ended = false;
        while (limit < 0 || b < limit) {
          final int batch = b;
          if (batchLogs) callbacks.forEach(c -> c.onTrainBatchBegin(batch));
          boolean fresh = train.fresh;
          boolean fetch = batchLogs || progress.wantsUpdate(b);
          Map<String, Double> running = t.step(train, StepKind.of(b == 0, false), fetch);
          if (running == StreamTrainer.END) {
            if (b == 0 && !fresh) {
              t.initialize(train); // the carried-on iterator ran out exactly at the epoch boundary
              continue;
            }
            ended = true;
            break;
          }
          b++;
          progress.done(b);
          if (fetch) {
            progress.batch(batch, running);
            if (batchLogs) callbacks.forEach(c -> c.onTrainBatchEnd(batch, running));
          }
          if (control.stopRequested()) break;
        }
        if (b == 0) {
          throw new IllegalStateException(
              TRAIN + " yielded no batches in pass " + train.pass + " (" + train.pipeline + ")");
        }
        needInit = limit < 0 || ended;
        logs = new LinkedHashMap<>(t.read(train));
        train.data.collectSkips(engine.session());
        if (val != null) {
          callbacks.forEach(Callback::onTestBegin);
          Map<String, Double> v = t.evaluate(val, o.validationSteps());
          callbacks.forEach(c -> c.onTestEnd(v));
          for (Map.Entry<String, Double> e : v.entrySet())
            logs.put("val_" + e.getKey(), e.getValue());
        }
        progress.epochEnd(logs);
        if (ended && limit < 0 && train.knownSteps < 0) {
          train.knownSteps = b;
          progress.steps(b);
          control.stepsPerEpoch(b);
        }
        final Map<String, Double> epochLogs = logs;
        callbacks.forEach(c -> c.onEpochEnd(ep, epochLogs));
        history.append(epoch, epochLogs);
      }
      if (o.epochs() > 0) control.finalizeOptimizer();
    } finally {
      train.data.stop();
      train.data.collectSkips(engine.session());
      if (val != null) val.data.stop();
      final Map<String, Double> last = logs;
      callbacks.forEach(c -> c.onTrainEnd(last));
    }
    return history;
  }
}
