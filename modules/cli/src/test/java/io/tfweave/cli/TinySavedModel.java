package io.tfweave.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Exports {@code y = x W + b} ({@code dense/kernel} [2, 3], {@code dense/bias} [3]) as a SavedModel with TF Java's exporter. */
final class TinySavedModel {
  static final float[][] KERNEL = {{1, 2, 3}, {4, 5, 6}};
  static final float[] BIAS = {0.5f, -1, 2};

  private TinySavedModel() {}

  static Path export(Path dir) throws IOException {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
          Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 2)));
      Ops dense = tf.withSubScope("dense");
      var kernel = dense.withName("kernel").variable(tf.constant(KERNEL));
      var bias = dense.withName("bias").variable(tf.constant(BIAS));
      var y = tf.withName("y").math.add(tf.linalg.matMul(x, kernel), bias);
      s.initialize();
      Signature sig = Signature.builder().key(Signature.DEFAULT_KEY).methodName("tensorflow/serving/predict")
          .input("x", x).output("y", y).build();
      SavedModelBundle.exporter(dir.toString()).withTags("serve").withSession(s).withSignature(sig).export();
    }
    return dir;
  }

  /** Adds a Keras-style {@code assets/model.json} describing the model. */
  static void addModelJson(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("assets"));
    Files.writeString(dir.resolve("assets/model.json"), """
        {"class_name": "Sequential", "tfweave_version": "0.1.0",
         "provenance": {"seed": 7, "optimizer": "adam"},
         "config": {"name": "tiny", "layers": [
           {"class_name": "InputLayer", "config": {"name": "input", "batch_shape": [null, 2]}},
           {"class_name": "Dense", "config": {"name": "dense", "units": 3}, "output_shape": [null, 3]},
           {"class_name": "Dropout", "config": {"name": "dropout", "rate": 0.1}}]}}
        """);
  }

  static float[] expected(float[] row) {
    float[] y = new float[3];
    for (int j = 0; j < 3; j++) y[j] = row[0] * KERNEL[0][j] + row[1] * KERNEL[1][j] + BIAS[j];
    return y;
  }
}
