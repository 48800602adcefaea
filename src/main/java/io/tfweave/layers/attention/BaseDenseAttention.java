package io.tfweave.layers.attention;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.internal.Checks;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.Masks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * The base of the single-head attention layers {@link Attention} and {@link AdditiveAttention} (Keras's {@code Attention}
 * family): inputs {@code (query, value[, key])}, scores {@code (batch, Tq, Tv)} from the subclass, the value mask and the
 * optional causal mask ({@code scores −= 1e9} where masked, as Keras), softmax, dropout in training, {@code weights · value},
 * and the query mask applied to the output (masked query steps output zeros, and the output carries the query's mask).
 *
 * <p>Options shared by both: {@code dropout} (default 0), {@code seed}, and Keras's call arguments {@code use_causal_mask}
 * and {@code return_attention_scores} (default false), which are options here.
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class BaseDenseAttention<L extends BaseDenseAttention<L>> extends BaseLayer<L> {
  protected static final Option<Double> DROPOUT =
      Option.number("dropout", 0).checked(r -> Checks.rate("dropout", r));
  protected static final Option<Long> SEED = Option.seed();
  protected static final Option<Boolean> USE_CAUSAL_MASK = Option.bool("use_causal_mask", false);
  protected static final Option<Boolean> RETURN_SCORES =
      Option.bool("return_attention_scores", false);
  /** {@code dropout}, {@code seed}, {@code use_causal_mask}, {@code return_attention_scores}. */
  protected static final List<Option<?>> COMMON_OPTIONS =
      Option.list(DROPOUT, SEED, USE_CAUSAL_MASK, RETURN_SCORES);

  /** An attention layer with {@code options}, which include {@link #COMMON_OPTIONS}. */
  protected BaseDenseAttention(List<Option<?>> options) {
    super(options);
  }

  /** Fraction of attention weights dropped in training (default 0). */
  public L dropout(double rate) {
    return set(DROPOUT, rate);
  }

  /** Fixes the op-level seed of the dropout (default: derived from the model seed). */
  public L seed(long s) {
    return set(SEED, s);
  }

  /** Adds a causal mask: query step {@code i} attends only to value steps {@code j ≤ i}. */
  public L useCausalMask(boolean c) {
    return set(USE_CAUSAL_MASK, c);
  }

  /** Adds a second output, the attention weights {@code (batch, Tq, Tv)} (default false). */
  public L returnAttentionScores(boolean r) {
    return set(RETURN_SCORES, r);
  }

  /** The scores {@code (batch, Tq, Tv)} of {@code query} {@code (batch, Tq, d)} against {@code key} {@code (batch, Tv, d)}. */
  protected abstract Operand<TFloat32> scores(
      Ops tf, Operand<TFloat32> query, Operand<TFloat32> key);

  @Override
  public List<Shape> outputShapes(List<Shape> in) {
    if (in.size() < 2 || in.size() > 3) {
      throw new IllegalArgumentException(
          "Layer '" + shownName() + "' (" + className() + ") takes 2 or 3 inputs (query, "
              + "value[, key]), received " + in.size() + ". Hint: self-attention is apply(x, x).");
    }
    List<Shape> qvk = AttentionOps.queryValueKey(in);
    String[] what = {"query", "value", "key"};
    for (int i = 0; i < 3; i++) AttentionOps.checkSequence(this, what[i], qvk.get(i));
    Shape q = qvk.get(0);
    Shape v = qvk.get(1);
    Shape k = qvk.get(2);
    if (k.get(2) != q.get(2)) {
      throw shapeError(
          "a key with the query's " + q.get(2) + " features (scores compare query and key vectors)",
          k,
          "pass a key of size " + q.get(2) + ", or project the inputs with Dense first.");
    }
    if (v.get(1) >= 0 && k.get(1) >= 0 && v.get(1) != k.get(1)) {
      throw shapeError("a key with as many steps as the value (" + v.get(1) + ")", k, null);
    }
    Shape y = Shape.of(q.get(0), q.get(1), v.get(2));
    if (!get(RETURN_SCORES)) return List.of(y);
    return List.of(y, Shape.of(q.get(0), q.get(1), v.get(1)));
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
    Operand<TBool> queryMask = Masks.of(x.get(0));
    Operand<TBool> valueMask = Masks.of(x.get(1));
    Operand<TBool> mask = valueMask == null ? null : tf.expandDims(valueMask, tf.constant(-2));
    if (get(USE_CAUSAL_MASK))
      mask = AttentionOps.and(tf, mask, AttentionOps.causal(tf, query, value));
    Operand<TFloat32> s = scores(tf, query, key);
    if (mask != null) {
      Operand<TFloat32> padding = tf.dtypes.cast(tf.math.logicalNot(mask), TFloat32.class);
      s = tf.math.sub(s, tf.math.mul(padding, tf.constant(-AttentionOps.LARGE_NEGATIVE)));
    }
    Operand<TFloat32> weights = tf.nn.softmax(s);
    Operand<TFloat32> dropped = AttentionOps.dropout(tf, weights, get(DROPOUT), get(SEED), mode);
    Operand<TFloat32> y = tf.train.batchMatMul(dropped, value, TFloat32.class);
    if (queryMask != null) {
      y = tf.math.mul(y, tf.dtypes.cast(tf.expandDims(queryMask, tf.constant(-1)), TFloat32.class));
      CallContext.current().recordMask(y, queryMask);
    }
    List<Operand<?>> out = new ArrayList<>();
    out.add(y);
    if (get(RETURN_SCORES)) out.add(weights);
    return out;
  }

  /** {@code query · keyᵀ}: {@code (batch, Tq, Tv)}. */
  protected static Operand<TFloat32> dot(Ops tf, Operand<TFloat32> query, Operand<TFloat32> key) {
    return tf.train.batchMatMul(query, key, TFloat32.class, BatchMatMul.adjY(true));
  }

  /** {@code Σ_d tanh(query[:, i] + key[:, j])·scale}: {@code (batch, Tq, Tv)}; {@code scale} (broadcast over d) may be null. */
  protected static Operand<TFloat32> additive(
      Ops tf,
      Operand<TFloat32> query,
      Operand<TFloat32> key,
      Operand<TFloat32> inner,
      Operand<TFloat32> outer) {
    Operand<TFloat32> sum =
        tf.math.add(tf.expandDims(query, tf.constant(-2)), tf.expandDims(key, tf.constant(-3)));
    if (inner != null) sum = tf.math.mul(inner, sum);
    Operand<TFloat32> t = tf.math.tanh(sum);
    if (outer != null) t = tf.math.mul(outer, t);
    return tf.sum(t, tf.constant(-1));
  }
}
