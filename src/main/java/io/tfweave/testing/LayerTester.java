package io.tfweave.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import io.tfweave.graph.Weight;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerRegistry;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.reshaping.Flatten;
import io.tfweave.losses.Losses;
import io.tfweave.models.Model;
import io.tfweave.optimizers.Optimizers;
import io.tfweave.training.FitOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/**
 * The conformance check every layer should pass, tfweave's own and yours (Keras's {@code run_layer_test}). {@link #run()}
 * builds the layer in a one-layer model on random inputs and checks, in order:
 * <ol>
 *   <li>the declared output shape ({@code outputShape}), the graph's static shape and a real prediction's shape all equal
 *       the expected one;</li>
 *   <li>the numbers of trainable and non-trainable weights, when expected counts were given;</li>
 *   <li>the config round-trips: through JSON and {@link LayerRegistry} back to an equal config (so the layer must be
 *       registered, see {@link io.tfweave.layers.LayerProvider});</li>
 *   <li>one SGD step lowers a mean-squared-error loss (for layers with trainable weights);</li>
 *   <li>a frozen layer's weights stay bit-identical while a {@code Dense} head on top of it trains.</li>
 * </ol>
 * A failed check throws {@link AssertionError} naming the layer and the check, so any test framework reports it; this class
 * needs none. The factory is called once per model, as each check needs a fresh, unbuilt layer.
 *
 * <pre>{@code
 * @Test void basics() {
 *   LayerTester.of(() -> new Dense(4).activation(RELU))
 *       .inputShape(2, 3).expectOutputShape(2, 4)
 *       .expectTrainableWeights(2).expectNonTrainableWeights(0)
 *       .run();
 * }
 * }</pre>
 *
 * Inputs are float32 Gaussian values (seed 42), or integers in [0, {@code maxValue}) with {@link #intInputs(int)}. The
 * tester checks structure, not numbers: pair it with a {@code correctness} test on hand-set weights and, for new ops, a
 * {@link GradientCheck}.
 */
public final class LayerTester {
  private final Supplier<? extends Layer> factory;
  private long[] inputShape;
  private final List<long[]> extraInputs = new ArrayList<>();
  private DType dtype = DType.FLOAT32;
  private long[] expectedOutput;
  private Integer trainable;
  private Integer nonTrainable;
  private int maxInt = 10;
  private boolean trainStep = true;

  private LayerTester(Supplier<? extends Layer> factory) {
    this.factory = factory;
  }

  /** A tester for layers made by {@code factory} (called several times: each check uses a fresh layer). */
  public static LayerTester of(Supplier<? extends Layer> factory) {
    if (factory == null)
      throw new IllegalArgumentException(
          "LayerTester.of needs a layer factory, e.g. () -> new Dense(4)");
    return new LayerTester(factory);
  }

  /** Input shape with a concrete batch size first, e.g. {@code (2, 3)} for a batch of 2 vectors of size 3. Required. */
  public LayerTester inputShape(long... shape) {
    if (shape == null || shape.length < 2 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
      throw new IllegalArgumentException(
          "inputShape must be a positive batch size and at least one positive dimension. "
              + "Received: inputShape=" + Arrays.toString(shape));
    }
    this.inputShape = shape.clone();
    return this;
  }

  /**
   * Input shapes of a multi-input layer (attention's query and value), each with the same batch size first; the layer is
   * called as {@code layer.apply(in1, in2, ...)}. Replaces {@link #inputShape}.
   */
  public LayerTester inputShapes(long[]... shapes) {
    if (shapes == null || shapes.length == 0)
      throw new IllegalArgumentException("inputShapes needs at least one shape");
    inputShape(shapes[0]);
    extraInputs.clear();
    for (int i = 1; i < shapes.length; i++) {
      long[] extra = shapes[i].clone();
      if (extra.length < 2
          || extra[0] != shapes[0][0]
          || Arrays.stream(extra).anyMatch(d -> d <= 0)) {
        throw new IllegalArgumentException(
            "inputShapes must all start with the batch size " + shapes[0][0] + " and have "
                + "positive dimensions. Received: " + Arrays.toString(extra));
      }
      extraInputs.add(extra);
    }
    return this;
  }

  /** Integer inputs in [0, maxValue) instead of floats (for Embedding-like layers). */
  public LayerTester intInputs(int maxValue) {
    if (maxValue <= 0) {
      throw new IllegalArgumentException(
          "maxValue must be a positive integer. Received: maxValue=" + maxValue);
    }
    this.dtype = DType.INT32;
    this.maxInt = maxValue;
    return this;
  }

  /** Expected output shape with the same batch size as {@link #inputShape}, e.g. {@code (2, 4)}. Required. */
  public LayerTester expectOutputShape(long... shape) {
    if (shape == null || shape.length < 1) {
      throw new IllegalArgumentException(
          "expectOutputShape needs the batch size and the output dimensions. Received: "
              + Arrays.toString(shape));
    }
    this.expectedOutput = shape.clone();
    return this;
  }

  /** Expected number of trainable weights (not checked unless given). */
  public LayerTester expectTrainableWeights(int n) {
    this.trainable = n;
    return this;
  }

  /** Expected number of non-trainable weights (not checked unless given). */
  public LayerTester expectNonTrainableWeights(int n) {
    this.nonTrainable = n;
    return this;
  }

  /** Skips the "one step lowers the loss" check (for layers whose output is random in training, like augmentation). */
  public LayerTester skipTrainingStep() {
    this.trainStep = false;
    return this;
  }

  /**
   * Runs every check.
   *
   * @throws AssertionError when the layer fails a check; the message names the layer, the check, what was expected and what
   *     was received
   * @throws IllegalStateException when {@link #inputShape} or {@link #expectOutputShape} was not given
   */
  public void run() {
    if (inputShape == null)
      throw new IllegalStateException("LayerTester: call inputShape(...) before run()");
    if (expectedOutput == null)
      throw new IllegalStateException("LayerTester: call expectOutputShape(...) before run()");
    if (expectedOutput[0] != inputShape[0]) {
      throw new IllegalStateException(
          "LayerTester: expectOutputShape must start with the batch size " + inputShape[0]
              + " of inputShape. Received: " + Arrays.toString(expectedOutput));
    }
    long[] sample = Arrays.copyOfRange(inputShape, 1, inputShape.length);
    int batch = (int) inputShape[0];
    Dataset data = randomData(batch, sample);

    // 1. build, static shape, prediction shape, weight counts
    Layer layer = factory.get();
    List<SymbolicTensor> in = inputs(sample);
    SymbolicTensor out = layer.apply(in.toArray(new SymbolicTensor[0]));
    long[] expectedStatic = expectedOutput.clone();
    expectedStatic[0] = -1;
    check(
        layer,
        "declared output shape (outputShape)",
        expectedStatic,
        out.shape().asArray());
    try (Model m = Model.of(in, List.of(out)).seed(7)) {
      FloatNdArray y = m.predict(data);
      check(layer, "predicted output shape", expectedOutput, y.shape().asArray());
      check(
          layer,
          "static shape of the graph's output",
          expectedStatic,
          m.graphAccess().outputs().get(0).shape().asArray());
    }
    if (trainable != null)
      check(
          layer,
          "number of trainable weights",
          trainable,
          layer.trainableWeights().size());
    if (nonTrainable != null) {
      check(
          layer,
          "number of non-trainable weights",
          nonTrainable,
          layer.nonTrainableWeights().size());
    }

    // 2. config round trip (through JSON, as a saved model stores it)
    checkConfigRoundTrip(layer);

    // 3. one training step lowers the loss
    if (trainStep && !layer.trainableWeights().isEmpty()) checkTrainingStep(data, sample, batch);

    // 4. a frozen layer's weights stay bit-identical while a head on top trains
    if (!layer.weights().isEmpty()) checkFrozen(data, sample, batch);
  }

  private void checkConfigRoundTrip(Layer layer) {
    Map<String, Object> config = layer.config();
    ObjectMapper json = new ObjectMapper();
    String written;
    Map<String, Object> parsed;
    try {
      written = json.writeValueAsString(config);
      parsed = json.readValue(written, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new AssertionError(describe(layer) + ": config is not JSON-serialisable: " + config, e);
    }
    Layer again;
    try {
      again = LayerRegistry.fromConfig(layer.className(), parsed);
    } catch (RuntimeException e) {
      throw new AssertionError(
          describe(layer) + ": config round trip failed, LayerRegistry could not rebuild it from "
              + written + ": " + e.getMessage(),
          e);
    }
    try {
      String rewritten = json.writeValueAsString(again.config());
      if (!written.equals(rewritten)) {
        throw new AssertionError(
            describe(layer) + ": config round trip changed the config. Expected: " + written
                + ", but the rebuilt layer has: " + rewritten
                + ". Hint: read every key that config() writes in the factory "
                + "of its LayerProvider.");
      }
    } catch (IOException e) {
      throw new AssertionError(
          describe(again) + ": the rebuilt layer's config is not JSON-serialisable", e);
    }
  }

  private void checkTrainingStep(Dataset data, long[] sample, int batch) {
    Layer l = factory.get();
    List<SymbolicTensor> in = inputs(sample);
    try (Model m =
        Model.of(in, List.of(l.apply(in.toArray(new SymbolicTensor[0])))).seed(11)) {
      FloatNdArray before = m.predict(data);
      float[] target = new float[(int) before.shape().size()];
      Random r = new Random(5);
      for (int k = 0; k < target.length; k++) target[k] = (float) r.nextGaussian();
      Dataset d = Dataset.ofArrays(
          data.inputs(), HostArray.ofFloats(target, before.shape().asArray()));
      m.compile(Optimizers.sgd(0.01), Losses.meanSquaredError());
      double l0 = m.evaluate(d, batch).get("loss");
      m.fit(d, FitOptions.epochs(1).batchSize(batch).shuffle(false).verbose(0));
      double l1 = m.evaluate(d, batch).get("loss");
      if (!(l1 < l0)) {
        throw new AssertionError(describe(l)
            + ": one SGD step (learning rate 0.01) should lower the mean squared error, "
            + "but it went from " + l0 + " to " + l1
            + ". Check the gradients (GradientCheck.ofLayer), or call "
            + "skipTrainingStep() if the layer's training output is random.");
      }
    }
  }

  private void checkFrozen(Dataset data, long[] sample, int batch) {
    Layer frozen = factory.get();
    List<SymbolicTensor> in = inputs(sample);
    SymbolicTensor h = frozen.apply(in.toArray(new SymbolicTensor[0]));
    if (h.shape().numDimensions() > 2) h = new Flatten().apply(h);
    Dense head = new Dense(1);
    try (Model m = Model.of(in, List.of(head.apply(h))).seed(13)) {
      frozen.setTrainable(false);
      m.compile(Optimizers.sgd(0.05), Losses.meanSquaredError());
      List<float[]> frozenBefore = values(m, frozen.weights());
      List<float[]> headBefore = values(m, head.weights());
      float[] target = new float[batch];
      Arrays.fill(target, 3f);
      m.fit(
          Dataset.ofArrays(data.inputs(), HostArray.ofFloats(target, batch, 1)),
          FitOptions.epochs(2).batchSize(batch).verbose(0));
      List<float[]> frozenAfter = values(m, frozen.weights());
      for (int k = 0; k < frozenBefore.size(); k++) {
        if (!Arrays.equals(frozenBefore.get(k), frozenAfter.get(k))) {
          throw new AssertionError(
              describe(frozen) + ": weight '" + frozen.weights().get(k).path()
                  + "' changed in training although the layer is frozen (setTrainable(false)). Hint: a weight updated outside "
                  + "the gradients (like moving statistics) must not change when the layer is not trainable.");
        }
      }
      if (Arrays.equals(headBefore.get(0), values(m, head.weights()).get(0))) {
        throw new AssertionError(
            describe(frozen) + ": the Dense head on top of the frozen layer did not train: "
                + "no gradient reaches it through the layer's output");
      }
    }
  }

  private static void check(Layer layer, String what, long[] expected, long[] actual) {
    if (!Arrays.equals(expected, actual)) {
      throw new AssertionError(describe(layer) + ": " + what + " should be "
          + Arrays.toString(expected) + ", but is " + Arrays.toString(actual));
    }
  }

  private static void check(Layer layer, String what, int expected, int actual) {
    if (expected != actual) {
      throw new AssertionError(
          describe(layer) + ": " + what + " should be " + expected + ", but is " + actual);
    }
  }

  private static String describe(Layer layer) {
    return "Layer '" + layer.shownName() + "' (" + layer.className() + ")";
  }

  private static List<float[]> values(Model m, List<Weight> ws) {
    List<float[]> out = new ArrayList<>();
    for (Weight w : ws) out.add(m.weightValue(w));
    return out;
  }

  /** The model inputs: the first of per-sample shape {@code sample}, then the extra ones. */
  private List<SymbolicTensor> inputs(long[] sample) {
    List<SymbolicTensor> in = new ArrayList<>();
    in.add(Input.of(dtype, sample));
    for (long[] e : extraInputs) in.add(Input.of(dtype, Arrays.copyOfRange(e, 1, e.length)));
    return in;
  }

  private Dataset randomData(int batch, long[] sample) {
    Random r = new Random(42);
    long[] first = new long[sample.length + 1];
    first[0] = batch;
    System.arraycopy(sample, 0, first, 1, sample.length);
    List<HostArray> xs = new ArrayList<>();
    xs.add(randomArray(r, first));
    for (long[] e : extraInputs) xs.add(randomArray(r, e));
    return Dataset.ofArrays(xs, null);
  }

  private HostArray randomArray(Random r, long[] full) {
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
    return x;
  }
}
