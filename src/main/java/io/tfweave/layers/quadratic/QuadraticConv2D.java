package io.tfweave.layers.quadratic;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.WeightFactory;
import io.tfweave.layers.Option;
import io.tfweave.layers.convolutional.BaseConv;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A 2-D convolution of second-order (quadratic) neurons, channels last:
 * {@code activation((conv(x, W_r) + b_r) ∘ (conv(x, W_g) + b_g) + conv(x∘x, W_b) + c)}.
 *
 * <p>Weights: kernels {@code w_r}, {@code w_g}, {@code w_b} [kh, kw, in, filters] and biases {@code b_r}, {@code b_g},
 * {@code c} [filters], three times the parameters of the matching {@code Conv2D}. Initialisation (ReLinear by default,
 * {@link QuadraticInitialization#RANDOM} for the paper's form), regularizers and the {@code fused} option are those of
 * {@link QuadraticDense} (measured with {@code io.tfweave.examples.quadratic.FashionCnn}, 20 seeds, one epoch on 12,000 or
 * 3,000 Fashion-MNIST images: conv 10-60 and 5-70 networks with ReLinear beat the first-order ones by 1.8–3.4 points of
 * test accuracy, while with random kernels they were level with them); the fused op's gradient uses
 * {@code Conv2DBackpropInput} and {@code Conv2DBackpropFilter} on the upstream gradient times {@code g} and times {@code r}.
 *
 * <p>Input shape: {@code (batch, height, width, in)}. Output shape: {@code (batch, newHeight, newWidth, filters)}, where with
 * {@code Padding.SAME} {@code newHeight = ceil(height / stride)} and with {@code VALID} (default)
 * {@code newHeight = ceil((height - dilatedKernel + 1) / stride)}.
 */
public final class QuadraticConv2D extends BaseConv<QuadraticConv2D> {
  private static final List<Option<?>> OPTIONS = Option.list(
      FILTERS,
      CONV_OPTIONS,
      ACTIVATION,
      WEIGHT_OPTIONS,
      QuadraticWeights.INITIALIZATION,
      QuadraticWeights.FUSED);
  private final QuadraticWeights q = new QuadraticWeights();

  /** A quadratic convolution with {@code filters} outputs and a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  public QuadraticConv2D(int filters, int... kernelSize) {
    super(OPTIONS, kernelSize);
    set(FILTERS, filters);
  }

  /**
   * {@link QuadraticInitialization#RELINEAR} (the default for a layer with biases) or
   * {@link QuadraticInitialization#RANDOM} (the paper's form, and the default with {@code useBias(false)}); see
   * {@link QuadraticInitialization} for the measurements behind the default.
   */
  public QuadraticConv2D initialization(QuadraticInitialization i) {
    return set(QuadraticWeights.INITIALIZATION, i);
  }

  /** The initialisation this layer uses (the one set, else the default for its {@code useBias}). */
  public QuadraticInitialization initialization() {
    return QuadraticWeights.resolve(get(QuadraticWeights.INITIALIZATION), useBias());
  }

  /** Whether to use the fused op with the closed-form gradient (default true) or autodiff of the composed ops. */
  public QuadraticConv2D fused(boolean f) {
    return set(QuadraticWeights.FUSED, f);
  }

  @Override
  protected void checkOptions() {
    QuadraticWeights.check(get(QuadraticWeights.INITIALIZATION), useBias());
  }

  /** Number of output channels. */
  public int filters() {
    return get(FILTERS);
  }

  @Override
  public Shape outputShape(Shape in) {
    long[] hw = outputSize(in, q.wr, "its kernels are");
    return Shape.of(in.get(0), hw[0], hw[1], filters());
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    Shape kernel = Shape.of(kernelSize()[0], kernelSize()[1], in.get(3), filters());
    q.build(w, this, get(QuadraticWeights.INITIALIZATION), kernel, filters());
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32>[] v = q.values(tf, filters());
    Operand<TFloat32> h = QuadraticOps.conv2d(
        tf,
        x,
        v[0],
        v[1],
        v[2],
        v[3],
        v[4],
        v[5],
        get(STRIDES),
        padding(),
        get(DILATION_RATE),
        get(QuadraticWeights.FUSED));
    return output(tf, h, null);
  }

  /** Rebuilds a QuadraticConv2D layer from its config. */
  public static QuadraticConv2D fromConfig(Map<String, Object> c) {
    return new QuadraticConv2D(FILTERS.read(c), KERNEL_SIZE.read(c)).readConfig(c);
  }
}
