package io.tfweave.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.graph.Weight;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerRegistry;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/**
 * The conformance harness every layer test uses: builds the layer in a model, checks the declared output shape against the
 * graph's static shape and a real prediction, counts weights, round-trips the config through {@link LayerRegistry} and JSON,
 * checks that one training step lowers the loss, and that a frozen layer's weights stay bit-identical while a head trains.
 */
public final class LayerTester {
  private final Supplier<Layer> factory;
  private long[] inputShape;
  private DType dtype = DType.FLOAT32;
  private long[] expectedOutput;
  private Integer trainable;
  private Integer nonTrainable;
  private int maxInt = 10;
  private boolean trainStep = true;

  private LayerTester(Supplier<Layer> factory) { this.factory = factory; }

  /** A tester for layers made by {@code factory} (called several times: each check uses a fresh layer). */
  public static LayerTester of(Supplier<Layer> factory) { return new LayerTester(factory); }

  /** Input shape with a concrete batch size first, e.g. {@code (2, 3)}. */
  public LayerTester inputShape(long... shape) {
    this.inputShape = shape;
    return this;
  }

  /** Integer inputs in [0, maxValue) (for Embedding-like layers). */
  public LayerTester intInputs(int maxValue) {
    this.dtype = DType.INT32;
    this.maxInt = maxValue;
    return this;
  }

  /** Expected output shape with the same batch size. */
  public LayerTester expectOutputShape(long... shape) {
    this.expectedOutput = shape;
    return this;
  }

  /** Expected number of trainable weights. */
  public LayerTester expectTrainableWeights(int n) {
    this.trainable = n;
    return this;
  }

  /** Expected number of non-trainable weights. */
  public LayerTester expectNonTrainableWeights(int n) {
    this.nonTrainable = n;
    return this;
  }

  /** Skips the "one step lowers the loss" check (for layers whose output is random in training, like augmentation). */
  public LayerTester skipTrainingStep() {
    this.trainStep = false;
    return this;
  }

  /** Runs every check. */
  public void run() {
    long[] sample = Arrays.copyOfRange(inputShape, 1, inputShape.length);
    int batch = (int) inputShape[0];
    Dataset data = randomData(batch, sample);

    // 1. build, static shape, prediction shape, weight counts
    Layer layer = factory.get();
    SymbolicTensor in = Input.of(dtype, sample);
    SymbolicTensor out = layer.apply(in);
    long[] expectedStatic = expectedOutput.clone();
    expectedStatic[0] = -1;
    assertArrayEquals(expectedStatic, out.shape().asArray(), "declared output shape");
    try (Model m = Model.of(in, out).seed(7)) {
      FloatNdArray y = m.predict(data);
      assertArrayEquals(expectedOutput, y.shape().asArray(), "predicted output shape");
      assertArrayEquals(expectedStatic, m.graphAccess().outputs().get(0).shape().asArray(), "graph static shape");
    }
    if (trainable != null) assertEquals(trainable.intValue(), layer.trainableWeights().size(), "trainable weights");
    if (nonTrainable != null) assertEquals(nonTrainable.intValue(), layer.nonTrainableWeights().size(), "non-trainable weights");

    // 2. config round trip (through JSON, as a saved model stores it)
    Map<String, Object> config = layer.config();
    try {
      ObjectMapper json = new ObjectMapper();
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = json.readValue(json.writeValueAsString(config), Map.class);
      Layer again = LayerRegistry.fromConfig(layer.className(), parsed);
      assertEquals(json.writeValueAsString(config), json.writeValueAsString(again.config()), "config round trip");
    } catch (java.io.IOException e) {
      throw new AssertionError("config is not JSON-serialisable: " + config, e);
    }

    // 3. one training step lowers the loss
    if (trainStep && !layer.trainableWeights().isEmpty()) {
      Layer l = factory.get();
      SymbolicTensor i2 = Input.of(dtype, sample);
      try (Model m = Model.of(i2, l.apply(i2)).seed(11)) {
        FloatNdArray before = m.predict(data);
        float[] target = new float[(int) before.shape().size()];
        Random r = new Random(5);
        for (int k = 0; k < target.length; k++) target[k] = (float) r.nextGaussian();
        Dataset d = Dataset.ofArrays(data.inputs(), HostArray.ofFloats(target, before.shape().asArray()));
        m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError());
        double l0 = m.evaluate(d, batch).get("loss");
        m.fit(d, FitOptions.epochs(1).batchSize(batch).shuffle(false).verbose(0));
        double l1 = m.evaluate(d, batch).get("loss");
        assertTrue(l1 < l0, "one SGD step should lower the loss: " + l0 + " -> " + l1);
      }
    }

    // 4. a frozen layer's weights stay bit-identical while a head on top trains
    if (!layer.weights().isEmpty()) {
      Layer frozen = factory.get();
      SymbolicTensor i3 = Input.of(dtype, sample);
      SymbolicTensor h = frozen.apply(i3);
      if (h.shape().numDimensions() > 2) h = new Flatten().apply(h);
      Dense head = new Dense(1);
      try (Model m = Model.of(i3, head.apply(h)).seed(13)) {
        frozen.setTrainable(false);
        m.compile(Optimizers.sgd(0.05), Losses.meanSquaredError());
        List<float[]> frozenBefore = values(m, frozen.weights());
        List<float[]> headBefore = values(m, head.weights());
        float[] target = new float[batch];
        Arrays.fill(target, 3f);
        m.fit(Dataset.ofArrays(data.inputs(), HostArray.ofFloats(target, batch, 1)),
            FitOptions.epochs(2).batchSize(batch).verbose(0));
        List<float[]> frozenAfter = values(m, frozen.weights());
        for (int k = 0; k < frozenBefore.size(); k++) {
          assertArrayEquals(frozenBefore.get(k), frozenAfter.get(k), "frozen weight " + frozen.weights().get(k).path());
        }
        assertFalse(Arrays.equals(headBefore.get(0), values(m, head.weights()).get(0)), "head kernel should change");
      }
    }
  }

  private static List<float[]> values(Model m, List<Weight> ws) {
    List<float[]> out = new ArrayList<>();
    for (Weight w : ws) out.add(m.weightValue(w));
    return out;
  }

  private Dataset randomData(int batch, long[] sample) {
    Random r = new Random(42);
    long[] full = new long[sample.length + 1];
    full[0] = batch;
    System.arraycopy(sample, 0, full, 1, sample.length);
    int size = (int) Shape.of(full).size();
    HostArray x;
    if (dtype == DType.FLOAT32) {
      float[] v = new float[size];
      for (int k = 0; k < size; k++) v[k] = (float) r.nextGaussian();
      x = HostArray.ofFloats(v, full);
    } else {
      int[] v = new int[size];
      for (int k = 0; k < size; k++) v[k] = r.nextInt(maxInt);
      x = HostArray.ofInts(v, full);
    }
    return Dataset.ofArrays(List.of(x), null);
  }
}
