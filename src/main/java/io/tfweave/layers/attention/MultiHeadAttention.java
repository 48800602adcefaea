package io.tfweave.layers.attention;

import io.tfweave.constraints.Constraint;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.internal.Checks;
import io.tfweave.internal.Ops2;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Masks;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Multi-head scaled dot-product attention (Keras's {@code MultiHeadAttention}, Vaswani et al. 2017): query, key and value
 * are projected to {@code numHeads} heads, each head computes {@code softmax(q·kᵀ / sqrt(keyDim)) · v}, and the heads are
 * projected back together. All heads run in one batched matmul (no per-head loop).
 *
 * <p>Inputs, in order: {@code query} {@code (batch, T, dq)}, {@code value} {@code (batch, S, dv)}, optionally {@code key}
 * {@code (batch, S, dk)} (default: the value) and an {@code attention_mask} {@code (batch, T, S)} (1 attends, 0 does not;
 * broadcastable, any numeric dtype; pass the value as key to give a mask without a key). Self-attention is
 * {@code mha.apply(x, x)}. As in Keras, masks of the query, value and key inputs ({@code Embedding.maskZero}) are combined
 * with the attention mask and, with {@code useCausalMask(true)}, with a lower-triangular mask; masked logits become −1e9
 * before the softmax. The output carries the query's mask. {@code dropout} drops attention weights in training.
 *
 * <p>Weights (Keras's layout): {@code query/kernel} [dq, heads, keyDim], {@code query/bias} [heads, keyDim],
 * {@code key/kernel} [dk, heads, keyDim], {@code key/bias} [heads, keyDim], {@code value/kernel} [dv, heads, valueDim],
 * {@code value/bias} [heads, valueDim], {@code attention_output/kernel} [heads, valueDim, out], {@code attention_output/bias}
 * [out]; kernels glorot_uniform, biases zeros. Defaults: valueDim = keyDim, dropout 0, use_bias true, out = dq (Keras's
 * {@code output_shape}), attention over the steps axis. Output shape: {@code (batch, T, out)}, and with
 * {@code returnAttentionScores(true)} a second output, the attention weights {@code (batch, heads, T, S)} (use
 * {@code applyAll}).
 *
 * <p>{@code use_causal_mask} and {@code return_attention_scores}, call arguments in Keras, are options here and are written
 * to the config under those names.
 */
public final class MultiHeadAttention extends BaseLayer<MultiHeadAttention> {
  private static final Option<Integer> NUM_HEADS =
      Option.integer("num_heads").required().checked(n -> Checks.positive("numHeads", n));
  private static final Option<Integer> KEY_DIM =
      Option.integer("key_dim").required().checked(d -> Checks.positive("keyDim", d));
  private static final Option<Integer> VALUE_DIM =
      Option.integer("value_dim").nullable().checked(d -> Checks.positive("valueDim", d));
  private static final Option<Double> DROPOUT =
      Option.number("dropout", 0).checked(r -> Checks.rate("dropout", r));
  private static final Option<Boolean> USE_BIAS = Option.bool("use_bias", true);
  private static final Option<Integer> OUTPUT_SHAPE = Option.of(
          "output_shape",
          (Integer) null,
          (Integer v) -> List.of(v),
          MultiHeadAttention::readOutputShape)
      .nullable()
      .checked(d -> Checks.positive("outputShape", d));
  private static final Option<int[]> ATTENTION_AXES = Option.of(
          "attention_axes",
          (int[]) null,
          (int[] a) -> java.util.Arrays.stream(a).boxed().toList(),
          MultiHeadAttention::readAxes)
      .nullable()
      .checked(MultiHeadAttention::checkAxes);
  private static final Option<Initializer> KERNEL_INITIALIZER =
      Option.initializer("kernel_initializer", Initializers.glorotUniform());
  private static final Option<Initializer> BIAS_INITIALIZER =
      Option.initializer("bias_initializer", Initializers.zeros());
  private static final Option<Regularizer> KERNEL_REGULARIZER =
      Option.regularizer("kernel_regularizer");
  private static final Option<Regularizer> BIAS_REGULARIZER =
      Option.regularizer("bias_regularizer");
  private static final Option<Regularizer> ACTIVITY_REGULARIZER =
      Option.regularizer("activity_regularizer");
  private static final Option<Constraint> KERNEL_CONSTRAINT =
      Option.constraint("kernel_constraint");
  private static final Option<Constraint> BIAS_CONSTRAINT = Option.constraint("bias_constraint");
  private static final Option<Long> SEED = Option.seed();
  private static final Option<Boolean> USE_CAUSAL_MASK = Option.bool("use_causal_mask", false);
  private static final Option<Boolean> RETURN_SCORES =
      Option.bool("return_attention_scores", false);
  private static final List<Option<?>> OPTIONS = Option.list(
      NUM_HEADS,
      KEY_DIM,
      VALUE_DIM,
      DROPOUT,
      USE_BIAS,
      OUTPUT_SHAPE,
      ATTENTION_AXES,
      KERNEL_INITIALIZER,
      BIAS_INITIALIZER,
      KERNEL_REGULARIZER,
      BIAS_REGULARIZER,
      ACTIVITY_REGULARIZER,
      KERNEL_CONSTRAINT,
      BIAS_CONSTRAINT,
      SEED,
      USE_CAUSAL_MASK,
      RETURN_SCORES);
  /** query, key, value, attention_output projections: {kernel, bias} each; bias null without use_bias. */
  private final Weight[][] dense = new Weight[4][];

  /** Attention with {@code numHeads} heads of size {@code keyDim} for queries and keys. */
  public MultiHeadAttention(int numHeads, int keyDim) {
    super(OPTIONS);
    set(NUM_HEADS, numHeads);
    set(KEY_DIM, keyDim);
  }

  private static Integer readOutputShape(Object raw) {
    long[] v =
        io.tfweave.layers.internal.Configs.longs(Map.of("output_shape", raw), "output_shape");
    if (v.length != 1) {
      throw new IllegalArgumentException(
          "output_shape must be one integer (the output's last dimension); multi-dimensional "
              + "outputs are not supported. Received: output_shape=" + raw);
    }
    return (int) v[0];
  }

  private static int[] readAxes(Object raw) {
    long[] v =
        io.tfweave.layers.internal.Configs.longs(Map.of("attention_axes", raw), "attention_axes");
    return java.util.Arrays.stream(v).mapToInt(l -> (int) l).toArray();
  }

  private static int[] checkAxes(int[] axes) {
    if (axes.length != 1 || (axes[0] != 1 && axes[0] != -2)) {
      throw new IllegalArgumentException(
          "attention_axes must be null or the steps axis [1] here: inputs are (batch, steps, "
              + "features). Received: attention_axes=" + java.util.Arrays.toString(axes));
    }
    return axes.clone();
  }

  /** Size of each value head (default: keyDim). */
  public MultiHeadAttention valueDim(int d) {
    return set(VALUE_DIM, d);
  }

  /** Fraction of attention weights dropped in training (default 0). */
  public MultiHeadAttention dropout(double rate) {
    return set(DROPOUT, rate);
  }

  /** Whether the projections have biases (default true). */
  public MultiHeadAttention useBias(boolean b) {
    return set(USE_BIAS, b);
  }

  /** The output's last dimension (Keras's {@code output_shape}; default: the query's last dimension). */
  public MultiHeadAttention outputShape(int d) {
    return set(OUTPUT_SHAPE, d);
  }

  /** Keras's {@code attention_axes}: only the steps axis ({@code 1}) is supported, which is also the default. */
  public MultiHeadAttention attentionAxes(int... axes) {
    return set(ATTENTION_AXES, axes);
  }

  /** Initializer of the four kernels (default glorot_uniform, with Keras's fans of the 3-D kernels). */
  public MultiHeadAttention kernelInitializer(Initializer i) {
    return set(KERNEL_INITIALIZER, i);
  }

  /** Initializer of the four biases (default zeros). */
  public MultiHeadAttention biasInitializer(Initializer i) {
    return set(BIAS_INITIALIZER, i);
  }

  /** Penalty on the four kernels. */
  public MultiHeadAttention kernelRegularizer(Regularizer r) {
    return set(KERNEL_REGULARIZER, r);
  }

  /** Penalty on the four biases. */
  public MultiHeadAttention biasRegularizer(Regularizer r) {
    return set(BIAS_REGULARIZER, r);
  }

  /** Penalty on the output of each of the four projections (as Keras passes it to its sub-layers). */
  public MultiHeadAttention activityRegularizer(Regularizer r) {
    return set(ACTIVITY_REGULARIZER, r);
  }

  /** Constraint on the four kernels after each update (default none). */
  public MultiHeadAttention kernelConstraint(Constraint c) {
    return set(KERNEL_CONSTRAINT, c);
  }

  /** Constraint on the four biases after each update (default none). */
  public MultiHeadAttention biasConstraint(Constraint c) {
    return set(BIAS_CONSTRAINT, c);
  }

  /** Fixes the op-level seed of the attention dropout (default: derived from the model seed). */
  public MultiHeadAttention seed(long s) {
    return set(SEED, s);
  }

  /** Adds a causal mask: query step {@code i} attends only to steps {@code j ≤ i} (decoder self-attention). */
  public MultiHeadAttention useCausalMask(boolean c) {
    return set(USE_CAUSAL_MASK, c);
  }

  /** Adds a second output, the attention weights {@code (batch, heads, T, S)} (default false). */
  public MultiHeadAttention returnAttentionScores(boolean r) {
    return set(RETURN_SCORES, r);
  }

  /** Number of heads. */
  public int numHeads() {
    return get(NUM_HEADS);
  }

  /** Size of each query/key head. */
  public int keyDim() {
    return get(KEY_DIM);
  }

  /** Size of each value head. */
  public int valueDim() {
    return get(VALUE_DIM) != null ? get(VALUE_DIM) : keyDim();
  }

  /** Keras's config, with {@code value_dim} written as the effective size (the key size when not set). */
  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("value_dim", valueDim());
    return c;
  }

  private String[] names() {
    return new String[] {"query", "key", "value", "attention_output"};
  }

  @Override
  public List<Shape> outputShapes(List<Shape> in) {
    if (in.size() < 2 || in.size() > 4) {
      throw new IllegalArgumentException(
          "Layer '" + shownName() + "' (MultiHeadAttention) takes 2 to 4 inputs (query, "
              + "value[, key[, attention_mask]]), received " + in.size()
              + ". Hint: self-attention is apply(x, x).");
    }
    List<Shape> qvk = AttentionOps.queryValueKey(in);
    String[] what = {"query", "value", "key"};
    for (int i = 0; i < 3; i++) AttentionOps.checkSequence(this, what[i], qvk.get(i));
    Shape q = qvk.get(0);
    Shape v = qvk.get(1);
    Shape k = qvk.get(2);
    if (v.get(1) >= 0 && k.get(1) >= 0 && v.get(1) != k.get(1)) {
      throw shapeError(
          "a key with as many steps as the value " + Shapes.text(v)
              + " (all dimensions of value and key " + "except the last must be equal)",
          k,
          null);
    }
    if (in.size() == 4) AttentionOps.checkMask(this, in.get(3), q.get(1), v.get(1));
    Shape[] projected = {q, k, v};
    for (int i = 0; i < 3 && dense[0] != null; i++) {
      long want = dense[i][0].shape().get(0);
      if (projected[i].get(2) != want) {
        throw shapeError(
            "a " + names()[i] + " with " + want + " features (its " + names()[i] + "/kernel is "
                + Shapes.text(dense[i][0].shape()) + ")",
            projected[i],
            null);
      }
    }
    long out = get(OUTPUT_SHAPE) != null ? get(OUTPUT_SHAPE) : q.get(2);
    Shape y = Shape.of(q.get(0), q.get(1), out);
    if (!get(RETURN_SCORES)) return List.of(y);
    return List.of(y, Shape.of(q.get(0), numHeads(), q.get(1), v.get(1)));
  }

  @Override
  protected void build(List<Shape> in, WeightFactory w) {
    List<Shape> qvk = AttentionOps.queryValueKey(in);
    Shape[] projected = {qvk.get(0), qvk.get(2), qvk.get(1)};
    int h = numHeads();
    int[] head = {keyDim(), keyDim(), valueDim()};
    for (int i = 0; i < 3; i++) {
      dense[i] = new Weight[] {
        kernel(w, names()[i], Shape.of(projected[i].get(2), h, head[i])),
        bias(w, names()[i], Shape.of(h, head[i]))
      };
    }
    long out = get(OUTPUT_SHAPE) != null ? get(OUTPUT_SHAPE) : qvk.get(0).get(2);
    dense[3] = new Weight[] {
      kernel(w, names()[3], Shape.of(h, valueDim(), out)), bias(w, names()[3], Shape.of(out))
    };
  }

  private Weight kernel(WeightFactory w, String sub, Shape shape) {
    return w.add(sub + "/kernel", shape, get(KERNEL_INITIALIZER))
        .regularizer(get(KERNEL_REGULARIZER))
        .constraint(get(KERNEL_CONSTRAINT));
  }

  private Weight bias(WeightFactory w, String sub, Shape shape) {
    return get(USE_BIAS)
        ? w.add(sub + "/bias", shape, get(BIAS_INITIALIZER))
            .regularizer(get(BIAS_REGULARIZER))
            .constraint(get(BIAS_CONSTRAINT))
        : null;
  }

  @Override
  protected List<DType> outputDTypes(List<DType> in, int outputs) {
    return Collections.nCopies(outputs, DType.FLOAT32);
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    Operand<TFloat32> query = toFloat(tf, x.get(0));
    Operand<TFloat32> value = toFloat(tf, x.get(1));
    Operand<TFloat32> key = x.size() > 2 ? toFloat(tf, x.get(2)) : value;
    // Keras's _compute_attention_mask: query [B, T, 1] & value [B, 1, S] & key [B, 1, S] & causal
    // [1, T, S] & explicit
    Operand<TBool> queryMask = Masks.of(x.get(0));
    Operand<TBool> mask = queryMask == null ? null : tf.expandDims(queryMask, tf.constant(-1));
    Operand<TBool> valueMask = Masks.of(x.get(1));
    if (valueMask != null)
      mask = AttentionOps.and(tf, mask, tf.expandDims(valueMask, tf.constant(-2)));
    Operand<TBool> keyMask = x.size() > 2 ? Masks.of(x.get(2)) : null;
    if (keyMask != null) mask = AttentionOps.and(tf, mask, tf.expandDims(keyMask, tf.constant(-2)));
    if (get(USE_CAUSAL_MASK))
      mask = AttentionOps.and(tf, mask, AttentionOps.causal(tf, query, value));
    if (x.size() > 3) mask = AttentionOps.and(tf, AttentionOps.explicit(tf, x.get(3)), mask);

    int h = numHeads();
    Operand<TFloat32> q = heads(tf, project(tf, query, 0), h, keyDim()); // [B, H, T, Kd]
    Operand<TFloat32> k = heads(tf, project(tf, key, 1), h, keyDim()); // [B, H, S, Kd]
    Operand<TFloat32> v = heads(tf, project(tf, value, 2), h, valueDim()); // [B, H, S, Vd]
    q = tf.math.mul(q, tf.constant((float) (1.0 / Math.sqrt(keyDim()))));
    Operand<TFloat32> scores = tf.train.batchMatMul(
        q, k, TFloat32.class, org.tensorflow.op.train.BatchMatMul.adjY(true)); // [B, H, T, S]
    Operand<TFloat32> weights = AttentionOps.maskedSoftmax(
        tf, scores, mask == null ? null : tf.expandDims(mask, tf.constant(1)));
    Operand<TFloat32> dropped = AttentionOps.dropout(tf, weights, get(DROPOUT), get(SEED), mode);
    Operand<TFloat32> context = tf.train.batchMatMul(dropped, v, TFloat32.class); // [B, H, T, Vd]
    Operand<TFloat32> merged = merge(tf, context, query, h * valueDim()); // [B, T, H·Vd]
    Weight[] o = dense[3];
    Operand<TFloat32> y =
        Ops2.denseMatMul(tf, merged, tf.reshape(o[0].value(), tf.constant(new long[] {
          (long) h * valueDim(), o[0].shape().get(2)
        })));
    if (o[1] != null) y = tf.nn.biasAdd(y, o[1].value());
    activity(tf, y);
    if (queryMask != null) CallContext.current().recordMask(y, queryMask);
    List<Operand<?>> out = new ArrayList<>();
    out.add(y);
    if (get(RETURN_SCORES)) out.add(weights);
    return out;
  }

  /** {@code x · kernel + bias} for projection {@code i}: {@code [B, steps, d]} to {@code [B, steps, heads·size]}. */
  private Operand<TFloat32> project(Ops tf, Operand<TFloat32> x, int i) {
    Weight[] p = dense[i];
    long units = p[0].shape().get(1) * p[0].shape().get(2);
    Operand<TFloat32> y = Ops2.denseMatMul(
        tf, x, tf.reshape(p[0].value(), tf.constant(new long[] {p[0].shape().get(0), units})));
    if (p[1] != null)
      y = tf.nn.biasAdd(y, tf.reshape(p[1].value(), tf.constant(new long[] {units})));
    activity(tf, y);
    return y;
  }

  private void activity(Ops tf, Operand<TFloat32> y) {
    if (get(ACTIVITY_REGULARIZER) != null) Ops2.addActivityLoss(tf, get(ACTIVITY_REGULARIZER), y);
  }

  /** {@code [B, steps, heads·size]} to {@code [B, heads, steps, size]}. */
  private static Operand<TFloat32> heads(Ops tf, Operand<TFloat32> y, int heads, int size) {
    long steps = y.shape().get(1);
    Operand<TFloat32> split = steps >= 0
        ? tf.reshape(y, tf.constant(new long[] {-1, steps, heads, size}))
        : tf.reshape(
            y,
            tf.concat(
                List.of(
                    tf.slice(tf.shape(y), tf.constant(new int[] {0}), tf.constant(new int[] {2})),
                    tf.constant(new int[] {heads, size})),
                tf.constant(0)));
    return tf.linalg.transpose(split, tf.constant(new int[] {0, 2, 1, 3}));
  }

  /** {@code [B, heads, T, size]} to {@code [B, T, heads·size]}, with T as in {@code query}. */
  private static Operand<TFloat32> merge(
      Ops tf, Operand<TFloat32> context, Operand<TFloat32> query, int width) {
    Operand<TFloat32> t = tf.linalg.transpose(context, tf.constant(new int[] {0, 2, 1, 3}));
    long steps = query.shape().get(1);
    if (steps >= 0) return tf.reshape(t, tf.constant(new long[] {-1, steps, width}));
    return tf.reshape(
        t,
        tf.concat(
            List.of(
                tf.slice(tf.shape(query), tf.constant(new int[] {0}), tf.constant(new int[] {2})),
                tf.constant(new int[] {width})),
            tf.constant(0)));
  }

  /** Rebuilds a MultiHeadAttention layer from its Keras config. */
  public static MultiHeadAttention fromConfig(Map<String, Object> c) {
    return new MultiHeadAttention(NUM_HEADS.read(c), KEY_DIM.read(c)).readConfig(c);
  }
}
