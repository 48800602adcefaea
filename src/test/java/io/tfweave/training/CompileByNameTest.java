package io.tfweave.training;

import static io.tfweave.activations.Activation.SIGMOID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.Dataset;
import io.tfweave.data.Synthetic;
import io.tfweave.layers.core.Dense;
import io.tfweave.losses.Loss;
import io.tfweave.losses.Losses;
import io.tfweave.metrics.Metrics;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import io.tfweave.optimizers.Optimizer;
import io.tfweave.optimizers.Optimizers;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompileByNameTest {
  @Test
  void optimizerNamesGiveKerasDefaults() {
    Optimizer rms = Optimizers.get("rmsprop");
    assertInstanceOf(Optimizers.RmsProp.class, rms);
    assertEquals(0.001, rms.learningRate());
    assertEquals(0.9, rms.config().get("rho"));
    assertEquals(1e-7, rms.config().get("epsilon"));
    assertEquals("RMSprop", Optimizers.get("RMSprop").name());
    assertEquals(0.01, Optimizers.get("sgd").learningRate());
    assertEquals(0.0, Optimizers.get("SGD").config().get("momentum"));
    Optimizer adam = Optimizers.get("Adam");
    assertEquals("Adam", adam.name());
    assertEquals(0.001, adam.learningRate());
    assertEquals(0.999, adam.config().get("beta_2"));
    Optimizer adamW = Optimizers.get("adamw");
    assertEquals("AdamW", adamW.name());
    assertEquals(0.004, adamW.config().get("weight_decay"));
  }

  @Test
  void lossAndMetricNamesIncludeKerasAliasesAndClassNames() {
    assertEquals("mean_squared_error", Losses.get("mse").name());
    assertEquals("mean_absolute_error", Losses.get("MeanAbsoluteError").name());
    assertEquals(Loss.Kind.BINARY, Losses.get("binary_crossentropy").kind());
    assertEquals(
        Loss.Kind.SPARSE_CATEGORICAL,
        Losses.get("SparseCategoricalCrossentropy").kind());
    assertEquals("accuracy", Metrics.get("acc").name());
    assertEquals("mae", Metrics.get("mean_absolute_error").name());
    assertEquals("auc", Metrics.get("AUC").name());
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    var o = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adafactor"));
    assertEquals(
        "Unknown optimizer 'adafactor'. Expected one of [sgd, rmsprop, adam, adamw, adagrad, adadelta, adamax, "
            + "nadam, lion, ftrl] (Keras's names, any case). "
            + "Fix: pass one of these names, or an Optimizer such as Optimizers.adam(1e-3).",
        o.getMessage());
    var l = assertThrows(IllegalArgumentException.class, () -> Losses.get("ctc"));
    assertTrue(
        l.getMessage()
            .startsWith("Unknown loss 'ctc'. Expected one of [binary_crossentropy, bce, "),
        l.getMessage());
    assertTrue(l.getMessage().contains("huber"), l.getMessage());
    var m = assertThrows(IllegalArgumentException.class, () -> Metrics.get("f1"));
    assertTrue(
        m.getMessage().startsWith("Unknown metric 'f1'. Expected one of [accuracy, acc, "),
        m.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Optimizers.get(null));
  }

  private static Model logreg() {
    return Sequential.named("logreg")
        .input(2)
        .add(new Dense(1).activation(SIGMOID))
        .seed(5)
        .build();
  }

  @Test
  void compileByNamesTrainsExactlyLikeTheObjects() {
    Dataset rings = Synthetic.concentricRings(2, 40, 3);
    List<Double> byName;
    List<Double> byObject;
    try (Model m = logreg()) {
      m.compile("rmsprop", "binary_crossentropy", "accuracy");
      assertEquals("RMSprop", m.optimizer().name());
      assertEquals(0.001, m.optimizer().learningRate());
      assertEquals("binary_crossentropy", m.loss().name());
      History h = m.fit(rings, FitOptions.epochs(3).batchSize(16).verbose(0));
      assertEquals(List.of("loss", "accuracy"), List.copyOf(h.asMap().keySet()));
      byName = h.get("loss");
    }
    try (Model m = logreg()) {
      m.compile(Optimizers.rmsprop(0.001), Losses.binaryCrossentropy(), Metrics.accuracy());
      byObject = m.fit(rings, FitOptions.epochs(3).batchSize(16).verbose(0)).get("loss");
    }
    assertEquals(byObject, byName);
    try (Model m = logreg()) {
      m.compile(Optimizers.sgd(0.1), "mse", "mae");
      assertEquals("mean_squared_error", m.loss().name());
      var e = assertThrows(IllegalArgumentException.class, () -> m.compile("adam", "ctc"));
      assertTrue(e.getMessage().startsWith("Unknown loss 'ctc'"), e.getMessage());
    }
  }
}
