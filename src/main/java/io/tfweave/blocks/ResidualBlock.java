package io.tfweave.blocks;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Option;
import io.tfweave.layers.Padding;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.normalization.BatchNormalization;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A basic residual block (ResNet-18/34 style) as one layer: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}
 * with 3×3 "same" convolutions, the first one strided. The shortcut is the identity, or a 1×1 strided convolution plus
 * batch normalization (a projection) that the block adds itself when the stride is not 1 or the channel count changes.
 *
 * <p>The block owns its sub-layers and their Keras-style weights, named after the block: a block {@code block1} has
 * {@code block1_conv1/kernel}, {@code block1_bn1/gamma} … {@code block1_conv2/kernel}, {@code block1_bn2/…}, and with a
 * projection {@code block1_shortcut_conv/kernel} and {@code block1_shortcut_bn/…}. Convolutions have no bias (the batch
 * normalization that follows has one). Freezing the block freezes all of them (and its batch normalizations then use their
 * moving statistics). {@link ResidualBlocks#basic} wires the same block from separate layers with {@code Add}.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape: {@code (batch, ceil(height / stride),
 * ceil(width / stride), filters)}.
 */
public final class ResidualBlock extends BaseLayer<ResidualBlock> {
  private static final Option<Integer> FILTERS =
      Option.integer("filters").required().checked(f -> Checks.positive("filters", f));
  private static final Option<Integer> STRIDES =
      Option.integer("strides", 1).checked(s -> Checks.positive("stride", s));
  private static final Option<Integer> KERNEL_SIZE =
      Option.integer("kernel_size", 3).checked(k -> Checks.positive("kernel_size", k));
  private static final Option<Double> MOMENTUM = Option.number(
          "momentum", BatchNormalization.MOMENTUM_DEFAULT)
      .checked(m -> Checks.rate("momentum", m));
  private static final Option<Initializer> KERNEL_INITIALIZER =
      Option.initializer("kernel_initializer", Initializers.heNormal());
  private static final Option<Regularizer> KERNEL_REGULARIZER =
      Option.regularizer("kernel_regularizer");
  private static final List<Option<?>> OPTIONS =
      Option.list(FILTERS, STRIDES, KERNEL_SIZE, MOMENTUM, KERNEL_INITIALIZER, KERNEL_REGULARIZER);
  private final List<Layer> parts = new ArrayList<>();
  private final List<String> suffixes = new ArrayList<>();
  private Conv2D conv1;
  private BatchNormalization bn1;
  private Conv2D conv2;
  private BatchNormalization bn2;
  private Conv2D shortcutConv;
  private BatchNormalization shortcutBn;

  /** A block with {@code filters} output channels whose first convolution (and projection) has stride {@code stride}. */
  public ResidualBlock(int filters, int stride) {
    super(OPTIONS);
    set(FILTERS, filters);
    set(STRIDES, stride);
  }

  /** Size of the two main convolutions (default 3). */
  public ResidualBlock kernelSize(int k) {
    return set(KERNEL_SIZE, k);
  }

  /** Initializer of every convolution kernel (default he_normal, as ResNets use). */
  public ResidualBlock kernelInitializer(Initializer i) {
    return set(KERNEL_INITIALIZER, i);
  }

  /** Penalty on every convolution kernel (weight decay). */
  public ResidualBlock kernelRegularizer(Regularizer r) {
    return set(KERNEL_REGULARIZER, r);
  }

  /** Momentum of the block's batch normalizations (default 0.99). */
  public ResidualBlock momentum(double m) {
    return set(MOMENTUM, m);
  }

  /** Output channels. */
  public int filters() {
    return get(FILTERS);
  }

  /** Stride of the first convolution. */
  public int stride() {
    return get(STRIDES);
  }

  /** True once built with a projection shortcut (stride ≠ 1 or a channel change). */
  public boolean hasProjection() {
    return shortcutConv != null;
  }

  /** The sub-layers in call order (main path, then the projection if any); empty before the block is built. */
  public List<Layer> layers() {
    return List.copyOf(parts);
  }

  private boolean needsProjection(Shape in) {
    return stride() != 1 || in.get(3) != filters();
  }

  @Override
  public Shape outputShape(Shape in) {
    if (in.numDimensions() != 4 || in.get(3) < 0) {
      throw shapeError(
          "a 4-D input (batch, height, width, channels) with known channels", in, null);
    }
    if (conv1 != null && in.get(3) != conv1.weights().get(0).shape().get(2)) {
      throw shapeError(
          "input with " + conv1.weights().get(0).shape().get(2) + " channels", in, null);
    }
    int stride = stride();
    long h = in.get(1) < 0 ? -1 : (in.get(1) + stride - 1) / stride;
    long w = in.get(2) < 0 ? -1 : (in.get(2) + stride - 1) / stride;
    return Shape.of(in.get(0), h, w, filters());
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    conv1 = add(conv(get(KERNEL_SIZE), stride()), "_conv1");
    bn1 = add(bn(), "_bn1");
    conv2 = add(conv(get(KERNEL_SIZE), 1), "_conv2");
    bn2 = add(bn(), "_bn2");
    SymbolicTensor x = Input.of(Shapes.perSample(in).asArray());
    bn2.apply(conv2.apply(bn1.apply(conv1.apply(x))));
    if (needsProjection(in)) {
      shortcutConv = add(conv(1, stride()), "_shortcut_conv");
      shortcutBn = add(bn(), "_shortcut_bn");
      shortcutBn.apply(shortcutConv.apply(x));
    }
    for (Layer l : parts) l.setTrainable(isTrainable());
  }

  private BatchNormalization bn() {
    return new BatchNormalization().momentum(get(MOMENTUM));
  }

  private Conv2D conv(int k, int s) {
    return new Conv2D(filters(), k)
        .strides(s)
        .padding(Padding.SAME)
        .useBias(false)
        .kernelInitializer(get(KERNEL_INITIALIZER))
        .kernelRegularizer(get(KERNEL_REGULARIZER));
  }

  private <L extends Layer> L add(L layer, String suffix) {
    parts.add(layer);
    suffixes.add(suffix);
    if (name() != null) layer.named(name() + suffix);
    return layer;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    Operand<TFloat32> h = tf.nn.relu(run(tf, bn1, run(tf, conv1, x, mode), mode));
    h = run(tf, bn2, run(tf, conv2, h, mode), mode);
    Operand<TFloat32> shortcut =
        shortcutConv == null ? x : run(tf, shortcutBn, run(tf, shortcutConv, x, mode), mode);
    return tf.nn.relu(tf.math.add(h, shortcut));
  }

  private static Operand<TFloat32> run(Ops tf, Layer l, Operand<TFloat32> x, CallMode mode) {
    return l.invoke(tf, List.of(x), mode).get(0).asOutput().expect(TFloat32.class);
  }

  // ------------------------------------------------------------------ naming, weights and
  // trainability of the parts

  @Override
  public ResidualBlock named(String newName) {
    super.named(newName);
    nameParts();
    return this;
  }

  @Override
  public void nameIfUnnamed(String defaultName) {
    super.nameIfUnnamed(defaultName);
    nameParts();
  }

  private void nameParts() {
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).name() == null && name() != null)
        parts.get(i).named(name() + suffixes.get(i));
    }
  }

  @Override
  public List<Weight> weights() {
    List<Weight> all = new ArrayList<>();
    for (Layer l : parts) all.addAll(l.weights());
    return all;
  }

  @Override
  public List<Weight> trainableWeights() {
    if (!isTrainable()) return List.of();
    Set<Weight> all = new LinkedHashSet<>();
    for (Layer l : parts) all.addAll(l.trainableWeights());
    return List.copyOf(all);
  }

  @Override
  public List<Weight> nonTrainableWeights() {
    List<Weight> t = trainableWeights();
    return weights().stream().filter(w -> !t.contains(w)).toList();
  }

  @Override
  public long countParams() {
    return weights().stream().mapToLong(Weight::size).sum();
  }

  /** Freezes or unfreezes the block and all its sub-layers. */
  @Override
  public void setTrainable(boolean trainable) {
    super.setTrainable(trainable);
    for (Layer l : parts) l.setTrainable(trainable);
  }

  /** Rebuilds a block from its config. */
  public static ResidualBlock fromConfig(Map<String, Object> c) {
    return new ResidualBlock(FILTERS.read(c), STRIDES.read(c)).readConfig(c);
  }
}
