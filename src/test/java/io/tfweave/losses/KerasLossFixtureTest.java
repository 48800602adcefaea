package io.tfweave.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Every new loss (and label smoothing on the cross-entropies) against Keras 3's values from the committed fixture
 * (tools/make_loss_metric_fixtures.py): each reduction, with and without sample weights, and get_config().
 */
class KerasLossFixtureTest {
  static final Map<String, Supplier<Loss>> CASES = Map.ofEntries(
      Map.entry("kl_divergence", Losses::klDivergence),
      Map.entry("kl_divergence_soft", Losses::klDivergence),
      Map.entry("poisson", Losses::poisson),
      Map.entry("hinge", Losses::hinge),
      Map.entry("hinge_pm1", Losses::hinge),
      Map.entry("squared_hinge", Losses::squaredHinge),
      Map.entry("categorical_hinge", Losses::categoricalHinge),
      Map.entry("log_cosh", Losses::logCosh),
      Map.entry("cosine_similarity", Losses::cosineSimilarity),
      Map.entry("msle", Losses::meanSquaredLogarithmicError),
      Map.entry("mape", Losses::meanAbsolutePercentageError),
      Map.entry("binary_focal", Losses::binaryFocalCrossentropy),
      Map.entry("binary_focal_balanced", () -> Losses.binaryFocalCrossentropy()
          .applyClassBalancing(true)
          .alpha(0.3)
          .gamma(3)),
      Map.entry("binary_focal_logits", () -> Losses.binaryFocalCrossentropy()
          .fromLogits(true)
          .labelSmoothing(0.1)
          .applyClassBalancing(true)),
      Map.entry("categorical_focal", Losses::categoricalFocalCrossentropy),
      Map.entry("categorical_focal_logits", () -> Losses.categoricalFocalCrossentropy()
          .fromLogits(true)
          .labelSmoothing(0.2)
          .alpha(0.5)
          .gamma(1.5)),
      Map.entry("dice", Losses::dice),
      Map.entry("dice_axis1", () -> Losses.dice().axis(1)),
      Map.entry("tversky", Losses::tversky),
      Map.entry("tversky_ab", () -> Losses.tversky().alpha(0.7).beta(0.3)),
      Map.entry("bce_smoothed", () -> Losses.binaryCrossentropy().labelSmoothing(0.2)),
      Map.entry(
          "bce_logits_smoothed", () -> Losses.binaryCrossentropyFromLogits().labelSmoothing(0.1)),
      Map.entry("cce_smoothed", () -> Losses.categoricalCrossentropy().labelSmoothing(0.2)),
      Map.entry("cce_logits_smoothed", () -> Losses.categoricalCrossentropyFromLogits()
          .labelSmoothing(0.1)));

  @Test
  void everyLossEveryReductionMatchesKeras() {
    JsonNode cases = Fixtures.keras().get("losses");
    Set<String> seen = new HashSet<>();
    int checked = 0;
    for (JsonNode c : cases) {
      String id = c.get("id").asText();
      Supplier<Loss> make = CASES.get(id);
      assertTrue(make != null, "no Java loss for fixture case " + id);
      seen.add(id);
      float[][] t = Fixtures.matrix(c.get("y_true"));
      float[][] p = Fixtures.matrix(c.get("y_pred"));
      for (JsonNode e : c.get("evaluations")) {
        Reduction r = Reduction.of(e.get("reduction").asText());
        Loss loss = make.get().reduction(r);
        float[] w = e.get("sample_weight").isNull()
            ? null
            : toFloats(Fixtures.flat(e.get("sample_weight")));
        float[] got = Fixtures.evalAll(tf -> {
          Operand<TFloat32> sw = w == null ? null : tf.constant(w);
          return loss.compute(tf, tf.constant(t), tf.constant(p), null, sw);
        });
        Fixtures.assertClose(
            id + " reduction=" + r.kerasName() + (w == null ? "" : " weighted"),
            Fixtures.flat(e.get("value")),
            got,
            1e-5);
        checked++;
      }
      Fixtures.assertSameConfig(id, c.get("config"), make.get().config());
      // Keras's class name gives the default loss
      if (c.get("kwargs").isEmpty())
        assertEquals(make.get().config(), Losses.get(c.get("class").asText()).config(), id);
    }
    assertEquals(CASES.keySet(), seen);
    assertEquals(CASES.size() * 8, checked);
  }

  @Test
  void reductionIsInTheConfigAndCanBeChangedBack() {
    Loss sum = Losses.hinge().reduction(Reduction.SUM);
    assertEquals("sum", sum.config().get("reduction"));
    assertEquals("hinge", sum.name());
    assertEquals(
        Reduction.SUM_OVER_BATCH_SIZE,
        sum.reduction(Reduction.SUM_OVER_BATCH_SIZE).reduction());
    assertEquals(Reduction.NONE, Reduction.of(null));
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Reduction.of("avg"));
    assertTrue(e.getMessage().contains("Received: reduction=avg"), e.getMessage());
  }

  static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }
}
