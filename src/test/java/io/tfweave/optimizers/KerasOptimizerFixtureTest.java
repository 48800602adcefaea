package io.tfweave.optimizers;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every optimizer's first steps on a fixed problem (fixed gradients for a 2×2 kernel and a 3-vector bias) equal the update
 * formula computed here in doubles ({@link Reference}) and Keras's own numbers, from {@code keras_optimizers.json}
 * (written by {@code tools/make_optimizer_fixtures.py}); each optimizer is rebuilt from Keras's serialized config.
 */
class KerasOptimizerFixtureTest {
  static final double TOL = 1e-6;

  @SuppressWarnings("unchecked")
  static Map<String, Object> fixture() {
    try (InputStream in =
        KerasOptimizerFixtureTest.class.getResourceAsStream("keras_optimizers.json")) {
      return new ObjectMapper().readValue(in, Map.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static double[] doubles(Object list) {
    return ((List<?>) list)
        .stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
  }

  static double[][] pair(Object list) {
    List<?> l = (List<?>) list;
    return new double[][] {doubles(l.get(0)), doubles(l.get(1))};
  }

  static void close(double[][] expected, double[][] actual, double tol, String what) {
    for (int i = 0; i < expected.length; i++)
      for (int j = 0; j < expected[i].length; j++) {
        double e = expected[i][j];
        double a = actual[i][j];
        assertEquals(e, a, tol * Math.max(1, Math.abs(e)), what + " [" + i + "][" + j + "]");
      }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyOptimizerMatchesItsFormulaAndKeras() {
    Map<String, Object> f = fixture();
    double[][] initial = {doubles(f.get("kernel")), doubles(f.get("bias"))};
    List<double[][]> grads = new ArrayList<>();
    for (Object s : (List<?>) f.get("grads")) grads.add(pair(s));
    Map<String, Object> cases = (Map<String, Object>) f.get("optimizers");
    assertTrue(cases.size() >= 20, "cases: " + cases.keySet());
    List<String> classes = new ArrayList<>();
    for (var e : cases.entrySet()) {
      String name = e.getKey();
      Map<String, Object> k = (Map<String, Object>) e.getValue();
      String cls = (String) k.get("class_name");
      Map<String, Object> config = (Map<String, Object>) k.get("config");
      classes.add(cls);
      Optimizer o = Optimizers.fromConfig(Map.of("class_name", cls, "config", config));
      assertEquals(cls, o.name(), name);
      Reference ref = new Reference(cls, config, initial);
      List<?> kerasSteps = (List<?>) k.get("steps");
      List<?> kerasAverages = (List<?>) k.get("averages");
      try (OptimizerHarness h = new OptimizerHarness(o, initial)) {
        for (int s = 0; s < kerasSteps.size(); s++) {
          h.step(grads.get(s));
          ref.step(grads.get(s));
          String at = name + " step " + (s + 1);
          double[][] w = h.weights();
          close(ref.w, w, TOL, at + " vs formula");
          close(pair(kerasSteps.get(s)), w, TOL, at + " vs Keras");
          if (o.usesEma()) {
            close(ref.averages, h.slot("average"), TOL, at + " EMA vs formula");
            close(pair(kerasAverages.get(s)), h.slot("average"), TOL, at + " EMA vs Keras");
          }
        }
        assertEquals(kerasSteps.size(), h.iterations(), name + " iterations count every step");
      }
    }
    for (String cls : List.of(
        "SGD",
        "RMSprop",
        "Adam",
        "AdamW",
        "Adagrad",
        "Adadelta",
        "Adamax",
        "Nadam",
        "Lion",
        "Ftrl")) assertTrue(classes.contains(cls), cls + " has no fixture case");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyScheduleMatchesKeras() {
    Map<String, Object> cases = (Map<String, Object>) fixture().get("schedules");
    List<String> classes = new ArrayList<>();
    for (var e : cases.entrySet()) {
      Map<String, Object> k = (Map<String, Object>) e.getValue();
      LearningRateSchedule s = Schedules.fromConfig(k);
      classes.add(s.kerasName());
      assertEquals(k.get("class_name"), s.kerasName());
      Map<String, Object> keras = (Map<String, Object>) k.get("config");
      for (var kv : s.config().entrySet()) {
        Object kv2 = keras.get(kv.getKey());
        assertTrue(keras.containsKey(kv.getKey()), e.getKey() + " lacks Keras key " + kv.getKey());
        if (kv.getValue() instanceof Number n) {
          assertEquals(
              ((Number) kv2).doubleValue(), n.doubleValue(), 1e-12, e.getKey() + " " + kv.getKey());
        }
      }
      double[] steps = doubles(k.get("steps"));
      double[] values = doubles(k.get("values"));
      double[] inGraph = ScheduleEval.eval(s, steps);
      for (int i = 0; i < steps.length; i++) {
        String at = e.getKey() + " at step " + (long) steps[i];
        assertEquals(
            values[i], s.valueAt((long) steps[i]), 1e-6 * Math.max(1, values[i]), at + " (Java)");
        assertEquals(values[i], inGraph[i], 1e-6, at + " (graph)");
      }
    }
    for (String cls : List.of(
        "ExponentialDecay",
        "PiecewiseConstantDecay",
        "PolynomialDecay",
        "InverseTimeDecay",
        "CosineDecay",
        "CosineDecayRestarts")) assertTrue(classes.contains(cls), cls + " has no fixture case");
  }
}
