package io.tfweave.models;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Low-level access to a model's live TensorFlow graph, for exporters, benchmarks and tools that build their own ops next to
 * the model's (weights are synchronised into the session first).
 */
public final class ModelGraphAccess {
  private final Engine engine;

  ModelGraphAccess(Engine engine) {
    this.engine = engine;
    engine.sync();
  }

  /** The graph. */
  public Graph graph() {
    return engine.graph;
  }

  /** The session holding the weights. */
  public Session session() {
    return engine.session;
  }

  /** An op factory on the graph. */
  public Ops tf() {
    return engine.tf;
  }

  /** The inference placeholders, one per model input. */
  public List<Placeholder<? extends TType>> inputs() {
    return engine.inputs;
  }

  /** The inference outputs. */
  public List<Operand<TFloat32>> outputs() {
    return engine.outputs;
  }

  /** The variable of a weight. */
  public Variable<TFloat32> variable(Weight w) {
    return engine.variable(w);
  }

  /** The variable name of a weight. */
  public String variableName(Weight w) {
    return engine.variableName(w);
  }

  /** Opens a call context for building more of the model's ops (e.g. a hand-written training step). */
  public CallContext context(Ops tf, CallMode mode) {
    return engine.context(tf, mode);
  }

  /** Adds the model's forward pass on {@code inputs} in {@code mode}; call inside {@link #context}. */
  public List<Operand<?>> forward(Ops tf, List<Operand<?>> inputs, CallMode mode) {
    return engine.model.forward(tf, inputs, mode);
  }
}
