package io.tfweave.layers.attention;

import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.KerasEnum;
import io.tfweave.layers.Option;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Dot-product (Luong-style) attention (Keras's {@code Attention}): {@code softmax(scores) · value} with
 * {@code scores = query · keyᵀ}, or with {@link ScoreMode#CONCAT} {@code concat_score_weight · Σ tanh(query + key)}.
 *
 * <p>Inputs: {@code query} {@code (batch, Tq, d)}, {@code value} {@code (batch, Tv, dv)} and optionally {@code key}
 * {@code (batch, Tv, d)} (default: the value); masks, dropout and the optional outputs as in {@link BaseDenseAttention}.
 * Weights: with {@code useScale(true)} a scalar {@code scale} (ones) multiplying the scores (inside the tanh for concat);
 * with concat a scalar {@code concat_score_weight} (ones). Defaults: use_scale false, score_mode dot, dropout 0.
 * Output shape: {@code (batch, Tq, dv)}, and with {@code returnAttentionScores(true)} the weights {@code (batch, Tq, Tv)}.
 */
public final class Attention extends BaseDenseAttention<Attention> {
  /** How the scores are computed (Keras's {@code score_mode}). */
  public enum ScoreMode implements KerasEnum {
    /** {@code query · keyᵀ} (default). */
    DOT,
    /** {@code Σ tanh(query + key)} over the features. */
    CONCAT
  }

  private static final Option<Boolean> USE_SCALE = Option.bool("use_scale", false);
  private static final Option<ScoreMode> SCORE_MODE =
      Option.mode("score_mode", ScoreMode.class, ScoreMode.DOT);
  private static final List<Option<?>> OPTIONS = Option.list(USE_SCALE, SCORE_MODE, COMMON_OPTIONS);
  private Weight scale;
  private Weight concatScoreWeight;

  /** Dot-product attention without a learned scale. */
  public Attention() {
    super(OPTIONS);
  }

  /** Whether to learn a scalar {@code scale} of the scores (default false). */
  public Attention useScale(boolean s) {
    return set(USE_SCALE, s);
  }

  /** {@link ScoreMode#DOT} (default) or {@link ScoreMode#CONCAT}. */
  public Attention scoreMode(ScoreMode m) {
    return set(SCORE_MODE, m);
  }

  @Override
  protected void build(List<Shape> in, WeightFactory w) {
    if (get(USE_SCALE)) scale = w.add("scale", Shape.scalar(), Initializers.ones());
    if (get(SCORE_MODE) == ScoreMode.CONCAT)
      concatScoreWeight = w.add("concat_score_weight", Shape.scalar(), Initializers.ones());
  }

  @Override
  protected Operand<TFloat32> scores(Ops tf, Operand<TFloat32> query, Operand<TFloat32> key) {
    Operand<TFloat32> s = scale == null ? null : scale.value();
    if (get(SCORE_MODE) == ScoreMode.DOT) {
      Operand<TFloat32> d = dot(tf, query, key);
      return s == null ? d : tf.math.mul(d, s);
    }
    return additive(tf, query, key, s, concatScoreWeight.value());
  }

  /** Rebuilds from a Keras config. */
  public static Attention fromConfig(Map<String, Object> c) {
    return new Attention().readConfig(c);
  }
}
