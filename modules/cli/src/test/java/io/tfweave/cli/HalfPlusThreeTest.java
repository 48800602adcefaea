package io.tfweave.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A signature whose input has no declared shape, as TF Serving's own test model {@code saved_model_half_plus_three}
 * ({@code y = 0.5 x + 3}): {@code {"instances": [1.0, 2.0, 5.0]}} answers {@code {"predictions": [3.5, 4.0, 5.5]}}, the
 * example of TF Serving's REST API documentation.
 */
class HalfPlusThreeTest {
  @TempDir
  Path dir;

  @Test
  void anInputOfUnknownShapeTakesScalarInstances() throws Exception {
    Path model = dir.resolve("half_plus_three");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class);
      Operand<TFloat32> y = tf.math.add(tf.math.mul(x, tf.constant(0.5f)), tf.constant(3f));
      Signature sig = Signature.builder()
          .key("serving_default")
          .input("x", x)
          .output("y", y)
          .build();
      SavedModelBundle.exporter(model.toString())
          .withFunction(org.tensorflow.SessionFunction.create(sig, s))
          .export();
    }
    Path request = Files.writeString(dir.resolve("r.json"), "{\"instances\": [1.0, 2.0, 5.0]}");
    CliRun r = CliRun.of("predict", model.toString(), "--input", request.toString());
    assertEquals(0, r.code(), r::toString);
    assertEquals(
        new ObjectMapper().readTree("{\"predictions\": [3.5, 4.0, 5.5]}"),
        new ObjectMapper().readTree(r.out()),
        r::toString);
  }
}
