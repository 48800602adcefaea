package io.tfweave.layers.attention;

import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Additive (Bahdanau-style) attention (Keras's {@code AdditiveAttention}): {@code softmax(scores) · value} with
 * {@code scores[i, j] = Σ_d scale_d · tanh(query[i, d] + key[j, d])}.
 *
 * <p>Inputs: {@code query} {@code (batch, Tq, d)}, {@code value} {@code (batch, Tv, dv)} and optionally {@code key}
 * {@code (batch, Tv, d)} (default: the value); masks, dropout and the optional outputs as in {@link BaseDenseAttention}.
 * Weights: with {@code use_scale} (default true) {@code scale} [d] (glorot_uniform). Defaults: use_scale true, dropout 0.
 * Output shape: {@code (batch, Tq, dv)}, and with {@code returnAttentionScores(true)} the weights {@code (batch, Tq, Tv)}.
 */
public final class AdditiveAttention extends BaseDenseAttention<AdditiveAttention> {
  private static final Option<Boolean> USE_SCALE = Option.bool("use_scale", true);
  private static final List<Option<?>> OPTIONS = Option.list(USE_SCALE, COMMON_OPTIONS);
  private Weight scale;

  /** Additive attention with a learned scale. */
  public AdditiveAttention() {
    super(OPTIONS);
  }

  /** Whether to learn the per-feature {@code scale} (default true; otherwise 1). */
  public AdditiveAttention useScale(boolean s) {
    return set(USE_SCALE, s);
  }

  @Override
  protected void build(List<Shape> in, WeightFactory w) {
    if (get(USE_SCALE))
      scale = w.add("scale", Shape.of(in.get(0).get(2)), Initializers.glorotUniform());
  }

  @Override
  protected Operand<TFloat32> scores(Ops tf, Operand<TFloat32> query, Operand<TFloat32> key) {
    return additive(tf, query, key, null, scale == null ? null : scale.value());
  }

  /** Rebuilds from a Keras config. */
  public static AdditiveAttention fromConfig(Map<String, Object> c) {
    return new AdditiveAttention().readConfig(c);
  }
}
