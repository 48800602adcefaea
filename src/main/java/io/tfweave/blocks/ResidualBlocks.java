package io.tfweave.blocks;

import io.tfweave.layers.Padding;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.activations.ReLU;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.merging.Add;
import io.tfweave.layers.normalization.BatchNormalization;

/**
 * Wires residual blocks from separate layers in the functional API, for when each conv / batch-norm / add should be its own
 * layer (visible in the summary, individually freezable). The weights have the same names as a {@link ResidualBlock} of the
 * same name, so weights can be copied between the two forms.
 *
 * <pre>{@code
 * SymbolicTensor in = Input.of(28, 28, 1);
 * SymbolicTensor x = ResidualBlocks.basic(in, 32, 1, "block1");
 * x = ResidualBlocks.basic(x, 64, 2, "block2");   // adds block2_shortcut_conv/_bn
 * }</pre>
 */
public final class ResidualBlocks {
  private ResidualBlocks() {}

  /**
   * {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut)} with 3×3 "same" convolutions without bias (he_normal), the first
   * with {@code stride}; the shortcut is {@code x}, or a 1×1 convolution + batch normalization when the stride is not 1 or
   * the channels change. Layers are named {@code name_conv1}, {@code name_bn1}, {@code name_relu1}, {@code name_conv2},
   * {@code name_bn2}, {@code name_shortcut_conv}, {@code name_shortcut_bn}, {@code name_add}, {@code name_out}.
   */
  public static SymbolicTensor basic(SymbolicTensor x, int filters, int stride, String name) {
    SymbolicTensor h = conv(filters, 3, stride, name + "_conv1").apply(x);
    h = new BatchNormalization().named(name + "_bn1").apply(h);
    h = new ReLU().named(name + "_relu1").apply(h);
    h = conv(filters, 3, 1, name + "_conv2").apply(h);
    h = new BatchNormalization().named(name + "_bn2").apply(h);
    SymbolicTensor shortcut = x;
    if (stride != 1 || x.shape().get(3) != filters) {
      shortcut = conv(filters, 1, stride, name + "_shortcut_conv").apply(x);
      shortcut = new BatchNormalization().named(name + "_shortcut_bn").apply(shortcut);
    }
    SymbolicTensor sum = new Add().named(name + "_add").apply(h, shortcut);
    return new ReLU().named(name + "_out").apply(sum);
  }

  private static Conv2D conv(int filters, int k, int stride, String name) {
    Conv2D c = new Conv2D(filters, k)
        .strides(stride)
        .padding(Padding.SAME)
        .useBias(false)
        .kernelInitializer(io.tfweave.initializers.Initializers.heNormal());
    c.named(name);
    return c;
  }
}
