package io.tfweave.training;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.layers.SymbolicTensor;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The narrow view of a model's live graph that the training loop ({@link Trainer}) needs; the model engine implements it.
 * Nothing here is for end users: {@code Model.fit}, {@code evaluate} and {@code predict} are.
 */
public interface ModelGraph {
  /** What callbacks see of the model. */
  ModelView view();

  /** The model's seed (shuffles use it unless a fit gives its own). */
  long seed();

  /** The model's symbolic inputs. */
  List<SymbolicTensor> inputs();

  /** The model's symbolic outputs. */
  List<SymbolicTensor> outputs();

  /** An op factory on the model's graph. */
  Ops tf();

  /** The session holding the weights. */
  Session session();

  /** Runs {@code r}, re-throwing native errors with the name of the layer whose op failed. */
  Result run(Session.Runner r);

  /** Writes pending weight changes made outside the session into it. */
  void sync();

  /** Opens a call context for adding the forward pass in {@code mode}. */
  CallContext context(Ops tf, CallMode mode);

  /** Adds the model's forward pass on {@code xs}; call inside {@link #context}. */
  List<Operand<?>> forward(Ops tf, List<Operand<?>> xs, CallMode mode);

  /**
   * The model's outputs on {@code xs} followed by the first outputs of the named layers, from one forward pass; call inside
   * {@link #context}. Fails naming the layers there are when a name is unknown.
   */
  List<Operand<?>> forward(Ops tf, List<Operand<?>> xs, CallMode mode, List<String> layerOutputs);

  /** The replicas the model trains on ({@link Replicas#LOCAL} for one process). */
  Replicas replicas();

  /** All weights, model order. */
  List<Weight> weights();

  /** The weights that train (frozen layers' weights are left out). */
  List<Weight> trainableWeights();

  /** The variable of a weight. */
  Variable<TFloat32> variable(Weight w);

  /** The variable name of a weight ({@code dense/kernel}). */
  String variableName(Weight w);

  /** The values of {@code weights}, row-major. */
  List<float[]> readAll(List<Weight> weights);

  /** Sets {@code weights} to {@code values}. */
  void assign(List<Weight> weights, List<float[]> values);

  /** Saves all weights to a TensorFlow checkpoint at {@code prefix}. */
  void save(Path prefix);

  /** Saves all weights crash-safely under {@code prefix}, keeping the newest {@code maxToKeep}; returns the prefix written. */
  Path save(Path prefix, int maxToKeep);

  /** Sets a scalar variable (a learning rate). */
  void setScalar(Variable<TFloat32> v, float value);

  /**
   * Runs {@code body} holding the model's lock alone: every training step, graph extension and variable write goes through
   * here, so a concurrent {@code predict} sees the weights of a completed step; throws when the model is closed.
   */
  <T> T exclusive(java.util.function.Supplier<T> body);

  /** Restores weights (and saved optimizer state) from the checkpoint {@code prefix} stands for. */
  void restore(Path prefix);

  /** Restores the optimizer state a {@code loadWeights} read before the training graph existed; called once it exists. */
  void restorePendingState();
}
