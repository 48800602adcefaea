package io.tfweave.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
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
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("x")
          .placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 2)));
      Ops dense = tf.withSubScope("dense");
      var kernel = dense.withName("kernel").variable(tf.constant(KERNEL));
      var bias = dense.withName("bias").variable(tf.constant(BIAS));
      var y = tf.withName("y").math.add(tf.linalg.matMul(x, kernel), bias);
      s.initialize();
      Signature sig = Signature.builder()
          .key(Signature.DEFAULT_KEY)
          .methodName("tensorflow/serving/predict")
          .input("x", x)
          .output("y", y)
          .build();
      SavedModelBundle.exporter(dir.toString())
          .withTags("serve")
          .withSession(s)
          .withSignature(sig)
          .export();
    }
    return dir;
  }

  /** Adds {@code assets/model.json} in the layout of tfweave's exporter (a functional model with a dense layer). */
  static void addModelJson(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("assets"));
    Files.writeString(
        dir.resolve("assets/model.json"),
        """
        {"format": "tfweave-savedmodel", "format_version": 1,
         "model": {"class_name": "Functional", "config": {"name": "tiny", "trainable": true, "layers": [
           {"class_name": "InputLayer", "name": "x", "config": {"name": "x", "batch_shape": [null, 2]}},
           {"class_name": "Dense", "name": "dense", "config": {"name": "dense", "units": 3},
            "inbound_nodes": [[["x", 0, 0]]]},
           {"class_name": "Dropout", "name": "dropout", "config": {"name": "dropout", "rate": 0.1},
            "inbound_nodes": [[["dense", 0, 0]]]}],
           "input_layers": [["x", 0, 0]], "output_layers": [["dropout", 0, 0]]}},
         "signature": {"key": "serving_default", "method_name": "tensorflow/serving/predict"},
         "weights": [{"name": "dense/kernel", "shape": [2, 3], "trainable": true},
                     {"name": "dense/bias", "shape": [3], "trainable": false}],
         "provenance": {"library": "tfweave", "seed": 7, "optimizer": {"name": "adam", "learning_rate": 0.001}}}
        """);
  }

  /** Adds a Keras {@code model.to_json()} style {@code assets/model.json}: no weight list, output shapes given. */
  static void addKerasStyleModelJson(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("assets"));
    Files.writeString(
        dir.resolve("assets/model.json"),
        """
        {"class_name": "Sequential", "keras_version": "2.15.0",
         "config": {"name": "tiny", "layers": [
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
