package io.tfweave.training;

import io.tfweave.data.HostArray;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.data.pipeline.PipelineDataset;
import io.tfweave.data.pipeline.PipelineIterator;
import io.tfweave.data.pipeline.TensorSpec;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Reads {@link Pipeline}s for {@code fit}, {@code evaluate} and {@code predict}: each pipeline's dataset ops (ending in a
 * {@link ModelFeed}) are built once per model graph and started per pass on a named iterator, whose outputs are the inputs
 * of a step graph ({@link StepGraph}'s stream variant) or of the inference pass. One iterator and step graph serve every
 * pipeline of the same role and target shape, so fitting a second pipeline keeps the optimizer's state.
 */
final class StreamTrainer {
  /** What a pipeline is read for; each role keeps its most recent pipeline's ops (and cache) alive. */
  enum Role {
    TRAINING,
    VALIDATION,
    EVALUATION,
    PREDICTION
  }

  /** An iterator and what it feeds: a step graph, or the model's outputs for prediction. */
  record Stream(PipelineIterator iterator, StepGraph step, List<Operand<TFloat32>> outputs) {}

  /** A pipeline bound to a stream. */
  static final class Binding {
    final Pipeline pipeline;
    final PipelineDataset data;
    final Stream stream;
    final String what;
    long pass;
    boolean checked;
    boolean fresh;
    boolean classWeighted;
    int knownSteps = -1;

    Binding(Pipeline pipeline, PipelineDataset data, Stream stream, String what) {
      this.pipeline = pipeline;
      this.data = data;
      this.stream = stream;
      this.what = what;
    }
  }

  /** What {@link #run} returns at the end of a pass (compared by identity). */
  static final Map<String, Double> END = java.util.Collections.unmodifiableMap(new HashMap<>());

  private final ModelGraph engine;
  private final Compiled compiled;
  private final Map<String, Stream> streams = new HashMap<>();
  private final Map<Role, Binding> bindings = new EnumMap<>(Role.class);

  StreamTrainer(ModelGraph engine, Compiled compiled) {
    this.engine = engine;
    this.compiled = compiled;
  }

  /** Binds {@code p} to the stream of {@code role}, reusing the ops when it is the role's last pipeline. */
  Binding bind(Role role, Pipeline p, String what) {
    return bind(role, p, what, false);
  }

  /** Like {@link #bind(Role, Pipeline, String)}; {@code classWeighted} selects a step graph with a class-weight table. */
  Binding bind(Role role, Pipeline p, String what, boolean classWeighted) {
    if (p == null) throw new IllegalArgumentException(what + " is null");
    Binding b = bindings.get(role);
    if (b != null && b.pipeline == p && b.classWeighted == classWeighted) return b;
    if (b != null) b.data.release(engine.session());
    boolean targets = role != Role.PREDICTION;
    Pipeline fed =
        p.mapBeforePrefetch(new ModelFeed(engine, p, targets ? compiled.loss() : null, what));
    PipelineDataset d =
        PipelineDataset.build(engine.tf().withSubScope(role.name().toLowerCase()), fed);
    List<TensorSpec> spec = new ArrayList<>();
    for (TensorSpec s : d.elementSpec()) {
      long[] dims = s.shape().asArray().clone();
      dims[0] = -1;
      spec.add(s.withShape(Shape.of(dims)));
    }
    String kind = role == Role.TRAINING ? "train" : role == Role.PREDICTION ? "predict" : "eval";
    Stream s = streams.computeIfAbsent(
        kind + spec + classWeighted, k -> stream(kind, spec, classWeighted));
    b = new Binding(p, d, s, what);
    b.classWeighted = classWeighted;
    bindings.put(role, b);
    return b;
  }

  private Stream stream(String kind, List<TensorSpec> spec, boolean classWeighted) {
    Ops tf = engine.tf().withSubScope(kind + "_stream");
    PipelineIterator it = PipelineIterator.create(tf, spec);
    int k = engine.inputs().size();
    List<Operand<?>> xs = new ArrayList<>(it.next().subList(0, k));
    if (kind.equals("predict")) {
      List<Operand<TFloat32>> outs = new ArrayList<>();
      try (CallContext ctx = engine.context(tf, CallMode.INFERENCE)) {
        for (Operand<?> o : engine.forward(ctx.tf(), xs, CallMode.INFERENCE))
          outs.add(Trainer.asFloat(tf, o));
      }
      return new Stream(it, null, outs);
    }
    Operand<TFloat32> y = it.next().get(k).expect(TFloat32.class);
    Operand<TFloat32> w = spec.size() > k + 1 ? it.next().get(k + 1).expect(TFloat32.class) : null;
    StepWeights weights = w != null || classWeighted ? new StepWeights(w, classWeighted) : null;
    Shape ySample = Shapes.perSample(spec.get(k).shape());
    return new Stream(
        it, new StepGraph(engine, compiled, ySample, kind.equals("train"), xs, y, weights), null);
  }

  /** Starts a pass; the first time, checks that the pipeline is not empty (or infinite without a step limit). */
  void start(Binding b, int stepLimit) {
    long n = initialize(b);
    if (!b.checked) {
      if (n == 0) throw empty(b);
      if (n == -1 && stepLimit < 0) {
        throw new IllegalArgumentException(
            b.what + " is infinite (" + b.pipeline + "); set FitOptions.stepsPerEpoch (for "
                + "validation, validationSteps) or take(n) a finite part");
      }
      if (n == -2) {
        // Unknown length (files, filters): read one batch now, so an empty or unreadable pipeline
        // fails before training.
        Session.Runner r = engine.session().runner().fetch(b.stream.iterator().advance());
        if (run(b, r, false) == END) throw empty(b);
        b.data.forgetSkips(engine.session());
        b.pass--;
        initialize(b);
      }
      b.checked = true;
    }
    if (n >= 0) b.knownSteps = (int) Math.min(Integer.MAX_VALUE, n);
  }

  private IllegalArgumentException empty(Binding b) {
    return new IllegalArgumentException(
        b.what + " is empty: it yields no batches (" + b.pipeline + "). At least one is needed");
  }

  long initialize(Binding b) {
    b.pass++;
    b.fresh = true;
    try {
      return b.stream.iterator().initialize(engine.session(), b.data, b.pass);
    } catch (RuntimeException e) {
      RuntimeException clear = b.data.explain(e);
      throw clear != null ? clear : e;
    }
  }

  /** Runs {@code r}; END when the pass is over, else (with {@code metrics}) the fetched metric values by log name. */
  Map<String, Double> run(Binding b, Session.Runner r, boolean metrics) {
    try (Result res = engine.run(r)) {
      b.fresh = false;
      StepGraph g = b.stream.step();
      if (!metrics) return new LinkedHashMap<>();
      Map<String, Double> out = new LinkedHashMap<>();
      for (int i = 0; i < g.names().size(); i++)
        out.put(g.names().get(i), (double) ((TFloat32) res.get(i)).getFloat());
      return out;
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof TFOutOfRangeException) {
        RuntimeException fed = b.data.feederError();
        if (fed != null) throw fed;
        return END;
      }
      RuntimeException clear =
          e.getCause() instanceof RuntimeException c ? b.data.explain(c) : null;
      throw clear != null ? clear : e;
    }
  }

  /**
   * One step of {@code kind}; END at the end of the pass. The step holds the model alone (as the in-memory path's steps do),
   * so that concurrent {@code predict} calls see the weights of a completed step.
   */
  Map<String, Double> step(Binding b, StepKind kind, boolean fetch) {
    StepGraph g = b.stream.step();
    return engine.exclusive(() -> {
      Session.Runner r = engine.session().runner().addTarget(g.step(kind));
      if (fetch) for (Operand<TFloat32> o : g.metrics.after(kind)) r.fetch(o);
      return run(b, r, fetch);
    });
  }

  /** The accumulated metrics of {@code b}'s step graph. */
  Map<String, Double> read(Binding b) {
    StepGraph g = b.stream.step();
    Session.Runner r = engine.session().runner();
    for (Operand<TFloat32> o : g.metrics.results) r.fetch(o);
    Map<String, Double> out = new LinkedHashMap<>();
    try (Result res = engine.run(r)) {
      for (int i = 0; i < g.names().size(); i++)
        out.put(g.names().get(i), (double) ((TFloat32) res.get(i)).getFloat());
    }
    return out;
  }

  /** Loss and metrics over one pass (or {@code steps} batches) of {@code b}, starting a new pass unless one is fresh. */
  Map<String, Double> evaluate(Binding b, int steps) {
    if (!b.fresh) initialize(b);
    int n = 0;
    try {
      while (steps < 0 || n < steps) {
        if (step(b, StepKind.of(n == 0, false), false) == END) break;
        n++;
      }
    } finally {
      b.data.stop();
      b.data.collectSkips(engine.session());
    }
    if (n == 0)
      throw new IllegalStateException(
          b.what + " yielded no batches in pass " + b.pass + " (" + b.pipeline + ")");
    return read(b);
  }

  /** Loss and metrics on {@code data} (see {@code Model.evaluate(Pipeline)}). */
  Map<String, Double> evaluate(Pipeline data, int steps) {
    engine.sync();
    Binding b = bind(Role.EVALUATION, data, "the evaluation pipeline");
    start(b, steps);
    return evaluate(b, steps);
  }

  /** The model's outputs for every batch of {@code data}, in order (see {@code Model.predict(Pipeline)}). */
  List<HostArray> predict(Pipeline data) {
    engine.sync();
    Binding b = bind(Role.PREDICTION, data, "the prediction pipeline");
    start(b, -1);
    List<Operand<TFloat32>> outs = b.stream.outputs();
    List<FloatChunks> values = new ArrayList<>();
    for (int i = 0; i < outs.size(); i++) values.add(new FloatChunks());
    try {
      while (true) {
        Session.Runner r = engine.session().runner();
        outs.forEach(r::fetch);
        try (Result res = engine.run(r)) {
          for (int i = 0; i < outs.size(); i++) values.get(i).add((TFloat32) res.get(i));
        } catch (IllegalStateException e) {
          if (e.getCause() instanceof TFOutOfRangeException) break;
          RuntimeException clear =
              e.getCause() instanceof RuntimeException c ? b.data.explain(c) : null;
          throw clear != null ? clear : e;
        }
      }
    } finally {
      b.data.stop();
      b.data.collectSkips(engine.session());
    }
    RuntimeException fed = b.data.feederError();
    if (fed != null) throw fed;
    List<HostArray> out = new ArrayList<>();
    for (FloatChunks c : values) out.add(c.toArray());
    return out;
  }

  /** Frees what the bound pipelines keep (caches, copied arrays). */
  void release() {
    for (Binding b : bindings.values()) b.data.release(engine.session());
    bindings.clear();
  }
}
