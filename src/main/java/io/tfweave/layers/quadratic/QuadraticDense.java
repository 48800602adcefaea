package io.tfweave.layers.quadratic;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.pooling.GlobalAveragePooling2D;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.activations.Activation;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.Shapes;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A densely connected layer of second-order (quadratic) neurons (Fan, Cong and Wang):
 * {@code activation((x·w_r + b_r) ∘ (x·w_g + b_g) + (x∘x)·w_b + c)} over the last axis.
 *
 * <p>Weights: kernels {@code w_r}, {@code w_g}, {@code w_b} [in, units] and biases {@code b_r}, {@code b_g}, {@code c}
 * [units], 3·in·units + 3·units parameters (a 2-20-20-1 network has 1,503). By default ({@link QuadraticInitialization#RANDOM})
 * the kernels are drawn independently from glorot_uniform and the biases are zeros; {@link QuadraticInitialization#RELINEAR}
 * starts every neuron as an ordinary one ({@code w_g = 0, b_g = 1, w_b = 0, c = 0}). The kernel and bias regularizers apply
 * to all three kernels and all three biases.
 *
 * <p>The neuron is one fused graph op whose gradient is the paper's closed form ({@link QuadraticOps}); {@code fused(false)}
 * builds it from primitive ops and lets TensorFlow differentiate it instead (same values, used to check the fused op).
 *
 * <p>Input shape: {@code (batch, ..., in)}. Output shape: {@code (batch, ..., units)}.
 */
public final class QuadraticDense extends Layer {
  private final int units;
  private Activation activation = Activation.LINEAR;
  private final QuadraticWeights q = new QuadraticWeights();

  /** A layer of {@code units} quadratic neurons. */
  public QuadraticDense(int units) { this.units = Checks.positive("units", units); }

  /** The activation (default linear; the paper uses sigmoid). */
  public QuadraticDense activation(Activation a) { return configure(() -> this.activation = a); }

  /** Whether to use the biases {@code b_r, b_g, c} (default true). */
  public QuadraticDense useBias(boolean b) { return configure(() -> q.useBias(b)); }

  /** Initializer of the kernels {@code w_r, w_g, w_b} (default glorot_uniform, drawn independently per kernel). */
  public QuadraticDense kernelInitializer(Initializer i) { return configure(() -> q.kernelInitializer = i); }

  /** Initializer of the biases {@code b_r, b_g, c} (default zeros). */
  public QuadraticDense biasInitializer(Initializer i) { return configure(() -> q.biasInitializer = i); }

  /** {@link QuadraticInitialization#RANDOM} (default) or {@link QuadraticInitialization#RELINEAR}. */
  public QuadraticDense initialization(QuadraticInitialization i) { return configure(() -> q.initialization(i)); }

  /** Penalty on each of the three kernels. */
  public QuadraticDense kernelRegularizer(Regularizer r) { return configure(() -> q.kernelRegularizer = r); }

  /** Penalty on each of the three biases. */
  public QuadraticDense biasRegularizer(Regularizer r) { return configure(() -> q.biasRegularizer = r); }

  /** Penalty on the output. */
  public QuadraticDense activityRegularizer(Regularizer r) { return configure(() -> q.activityRegularizer = r); }

  /** Whether to use the fused op with the closed-form gradient (default true) or autodiff of the composed ops. */
  public QuadraticDense fused(boolean f) { return configure(() -> q.fused = f); }

  /** Number of neurons. */
  public int units() { return units; }

  /** The activation. */
  public Activation activation() { return activation; }

  @Override
  public Shape outputShape(Shape in) {
    if (in.numDimensions() < 2) throw shapeError("input of rank >= 2", in, null);
    long last = Shapes.last(in);
    if (last < 0) throw shapeError("a known last dimension", in, null);
    if (q.wr != null && last != q.wr.shape().get(0)) {
      throw shapeError("input with last dimension " + q.wr.shape().get(0) + " (its kernels are "
          + Shapes.text(q.wr.shape()) + ")", in, "add Flatten or GlobalAveragePooling2D before '" + shownName() + "'.");
    }
    return Shapes.withLast(in, units);
  }

  @Override
  protected void build(Shape in, WeightFactory w) { q.build(w, Shape.of(Shapes.last(in), units), units); }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Shape s = x.shape();
    int rank = s.numDimensions();
    long in = Shapes.last(s);
    Operand<TFloat32> flat = rank == 2 ? x : tf.reshape(x, tf.constant(new long[] {-1, in}));
    Operand<TFloat32>[] v = q.values(tf, units);
    Operand<TFloat32> h = QuadraticOps.dense(tf, flat, v[0], v[1], v[2], v[3], v[4], v[5], q.fused);
    if (rank > 2) h = unflatten(tf, x, h);
    return q.output(tf, h, null, activation);
  }

  private Operand<TFloat32> unflatten(Ops tf, Operand<TFloat32> x, Operand<TFloat32> h) {
    Shape s = x.shape();
    int rank = s.numDimensions();
    if (Shapes.fullyDefinedSample(s)) {
      long[] dims = s.asArray().clone();
      dims[0] = -1;
      dims[rank - 1] = units;
      return tf.reshape(h, tf.constant(dims));
    }
    Operand<TInt32> lead = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {rank - 1}));
    return tf.reshape(h, tf.concat(java.util.List.of(lead, tf.constant(new int[] {units})), tf.constant(0)));
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("units", units);
    c.put("activation", activation.name());
    q.config(c);
    return c;
  }

  /** Rebuilds a QuadraticDense layer from its config. */
  public static QuadraticDense fromConfig(Map<String, Object> c) {
    QuadraticDense d = new QuadraticDense(Configs.integer(c, "units"));
    d.activation = Configs.activation(c, "activation");
    d.q.fromConfig(c);
    return Configs.common(d, c);
  }
}
