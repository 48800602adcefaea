package io.tfweave.layers.internal;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Layer;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.graph.Weight;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The spatial options shared by the 2-D convolutions (kernel size, strides, padding, dilation rate): their checks, the
 * output size, the strided or atrous convolution call and the Keras config entries.
 */
public final class ConvOptions {
  /** A TensorFlow convolution op given its input, {@code [1, h, w, 1]} strides and upper-case padding. */
  public interface ConvOp {
    Operand<TFloat32> apply(Operand<TFloat32> x, List<Long> strides, String padding);
  }

  public final int[] kernelSize;
  public int[] strides = {1, 1};
  public String padding = Conv2D.PADDING_DEFAULT;
  public int[] dilationRate = {1, 1};

  /** Options for a square ({@code 3}) or rectangular ({@code 3, 5}) kernel. */
  public ConvOptions(int... kernelSize) { this.kernelSize = ConvArgs.pair("kernel_size", kernelSize); }

  public void strides(int... s) { this.strides = ConvArgs.pair("strides", s); }

  public void padding(String p) { this.padding = ConvArgs.padding(p); }

  public void dilationRate(int... d) { this.dilationRate = ConvArgs.pair("dilation_rate", d); }

  /**
   * Checks an image input (and, once built, its channels against axis 2 of {@code kernel}, described as
   * {@code kernelText}, e.g. "its kernel is") and returns the output's {@code {height, width}}.
   */
  public long[] outputSize(Layer layer, Shape in, Weight kernel, String kernelText) {
    ConvArgs.checkImage(layer, in, true);
    ConvArgs.checkStridesAndDilation(strides, dilationRate);
    ConvArgs.checkDilatedInput(layer, in, dilationRate);
    ConvArgs.checkChannels(layer, in, kernel, 2, kernelText);
    long h = ConvArgs.outputLength(in.get(1), kernelSize[0], padding, strides[0], dilationRate[0]);
    long w = ConvArgs.outputLength(in.get(2), kernelSize[1], padding, strides[1], dilationRate[1]);
    ConvArgs.checkPositive(layer, in, h, w, "a " + kernelSize[0] + "x" + kernelSize[1] + " kernel");
    return new long[] {h, w};
  }

  /** Runs {@code op} with the strides, or, when dilated, stride 1 and VALID padding inside {@link ConvArgs#atrous}. */
  public Operand<TFloat32> convolve(Ops tf, Operand<TFloat32> x, Supplier<Shape> out, ConvOp op) {
    return ConvArgs.dilated(dilationRate)
        ? ConvArgs.atrous(tf, x, kernelSize, dilationRate, padding, out.get(), b -> op.apply(b, List.of(1L, 1L, 1L, 1L), "VALID"))
        : op.apply(x, ConvArgs.nhwc(strides), padding.toUpperCase(Locale.ROOT));
  }

  /** Adds {@code kernel_size}, {@code strides} and {@code padding} to a layer config. */
  public void putKernelStridesPadding(Map<String, Object> c) {
    c.put("kernel_size", ConvArgs.list(kernelSize));
    c.put("strides", ConvArgs.list(strides));
    c.put("padding", padding);
  }

  /** Adds {@code data_format} and {@code dilation_rate} to a layer config. */
  public void putFormatAndDilation(Map<String, Object> c) {
    c.put("data_format", ConvArgs.DATA_FORMAT);
    c.put("dilation_rate", ConvArgs.list(dilationRate));
  }

  /** Reads {@code strides} and {@code padding} from a layer config (defaults when absent). */
  public void readStridesAndPadding(Map<String, Object> c) {
    strides = ConvArgs.pair(c, "strides", strides);
    padding = ConvArgs.padding((String) c.getOrDefault("padding", Conv2D.PADDING_DEFAULT));
  }

  /** Reads {@code strides}, {@code padding} and {@code dilation_rate} from a layer config (defaults when absent). */
  public void readConfig(Map<String, Object> c) {
    readStridesAndPadding(c);
    dilationRate = ConvArgs.pair(c, "dilation_rate", dilationRate);
  }
}
