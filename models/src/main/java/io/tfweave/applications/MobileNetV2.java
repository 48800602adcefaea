package io.tfweave.applications;

import io.tfweave.activations.Activation;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Padding;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.activations.ReLU;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.convolutional.DepthwiseConv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.merging.Add;
import io.tfweave.layers.normalization.BatchNormalization;
import io.tfweave.layers.pooling.GlobalAveragePooling2D;
import io.tfweave.layers.pooling.GlobalMaxPooling2D;
import io.tfweave.layers.preprocessing.Rescaling;
import io.tfweave.layers.reshaping.ZeroPadding2D;
import io.tfweave.models.Freezing;
import io.tfweave.models.Model;
import io.tfweave.saving.ImportReport;
import io.tfweave.saving.WeightImport;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Keras's MobileNetV2 (Sandler et al., 2018) with Keras's exact architecture and layer names, so that Keras weights load
 * by name: {@code Conv1}, {@code bn_Conv1}, {@code Conv1_relu}, {@code expanded_conv_depthwise|_BN|_relu},
 * {@code expanded_conv_project|_BN}, then for blocks 1–16 {@code block_N_expand|_BN|_relu}, {@code block_N_pad} (stride-2
 * blocks), {@code block_N_depthwise|_BN|_relu}, {@code block_N_project|_BN}, {@code block_N_add} (residual blocks),
 * {@code Conv_1}, {@code Conv_1_bn}, {@code out_relu}, and with the top {@code global_average_pooling2d} and
 * {@code predictions}.
 *
 * <pre>{@code
 * Model base = MobileNetV2.builder().alpha(0.35).inputShape(96, 96, 3).includeTop(false).pooling("avg").build();
 * }</pre>
 *
 * <p>As in Keras: BatchNormalization with epsilon 1e-3 and momentum 0.999, ReLU6, channel counts rounded by
 * {@link #makeDivisible}, stride-2 depthwise convolutions with {@code valid} padding after an explicit
 * {@code ZeroPadding2D} of {@link #correctPad} (asymmetric for even sizes), 1280 final channels unless alpha > 1. Inputs are
 * expected in [−1, 1] ({@link #preprocessInput}). Parameter counts equal Keras's: alpha 1.0 at 224×224 with the top
 * 3,538,984 (3,504,872 trainable), without it 2,257,984; alpha 0.35 without the top 410,208.
 *
 * <p>No weights ship with tfweave: {@link Builder#weights(Path)} loads a Keras export or checkpoint of the same
 * configuration (see {@code tools/keras_mobilenet_export.py}), or a tfweave export.
 */
public final class MobileNetV2 {
  /** Keras's BatchNormalization epsilon in MobileNetV2. */
  public static final double BN_EPSILON = 1e-3;
  /** Keras's BatchNormalization momentum in MobileNetV2. */
  public static final double BN_MOMENTUM = 0.999;
  /** The number of inverted residual blocks ({@code expanded_conv} = block 0, then block_1 ... block_16). */
  public static final int BLOCKS = 17;

  private static final int[][] BLOCK_SPECS = { // filters, stride, expansion
    {16, 1, 1},
    {24, 2, 6},
    {24, 1, 6},
    {32, 2, 6},
    {32, 1, 6},
    {32, 1, 6},
    {64, 2, 6},
    {64, 1, 6},
    {64, 1, 6},
    {64, 1, 6},
    {96, 1, 6},
    {96, 1, 6},
    {96, 1, 6},
    {160, 2, 6},
    {160, 1, 6},
    {160, 1, 6},
    {320, 1, 6}
  };

  private MobileNetV2() {}

  /** A builder with Keras's defaults: alpha 1.0, input 224×224×3, with the top, 1000 classes, softmax. */
  public static Builder builder() {
    return new Builder();
  }

  /** Keras's {@code _make_divisible}: {@code v} rounded to a multiple of {@code divisor}, never below 90% of {@code v}. */
  public static int makeDivisible(double v, int divisor) {
    int newV = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
    if (newV < 0.9 * v) newV += divisor;
    return newV;
  }

  /** Keras's {@code correct_pad} for a 3×3 stride-2 convolution: {@code {top, bottom, left, right}}. */
  public static int[] correctPad(long height, long width) {
    int adjustH = height < 0 ? 1 : (int) (1 - height % 2);
    int adjustW = width < 0 ? 1 : (int) (1 - width % 2);
    return new int[] {1 - adjustH, 1, 1 - adjustW, 1};
  }

  /** Keras's {@code preprocess_input} for MobileNetV2: pixels in [0, 255] to [−1, 1] ({@code x / 127.5 − 1}), in a new array. */
  public static float[] preprocessInput(float[] pixels) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < out.length; i++) out[i] = pixels[i] / 127.5f - 1f;
    return out;
  }

  /** The same scaling as a layer ({@code Rescaling(1/127.5, offset −1)}) to put in front of the model. */
  public static Rescaling preprocessingLayer() {
    return new Rescaling(1 / 127.5).offset(-1);
  }

  /** The name of block {@code b}'s first layer ({@code expanded_conv_depthwise} or {@code block_b_expand}). */
  public static String firstLayerOfBlock(int b) {
    if (b < 0 || b >= BLOCKS)
      throw new IllegalArgumentException("block must be in [0, 16]. Received: block=" + b);
    return b == 0 ? "expanded_conv_depthwise" : "block_" + b + "_expand";
  }

  /**
   * Fine-tuning as Keras's transfer-learning guide does it: freezes everything before the last {@code n} inverted residual
   * blocks (of the 17, {@code expanded_conv} and {@code block_1} … {@code block_16}); those blocks, the final 1×1
   * convolution {@code Conv_1} and every later layer (a head) train, except their BatchNormalization layers, which stay in
   * inference mode (moving statistics used and kept, scale and offset fixed): updating batch statistics from a small
   * target set would destroy what the base learned. {@code n = 0} trains only the layers after {@code out_relu}. Takes
   * effect at the next {@code compile}; works on a MobileNetV2 model or on a model that contains one.
   *
   * <p>Counting: {@code unfreezeLastBlocks(m, 1)} trains {@code block_16} and {@code Conv_1}, which is what torchvision's
   * {@code features[-2:]} (the last inverted residual and the last 1×1 conv) holds; {@code unfreezeLastBlocks(m, 2)} adds
   * {@code block_15}. Use {@link #unfreezeLastBlocks(Model, int, boolean)} with {@code true} to train the BatchNormalization
   * layers too.
   */
  public static void unfreezeLastBlocks(Model model, int n) {
    unfreezeLastBlocks(model, n, false);
  }

  /**
   * As {@link #unfreezeLastBlocks(Model, int)}; with {@code trainBatchNorm} the BatchNormalization layers of the unfrozen
   * part train as well (batch statistics in training, moving averages updated with the layers' momentum).
   */
  public static void unfreezeLastBlocks(Model model, int n, boolean trainBatchNorm) {
    if (n < 0 || n > BLOCKS)
      throw new IllegalArgumentException("n must be in [0, " + BLOCKS + "]. Received: n=" + n);
    if (n == 0) Freezing.freezeUpTo(model, "out_relu");
    else Freezing.unfreezeFrom(model, firstLayerOfBlock(BLOCKS - n));
    if (trainBatchNorm || n == 0) return;
    for (var l : model.allLayers()) if (l instanceof BatchNormalization) l.setTrainable(false);
  }

  /** Options of one MobileNetV2 model. */
  public static final class Builder {
    private double alpha = 1.0;
    private long[] inputShape = {224, 224, 3};
    private boolean includeTop = true;
    private String pooling;
    private int classes = 1000;
    private Activation classifierActivation = Activation.SOFTMAX;
    private String name;
    private Path weights;
    private Long seed;
    private double bnMomentum = BN_MOMENTUM;

    private Builder() {}

    /** Width multiplier (default 1.0; Keras's pretrained values are 0.35, 0.5, 0.75, 1.0, 1.3, 1.4). */
    public Builder alpha(double a) {
      if (!(a > 0))
        throw new IllegalArgumentException("alpha must be positive. Received: alpha=" + a);
      this.alpha = a;
      return this;
    }

    /** Input height, width, channels (default 224, 224, 3; height and width at least 32). */
    public Builder inputShape(long height, long width, long channels) {
      if (height < 32 || width < 32 || channels < 1) {
        throw new IllegalArgumentException(
            "MobileNetV2 needs inputs of at least 32×32 with one or more channels. Received: "
                + "inputShape=(" + height + ", " + width + ", " + channels + ")");
      }
      this.inputShape = new long[] {height, width, channels};
      return this;
    }

    /** Whether to add global average pooling and the {@code predictions} Dense layer (default true). */
    public Builder includeTop(boolean b) {
      this.includeTop = b;
      return this;
    }

    /** Without the top: {@code "avg"}, {@code "max"} or null (4-D feature map, the default). */
    public Builder pooling(String p) {
      if (p != null && !p.equals("avg") && !p.equals("max")) {
        throw new IllegalArgumentException(
            "pooling must be 'avg', 'max' or null. Received: pooling=" + p);
      }
      this.pooling = p;
      return this;
    }

    /** Classes of the top (default 1000). */
    public Builder classes(int c) {
      if (c < 1)
        throw new IllegalArgumentException(
            "classes must be a positive integer. Received: classes=" + c);
      this.classes = c;
      return this;
    }

    /** Activation of {@code predictions} (default softmax). */
    public Builder classifierActivation(Activation a) {
      this.classifierActivation = a;
      return this;
    }

    /** Model name (default Keras's {@code mobilenetv2_<alpha>_<rows>}). */
    public Builder name(String n) {
      this.name = n;
      return this;
    }

    /**
     * BatchNormalization momentum (default Keras's 0.999). Keras's value suits long training; with a few hundred steps the
     * moving statistics stay near their initial values (a model evaluated in inference mode then predicts nearly one class),
     * so short runs, from scratch or pretraining on a small data set, want 0.9 (PyTorch's default, momentum 0.1 in its
     * convention), which the transfer workload uses. Fine-tuning with {@link #unfreezeLastBlocks(Model, int)} keeps the
     * BatchNormalization layers in inference mode, so there the momentum does not matter. Not part of the saved weights: any
     * value loads the same checkpoints.
     */
    public Builder batchNormMomentum(double m) {
      if (!(m >= 0 && m < 1))
        throw new IllegalArgumentException("momentum must be in [0, 1). Received: momentum=" + m);
      this.bnMomentum = m;
      return this;
    }

    /** Model seed for the initializers (default random). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Loads weights after building from a SavedModel or checkpoint (Keras 3 or tf.keras MobileNetV2 of the same alpha,
     * or a tfweave export): every weight must be found with the right shape; extra variables (e.g. another top) are ignored.
     */
    public Builder weights(Path savedModelOrCheckpoint) {
      this.weights = savedModelOrCheckpoint;
      return this;
    }

    /** Builds the model. */
    public Model build() {
      SymbolicTensor in = Input.of(inputShape);
      int first = makeDivisible(32 * alpha, 8);
      SymbolicTensor x = named(
              new Conv2D(first, 3).strides(2).padding(Padding.SAME).useBias(false), "Conv1")
          .apply(in);
      x = bn("bn_Conv1").apply(x);
      x = relu6("Conv1_relu").apply(x);
      for (int b = 0; b < BLOCKS; b++)
        x = invertedResidual(x, BLOCK_SPECS[b][2], BLOCK_SPECS[b][1], BLOCK_SPECS[b][0], b);
      int last = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
      x = named(new Conv2D(last, 1).useBias(false), "Conv_1").apply(x);
      x = bn("Conv_1_bn").apply(x);
      x = relu6("out_relu").apply(x);
      if (includeTop) {
        x = named(new GlobalAveragePooling2D(), "global_average_pooling2d").apply(x);
        x = named(new Dense(classes).activation(classifierActivation), "predictions")
            .apply(x);
      } else if ("avg".equals(pooling)) {
        x = named(new GlobalAveragePooling2D(), "global_average_pooling2d").apply(x);
      } else if ("max".equals(pooling)) {
        x = named(new GlobalMaxPooling2D(), "global_max_pooling2d").apply(x);
      }
      String modelName = name != null
          ? name
          : String.format(Locale.ROOT, "mobilenetv2_%.2f_%d", alpha, inputShape[0]);
      Model m = Model.of(in, x).named(modelName);
      if (seed != null) m.seed(seed);
      if (weights != null) {
        ImportReport r = WeightImport.from(weights).into(m);
        if (!r.missing().isEmpty() || !r.shapeMismatches().isEmpty()) {
          m.close();
          throw new IllegalArgumentException("Weights at " + weights + " do not fit " + modelName
              + " (alpha " + alpha + ", includeTop " + includeTop + "). " + r.summary());
        }
      }
      return m;
    }

    private SymbolicTensor invertedResidual(
        SymbolicTensor inputs, int expansion, int stride, int filters, int blockId) {
      long inChannels = inputs.shape().get(3);
      int pointwise = makeDivisible((int) (filters * alpha), 8);
      String prefix = blockId == 0 ? "expanded_conv_" : "block_" + blockId + "_";
      SymbolicTensor x = inputs;
      if (blockId != 0) {
        x = named(
                new Conv2D((int) (expansion * inChannels), 1)
                    .padding(Padding.SAME)
                    .useBias(false),
                prefix + "expand")
            .apply(x);
        x = bn(prefix + "expand_BN").apply(x);
        x = relu6(prefix + "expand_relu").apply(x);
      }
      if (stride == 2)
        x = named(new ZeroPadding2D(correctPad(x.shape().get(1), x.shape().get(2))), prefix + "pad")
            .apply(x);
      x = named(
              new DepthwiseConv2D(3)
                  .strides(stride)
                  .useBias(false)
                  .padding(stride == 1 ? Padding.SAME : Padding.VALID),
              prefix + "depthwise")
          .apply(x);
      x = bn(prefix + "depthwise_BN").apply(x);
      x = relu6(prefix + "depthwise_relu").apply(x);
      x = named(new Conv2D(pointwise, 1).padding(Padding.SAME).useBias(false), prefix + "project")
          .apply(x);
      x = bn(prefix + "project_BN").apply(x);
      if (inChannels == pointwise && stride == 1)
        return named(new Add(), prefix + "add").apply(inputs, x);
      return x;
    }

    private BatchNormalization bn(String name) {
      return named(new BatchNormalization().epsilon(BN_EPSILON).momentum(bnMomentum), name);
    }

    private static ReLU relu6(String name) {
      return named(new ReLU().maxValue(6), name);
    }

    private static <L extends Layer> L named(L layer, String name) {
      layer.named(name);
      return layer;
    }
  }
}
