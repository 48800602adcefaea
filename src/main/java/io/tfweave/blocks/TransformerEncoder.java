package io.tfweave.blocks;

import io.tfweave.activations.Activation;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Layer;
import io.tfweave.layers.Option;
import io.tfweave.layers.attention.MultiHeadAttention;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.internal.Masks;
import io.tfweave.layers.normalization.LayerNormalization;
import io.tfweave.layers.regularization.Dropout;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One Transformer encoder block (keras_hub's {@code TransformerEncoder}, Vaswani et al. 2017): multi-head self-attention and
 * a two-layer feed-forward network, each with dropout, a residual connection and layer normalization. Post-norm (the
 * default, as the paper and keras_hub):
 * <pre>{@code
 * x = LN1(x + Dropout(MHA(x, x)))
 * y = LN2(x + Dropout(Dense(d)(Dense(intermediateDim, activation)(x))))
 * }</pre>
 * With {@code normalizeFirst(true)} (pre-norm) the normalizations move inside the branches:
 * {@code x = x + Dropout(MHA(LN1(x), LN1(x)))}, {@code y = x + Dropout(FF(LN2(x)))}.
 *
 * <p>Masks: a padding mask on the input ({@code TokenAndPositionEmbedding.maskZero}) keeps the attention off padded steps,
 * and the output carries it (so that {@code GlobalAveragePooling1D} averages real steps only).
 *
 * <p>Weights, named as keras_hub's: {@code self_attention/query/kernel} … {@code self_attention/attention_output/bias}
 * (heads of size {@code d / numHeads}), {@code self_attention_layer_norm/gamma|beta}, {@code feedforward_layer_norm/gamma|beta},
 * {@code feedforward_intermediate_dense/kernel|bias} and {@code feedforward_output_dense/kernel|bias}. Defaults: dropout 0,
 * activation relu, layer_norm_epsilon 1e-5, kernel glorot_uniform, bias zeros, normalize_first false.
 * Input shape: {@code (batch, steps, d)} with {@code d} divisible into {@code numHeads} heads. Output shape: same as input.
 */
public final class TransformerEncoder extends BaseLayer<TransformerEncoder> {
  /** keras_hub's default epsilon of the layer normalizations. */
  public static final double LAYER_NORM_EPSILON_DEFAULT = 1e-5;

  private static final Option<Integer> INTERMEDIATE_DIM = Option.integer("intermediate_dim")
      .required()
      .checked(d -> Checks.positive("intermediateDim", d));
  private static final Option<Integer> NUM_HEADS =
      Option.integer("num_heads").required().checked(n -> Checks.positive("numHeads", n));
  private static final Option<Double> DROPOUT =
      Option.number("dropout", 0).checked(r -> Checks.rate("dropout", r));
  private static final Option<Activation> ACTIVATION =
      Option.activation("activation", Activation.RELU);
  private static final Option<Double> LAYER_NORM_EPSILON = Option.number(
          "layer_norm_epsilon", LAYER_NORM_EPSILON_DEFAULT)
      .checked(e -> Checks.positive("layerNormEpsilon", e));
  private static final Option<Initializer> KERNEL_INITIALIZER =
      Option.initializer("kernel_initializer", Initializers.glorotUniform());
  private static final Option<Initializer> BIAS_INITIALIZER =
      Option.initializer("bias_initializer", Initializers.zeros());
  private static final Option<Boolean> NORMALIZE_FIRST = Option.bool("normalize_first", false);
  private static final List<Option<?>> OPTIONS = Option.list(
      INTERMEDIATE_DIM,
      NUM_HEADS,
      DROPOUT,
      ACTIVATION,
      LAYER_NORM_EPSILON,
      KERNEL_INITIALIZER,
      BIAS_INITIALIZER,
      NORMALIZE_FIRST);
  private MultiHeadAttention attention;
  private LayerNormalization attentionNorm;
  private Dropout attentionDropout;
  private LayerNormalization feedforwardNorm;
  private Dense intermediate;
  private Dense output;
  private Dropout feedforwardDropout;

  /** An encoder block with a feed-forward layer of {@code intermediateDim} units and {@code numHeads} attention heads. */
  public TransformerEncoder(int intermediateDim, int numHeads) {
    super(OPTIONS);
    set(INTERMEDIATE_DIM, intermediateDim);
    set(NUM_HEADS, numHeads);
  }

  /** Dropout rate of the attention weights and of both residual branches (default 0). */
  public TransformerEncoder dropout(double rate) {
    return set(DROPOUT, rate);
  }

  /** Activation of the intermediate feed-forward layer (default relu). */
  public TransformerEncoder activation(Activation a) {
    return set(ACTIVATION, a);
  }

  /** Epsilon of both layer normalizations (default 1e-5). */
  public TransformerEncoder layerNormEpsilon(double e) {
    return set(LAYER_NORM_EPSILON, e);
  }

  /** Initializer of every kernel (default glorot_uniform). */
  public TransformerEncoder kernelInitializer(Initializer i) {
    return set(KERNEL_INITIALIZER, i);
  }

  /** Initializer of every bias (default zeros). */
  public TransformerEncoder biasInitializer(Initializer i) {
    return set(BIAS_INITIALIZER, i);
  }

  /** Pre-norm (true) or post-norm (false, default). */
  public TransformerEncoder normalizeFirst(boolean b) {
    return set(NORMALIZE_FIRST, b);
  }

  /** Units of the intermediate feed-forward layer. */
  public int intermediateDim() {
    return get(INTERMEDIATE_DIM);
  }

  /** Number of attention heads. */
  public int numHeads() {
    return get(NUM_HEADS);
  }

  @Override
  public Shape outputShape(Shape in) {
    if (in.numDimensions() != 3 || in.get(2) < 0) {
      throw shapeError(
          "a 3-D input (batch, steps, features) with known features",
          in,
          "put an Embedding or TokenAndPositionEmbedding before the encoder.");
    }
    if (in.get(2) / numHeads() == 0) {
      throw shapeError(
          "at least " + numHeads()
              + " features (one per attention head; the key size is features / heads)",
          in,
          "use fewer heads or a larger embedding.");
    }
    return in;
  }

  @Override
  protected void build(Shape in, WeightFactory w) {
    int d = (int) in.get(2);
    double rate = get(DROPOUT);
    double eps = get(LAYER_NORM_EPSILON);
    attention = part(
        new MultiHeadAttention(numHeads(), d / numHeads())
            .dropout(rate)
            .kernelInitializer(get(KERNEL_INITIALIZER))
            .biasInitializer(get(BIAS_INITIALIZER)),
        "self_attention");
    attention.buildWrapped(List.of(in, in), w.child("self_attention"));
    attentionNorm = part(new LayerNormalization().epsilon(eps), "self_attention_layer_norm");
    attentionNorm.buildWrapped(List.of(in), w.child("self_attention_layer_norm"));
    attentionDropout = part(new Dropout(rate), "self_attention_dropout");
    feedforwardNorm = part(new LayerNormalization().epsilon(eps), "feedforward_layer_norm");
    feedforwardNorm.buildWrapped(List.of(in), w.child("feedforward_layer_norm"));
    intermediate = part(
        new Dense(intermediateDim())
            .activation(get(ACTIVATION))
            .kernelInitializer(get(KERNEL_INITIALIZER))
            .biasInitializer(get(BIAS_INITIALIZER)),
        "feedforward_intermediate_dense");
    intermediate.buildWrapped(List.of(in), w.child("feedforward_intermediate_dense"));
    output = part(
        new Dense(d)
            .kernelInitializer(get(KERNEL_INITIALIZER))
            .biasInitializer(get(BIAS_INITIALIZER)),
        "feedforward_output_dense");
    output.buildWrapped(
        List.of(Shape.of(in.get(0), in.get(1), intermediateDim())),
        w.child("feedforward_output_dense"));
    feedforwardDropout = part(new Dropout(rate), "feedforward_dropout");
  }

  private static <L extends Layer> L part(L layer, String name) {
    layer.named(name);
    return layer;
  }

  @Override
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> in, CallMode mode) {
    boolean preNorm = get(NORMALIZE_FIRST);
    Operand<TFloat32> x = in;
    // the attention reads the padding mask of its inputs (the block's input, or its normalization,
    // which passes it on)
    Operand<TFloat32> h = preNorm ? run(tf, attentionNorm, x, mode) : x;
    Operand<TFloat32> a =
        attention.invoke(tf, List.of(h, h), mode).get(0).asOutput().expect(TFloat32.class);
    x = tf.math.add(x, run(tf, attentionDropout, a, mode));
    if (!preNorm) x = run(tf, attentionNorm, x, mode);
    Operand<TFloat32> f = preNorm ? run(tf, feedforwardNorm, x, mode) : x;
    f = run(tf, feedforwardDropout, run(tf, output, run(tf, intermediate, f, mode), mode), mode);
    x = tf.math.add(x, f);
    if (!preNorm) x = run(tf, feedforwardNorm, x, mode);
    return Masks.passOn(in, x);
  }

  private static Operand<TFloat32> run(Ops tf, Layer l, Operand<TFloat32> x, CallMode mode) {
    return l.invoke(tf, List.of(x), mode).get(0).asOutput().expect(TFloat32.class);
  }

  /** Rebuilds an encoder block from its keras_hub config. */
  public static TransformerEncoder fromConfig(Map<String, Object> c) {
    return new TransformerEncoder(INTERMEDIATE_DIM.read(c), NUM_HEADS.read(c)).readConfig(c);
  }
}
