package io.tfweave.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.layers.core.Dense;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

class EvaluationTest {
  /** y = 2·x0 + 1 on three samples whose targets make the errors 0, 0 and 5. */
  static Model line() {
    Model m = Sequential.builder().input(2).add(new Dense(1)).seed(1).build();
    m.setWeights(List.of(
        NdArrays.wrap(Shape.of(2, 1), DataBuffers.of(new float[] {2, 0}, false, false)),
        NdArrays.wrap(Shape.of(1), DataBuffers.of(new float[] {1}, false, false))));
    return m;
  }

  static final Dataset DATA = Dataset.ofArrays(
      List.of(HostArray.ofFloats(new float[] {1, 0, 0, 1, 2, 2}, 3, 2)),
      HostArray.ofFloats(new float[] {3, 1, 0}, 3));

  @Test
  void lossIsKerasScalarResultAndTheMapStaysAMap() {
    try (Model m = line()) {
      m.compile("sgd", "mse", "mae");
      Evaluation e = m.evaluate(DATA);
      assertEquals(25.0 / 3, e.loss(), 1e-5);
      assertEquals(5.0 / 3, e.metric("mae"), 1e-5);
      Map<String, Double> asMap = m.evaluate(DATA, 1);
      assertEquals(List.of("loss", "mae"), List.copyOf(asMap.keySet()));
      assertEquals(25.0 / 3, asMap.get("loss"), 1e-5);
      assertThrows(UnsupportedOperationException.class, () -> asMap.put("loss", 0.0));
    }
  }

  @Test
  void missingMetricNamesTheKeysAndTheFix() {
    try (Model m = line()) {
      m.compile("sgd", "mse");
      Evaluation e = m.evaluate(DATA);
      var x = assertThrows(IllegalArgumentException.class, () -> e.metric("accuracy"));
      assertEquals(
          "No metric 'accuracy' in this evaluation. Keys: [loss]. Fix: compile the model with that metric, e.g. "
              + "compile(\"adam\", \"mse\", \"accuracy\").",
          x.getMessage());
    }
  }
}
