package io.tfweave.layers.pooling;

import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.layers.internal.ConvArgs;
import io.tfweave.graph.CallMode;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The shared part of {@link MaxPooling2D} and {@link AveragePooling2D}: window, strides (default: the window) and padding,
 * shape arithmetic and config.
 */
abstract class Pooling2D extends Layer {
  int[] poolSize = {2, 2};
  int[] strides;
  String padding = "valid";

  /** Adds the pooling op with TensorFlow's {@code ksize}/{@code strides} lists and upper-case padding. */
  abstract Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x, java.util.List<Long> ksize, java.util.List<Long> strides,
      String padding);

  int[] effectiveStrides() { return strides != null ? strides : poolSize; }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    int[] s = effectiveStrides();
    long h = ConvArgs.outputLength(in.get(1), poolSize[0], padding, s[0], 1);
    long w = ConvArgs.outputLength(in.get(2), poolSize[1], padding, s[1], 1);
    ConvArgs.checkPositive(this, in, h, w, "a " + poolSize[0] + "x" + poolSize[1] + " pooling window");
    return Shape.of(in.get(0), h, w, in.get(3));
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    return pool(tf, x, ConvArgs.nhwc(poolSize), ConvArgs.nhwc(effectiveStrides()), padding.toUpperCase(Locale.ROOT));
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("pool_size", ConvArgs.list(poolSize));
    c.put("padding", padding);
    c.put("strides", ConvArgs.list(effectiveStrides()));
    c.put("data_format", ConvArgs.DATA_FORMAT);
    return c;
  }

  /** Reads the common keys into {@code l}. */
  static <L extends Pooling2D> L read(L l, Map<String, Object> c) {
    ConvArgs.checkDataFormat(c);
    l.poolSize = ConvArgs.pair(c, "pool_size", l.poolSize);
    l.strides = ConvArgs.pair(c, "strides", null);
    l.padding = ConvArgs.padding((String) c.getOrDefault("padding", "valid"));
    return Configs.common(l, c);
  }
}
