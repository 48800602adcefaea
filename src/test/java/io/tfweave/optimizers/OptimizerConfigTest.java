package io.tfweave.optimizers;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.Dataset;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.saving.ExportOptions;
import io.tfweave.saving.SavedModelExporter;
import io.tfweave.saving.SavedModelLoader;
import io.tfweave.testing.Synthetic;
import io.tfweave.training.FitOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names, configs (round trip, also through an export's provenance), weight-decay exclusion and bad arguments. */
class OptimizerConfigTest {
  @TempDir
  Path dir;

  static List<Optimizer> configured() {
    return List.of(
        Optimizers.sgd(0.2).momentum(0.5).nesterov(true).clipnorm(1.0),
        Optimizers.rmsprop(0.01).rho(0.8).centered(true).globalClipnorm(2),
        Optimizers.adam(Schedules.polynomialDecay(0.1, 50).power(2).cycle(true)).beta1(0.8),
        Optimizers.adamW(0.01, 0.1).epsilon(1e-6).excludeFromWeightDecay(List.of("bias", "gamma")),
        Optimizers.adagrad(0.05).initialAccumulatorValue(0.2).epsilon(1e-6).useEma(true),
        Optimizers.adadelta(1.0).rho(0.9).gradientAccumulationSteps(4),
        Optimizers.adamax(Schedules.inverseTimeDecay(0.1, 10, 0.5).staircase(true))
            .beta2(0.99),
        Optimizers.nadam(Schedules.cosineDecay(0.0, 100, 0.1).warmup(0.01, 10))
            .beta1(0.85)
            .useEma(true)
            .emaMomentum(0.95)
            .emaOverwriteFrequency(5),
        Optimizers.lion(
                Schedules.cosineDecayRestarts(0.01, 10).tMul(1.5).mMul(0.9).alpha(0.1))
            .beta2(0.95)
            .weightDecay(0.2),
        Optimizers.ftrl(0.1)
            .learningRatePower(-0.6)
            .l1RegularizationStrength(0.01)
            .l2RegularizationStrength(0.02)
            .l2ShrinkageRegularizationStrength(0.03)
            .beta(0.1)
            .clipvalue(0.5),
        Optimizers.sgd(Schedules.piecewiseConstant(new long[] {3}, new double[] {0.1, 0.01})),
        Optimizers.sgd(Schedules.exponentialDecay(0.1, 10, 0.9, true)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void configsRoundTripThroughJson() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (Optimizer o : configured()) {
      Map<String, Object> c = o.config();
      Map<String, Object> read = json.readValue(json.writeValueAsString(c), Map.class);
      Optimizer back = Optimizers.fromConfig(read);
      assertEquals(o.getClass(), back.getClass());
      assertEquals(
          json.writeValueAsString(c), json.writeValueAsString(back.config()), o.name() + " config");
      Optimizer keras = Optimizers.fromConfig(Map.of("class_name", o.name(), "config", read));
      assertEquals(c.toString(), keras.config().toString());
    }
  }

  @Test
  void namesAndKerasDefaults() {
    assertEquals(
        List.of(
            "sgd",
            "rmsprop",
            "adam",
            "adamw",
            "adagrad",
            "adadelta",
            "adamax",
            "nadam",
            "lion",
            "ftrl"),
        Optimizers.NAMES);
    for (String n : Optimizers.NAMES) {
      Optimizer o = Optimizers.get(n.toUpperCase(java.util.Locale.ROOT));
      assertEquals(n, o.name().toLowerCase(java.util.Locale.ROOT));
      assertEquals(n.equals("sgd") ? 0.01 : 0.001, o.learningRate(), n);
      assertEquals(false, o.config().get("use_ema"));
      assertEquals(0.99, o.config().get("ema_momentum"));
    }
    assertEquals(0.1, Optimizers.get("Adagrad").config().get("initial_accumulator_value"));
    assertEquals(1e-7, Optimizers.get("Adagrad").config().get("epsilon"));
    assertEquals(0.95, Optimizers.get("Adadelta").config().get("rho"));
    assertEquals(0.99, Optimizers.get("Lion").config().get("beta_2"));
    assertEquals(-0.5, Optimizers.get("Ftrl").config().get("learning_rate_power"));
    assertEquals(0.004, Optimizers.get("AdamW").config().get("weight_decay"));
    assertNull(Optimizers.get("Adam").config().get("weight_decay"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void anExportedModelRecordsAConfigThatRebuildsItsOptimizer() {
    Dataset d = Synthetic.linear(16, new float[] {1, 2}, 0f, 0.0, 1);
    Optimizer o = Optimizers.nadam(Schedules.cosineDecay(0.0, 20, 0.0).warmup(0.01, 5))
        .useEma(true)
        .gradientAccumulationSteps(2)
        .weightDecay(0.01)
        .excludeFromWeightDecay(List.of("bias"));
    try (Model m = Sequential.builder().input(2).add(new Dense(1)).seed(1).build()) {
      m.compile(o, Losses.meanSquaredError());
      m.fit(d, FitOptions.epochs(2).batchSize(4).verbose(0));
      Path out = SavedModelExporter.export(m, dir.resolve("m"), ExportOptions.defaults());
      Map<String, Object> prov = SavedModelLoader.provenance(SavedModelLoader.readModelJson(out));
      Map<String, Object> saved = (Map<String, Object>) prov.get("optimizer");
      assertEquals("Nadam", saved.get("name"));
      Optimizer back = Optimizers.fromConfig(saved);
      assertEquals(o.config().toString(), back.config().toString());
    }
  }

  @Test
  void excludedWeightsGetNoDecay() {
    double[][] w0 = {{0.5, -1, 1.5, 0.25}, {0.1, -0.2, 0.3}};
    double[][] g = {{0.1, 0.2, -0.3, 0.4}, {0.5, -0.6, 0.7}};
    Optimizer[] opts = {
      Optimizers.adam(0.01),
      Optimizers.adamW(0.01, 0.5).excludeFromWeightDecay(List.of("bias")),
      Optimizers.adamW(0.01, 0.5)
    };
    double[][][] after = new double[3][][];
    for (int k = 0; k < 3; k++) {
      try (OptimizerHarness h = new OptimizerHarness(opts[k], w0)) {
        for (int s = 0; s < 3; s++) h.step(g);
        after[k] = h.weights();
      }
    }
    assertArrayEquals(after[0][1], after[1][1], 0, "excluded bias: exactly Adam's");
    assertArrayEquals(after[2][0], after[1][0], 0, "kernel decays as with no exclusion");
    for (int j = 0; j < 4; j++) {
      // three decays by (1 - lr·wd) shrink the kernel towards zero
      assertTrue(Math.abs(after[1][0][j]) < Math.abs(after[0][0][j]), "kernel " + j);
    }
    assertTrue(
        Math.abs(after[2][1][0] - after[0][1][0]) > 1e-5, "without exclusion the bias decays");
  }

  @Test
  void badArgumentsNameTheArgument() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> Optimizers.sgd().gradientAccumulationSteps(1));
    assertEquals(
        "gradientAccumulationSteps must be an integer >= 2. Received: gradientAccumulationSteps=1",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd().emaMomentum(1.5));
    assertEquals("emaMomentum must be in [0, 1]. Received: emaMomentum=1.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Optimizers.lion().beta1(0));
    assertTrue(e.getMessage().contains("SignSGD"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> Optimizers.ftrl().learningRatePower(0.5));
    assertTrue(e.getMessage().contains("Received: learningRatePower=0.5"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> Optimizers.fromConfig(Map.of("name", "Adam", "beta_3", 0.5)));
    assertTrue(e.getMessage().contains("no config key 'beta_3'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Schedules.polynomialDecay(0.1, 0));
    assertEquals("decaySteps must be positive. Received: decaySteps=0", e.getMessage());
  }
}
