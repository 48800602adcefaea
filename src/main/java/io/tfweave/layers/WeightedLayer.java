package io.tfweave.layers;

import io.tfweave.activations.Activation;
import io.tfweave.constraints.Constraint;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.internal.Ops2;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.Shapes;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The base of the layers with a kernel and a bias ({@code Dense}, the convolutions, the quadratic and recurrent layers): the
 * activation and Keras's kernel and bias options with their setters, getters and config keys, written once here.
 *
 * <p>Defaults: linear activation, {@code use_bias} true, kernel glorot_uniform, bias zeros, no regularizers, no
 * constraints.
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class WeightedLayer<L extends WeightedLayer<L>> extends BaseLayer<L> {
  protected static final Option<Activation> ACTIVATION =
      Option.activation("activation", Activation.LINEAR);
  protected static final Option<Boolean> USE_BIAS = Option.bool("use_bias", true);
  protected static final Option<Initializer> KERNEL_INITIALIZER =
      Option.initializer("kernel_initializer", Initializers.glorotUniform());
  protected static final Option<Initializer> BIAS_INITIALIZER =
      Option.initializer("bias_initializer", Initializers.zeros());
  protected static final Option<Regularizer> KERNEL_REGULARIZER =
      Option.regularizer("kernel_regularizer");
  protected static final Option<Regularizer> BIAS_REGULARIZER =
      Option.regularizer("bias_regularizer");
  protected static final Option<Regularizer> ACTIVITY_REGULARIZER =
      Option.regularizer("activity_regularizer");
  protected static final Option<Constraint> KERNEL_CONSTRAINT =
      Option.constraint("kernel_constraint");
  protected static final Option<Constraint> BIAS_CONSTRAINT = Option.constraint("bias_constraint");
  /** {@code use_bias}, the initializers, the regularizers and the constraints, in Keras's order. */
  protected static final List<Option<?>> WEIGHT_OPTIONS = Option.list(
      USE_BIAS,
      KERNEL_INITIALIZER,
      BIAS_INITIALIZER,
      KERNEL_REGULARIZER,
      BIAS_REGULARIZER,
      ACTIVITY_REGULARIZER,
      KERNEL_CONSTRAINT,
      BIAS_CONSTRAINT);

  /** A layer with {@code options}, which include the ones of this class that it uses. */
  protected WeightedLayer(List<Option<?>> options) {
    super(options);
  }

  /** The activation (default linear). */
  public L activation(Activation a) {
    return set(ACTIVATION, a);
  }

  /** Whether to add a bias (default true). */
  public L useBias(boolean b) {
    return set(USE_BIAS, b);
  }

  /** Kernel initializer (default glorot_uniform). */
  public L kernelInitializer(Initializer i) {
    return set(KERNEL_INITIALIZER, i);
  }

  /** Bias initializer (default zeros). */
  public L biasInitializer(Initializer i) {
    return set(BIAS_INITIALIZER, i);
  }

  /** Penalty on the kernel (default none). */
  public L kernelRegularizer(Regularizer r) {
    return set(KERNEL_REGULARIZER, r);
  }

  /** Penalty on the bias (default none). */
  public L biasRegularizer(Regularizer r) {
    return set(BIAS_REGULARIZER, r);
  }

  /** Penalty on the output (default none). */
  public L activityRegularizer(Regularizer r) {
    return set(ACTIVITY_REGULARIZER, r);
  }

  /** Constraint applied to the kernel after each optimizer update (default none), e.g. {@code Constraint.maxNorm(2, 0)}. */
  public L kernelConstraint(Constraint c) {
    return set(KERNEL_CONSTRAINT, c);
  }

  /** Constraint applied to the bias after each optimizer update (default none). */
  public L biasConstraint(Constraint c) {
    return set(BIAS_CONSTRAINT, c);
  }

  /** The kernel constraint, or null. */
  public Constraint kernelConstraint() {
    return get(KERNEL_CONSTRAINT);
  }

  /** The bias constraint, or null. */
  public Constraint biasConstraint() {
    return get(BIAS_CONSTRAINT);
  }

  /** The activation. */
  public Activation activation() {
    return get(ACTIVATION);
  }

  /** Whether the layer adds a bias. */
  public boolean useBias() {
    return get(USE_BIAS);
  }

  /** The kernel initializer. */
  public Initializer kernelInitializer() {
    return get(KERNEL_INITIALIZER);
  }

  /** The bias initializer. */
  public Initializer biasInitializer() {
    return get(BIAS_INITIALIZER);
  }

  /** The penalty on the kernel, or null. */
  public Regularizer kernelRegularizer() {
    return get(KERNEL_REGULARIZER);
  }

  /** The penalty on the bias, or null. */
  public Regularizer biasRegularizer() {
    return get(BIAS_REGULARIZER);
  }

  /** The penalty on the output, or null. */
  public Regularizer activityRegularizer() {
    return get(ACTIVITY_REGULARIZER);
  }

  /** Declares a kernel with the kernel initializer, regularizer and constraint. */
  protected final Weight kernel(WeightFactory w, String name, Shape shape) {
    return w.add(name, shape, kernelInitializer())
        .regularizer(kernelRegularizer())
        .constraint(kernelConstraint());
  }

  /** Declares the bias {@code [size]} with the bias initializer and regularizer when {@code use_bias}; null otherwise. */
  protected final Weight bias(WeightFactory w, long size) {
    return bias(w, Shape.of(size), biasInitializer());
  }

  /** Declares the bias of {@code shape} with {@code initializer} and the bias regularizer when {@code use_bias}; else null. */
  protected final Weight bias(WeightFactory w, Shape shape, Initializer initializer) {
    return useBias()
        ? w.add("bias", shape, initializer)
            .regularizer(biasRegularizer())
            .constraint(biasConstraint())
        : null;
  }

  /** Adds {@code bias} (if not null), applies the activation and records the activity penalty (if any). */
  protected final Operand<TFloat32> output(Ops tf, Operand<TFloat32> y, Weight bias) {
    if (bias != null) y = tf.nn.biasAdd(y, bias.value());
    Operand<TFloat32> out = activate(tf, activation(), y);
    if (activityRegularizer() != null) // the penalty in float32 also under a mixed policy
    Ops2.addActivityLoss(tf, activityRegularizer(), toFloat32(tf, out));
    return out;
  }

  private static Operand<TFloat32> toFloat32(Ops tf, Operand<TFloat32> x) {
    return x.type() == TFloat32.class ? x : tf.dtypes.cast(x, TFloat32.class);
  }

  /**
   * The output shape of a layer mapping the last axis to {@code units} through {@code kernel} [in, units] (null before it
   * is built), described as {@code kernelText} ("its kernel is") in errors.
   */
  protected final Shape lastAxisOutput(Shape in, Weight kernel, String kernelText, long units) {
    if (in.numDimensions() < 2) throw shapeError("input of rank >= 2", in, null);
    long last = Shapes.last(in);
    if (last < 0) throw shapeError("a known last dimension", in, null);
    if (kernel != null && last != kernel.shape().get(0)) {
      throw shapeError(
          "input with last dimension " + kernel.shape().get(0) + " (" + kernelText + " "
              + Shapes.text(kernel.shape()) + ")",
          in,
          "add Flatten or GlobalAveragePooling2D before '" + shownName() + "'.");
    }
    return Shapes.withLast(in, units);
  }
}
