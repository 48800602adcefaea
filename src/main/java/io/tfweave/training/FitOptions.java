package io.tfweave.training;

import io.tfweave.data.Dataset;
import io.tfweave.data.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@code fit}: {@code FitOptions.epochs(10).batchSize(32).validationSplit(0.2).callbacks(...)}. Defaults follow
 * Keras: batch size 32, shuffle on, verbose 1 (progress bar), no validation.
 */
public final class FitOptions {
  /** Keras's default batch size. */
  public static final int BATCH_SIZE_DEFAULT = 32;

  private final int epochs;
  private int initialEpoch;
  private int batchSize = BATCH_SIZE_DEFAULT;
  private boolean shuffle = true;
  private Long seed;
  private double validationSplit;
  private Dataset validationData;
  private int verbose = 1;
  private boolean checkFinite;
  private final List<Callback> callbacks = new ArrayList<>();
  private boolean batchSizeSet;
  private int stepsPerEpoch = -1;
  private int validationSteps = -1;
  private Pipeline validationPipeline;
  private java.util.Map<Integer, Double> classWeight;
  private io.tfweave.data.HostArray sampleWeight;
  private java.util.Map<String, io.tfweave.data.HostArray> outputSampleWeights;
  private io.tfweave.data.HostArray validationSampleWeight;
  private java.util.Map<String, io.tfweave.data.HostArray> validationOutputSampleWeights;

  private FitOptions(int epochs) {
    if (epochs <= 0)
      throw new IllegalArgumentException(
          "epochs must be a positive integer. Received: epochs=" + epochs);
    this.epochs = epochs;
  }

  /** Train for {@code n} epochs. */
  public static FitOptions epochs(int n) {
    return new FitOptions(n);
  }

  /**
   * The epoch to start from (Keras's {@code initial_epoch}, default 0), to resume a run: {@code epochs} stays the index of
   * the last epoch plus one, so {@code FitOptions.epochs(6).initialEpoch(3)} trains epochs 3, 4 and 5, numbered so in the
   * history and callbacks. The shuffles of the skipped epochs are replayed, so with the weights (and for optimizers with
   * state, the optimizer state) of epoch 3 restored the run continues exactly as an uninterrupted one under the same seed.
   * Dropout masks and augmentation draws in the training step are keyed by a step counter saved with the optimizer state
   * ({@code io.tfweave.graph.RandomOps}), so they continue exactly too.
   */
  public FitOptions initialEpoch(int e) {
    if (e < 0)
      throw new IllegalArgumentException("initialEpoch must be >= 0. Received: initialEpoch=" + e);
    this.initialEpoch = e;
    return this;
  }

  /** Samples per gradient step (default 32). */
  public FitOptions batchSize(int b) {
    if (b <= 0)
      throw new IllegalArgumentException(
          "batchSize must be a positive integer. Received: batchSize=" + b);
    this.batchSize = b;
    this.batchSizeSet = true;
    return this;
  }

  /** Whether to reshuffle the training samples every epoch (default true). */
  public FitOptions shuffle(boolean s) {
    this.shuffle = s;
    return this;
  }

  /** Seed of the shuffling (default: the model's seed). */
  public FitOptions seed(long s) {
    this.seed = s;
    return this;
  }

  /**
   * Holds out the last {@code fraction} of the data (taken before shuffling, as Keras does) for validation. With
   * {@link #sampleWeight} the weights are split with the samples (Keras's {@code train_validation_split} of {@code (x, y,
   * sample_weight)}): {@code val_loss} and the weighted metrics use the held-out samples' weights.
   */
  public FitOptions validationSplit(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "validationSplit must be in (0, 1). Received: validationSplit=" + fraction);
    }
    this.validationSplit = fraction;
    return this;
  }

  /** Validation data evaluated at the end of each epoch (unweighted). */
  public FitOptions validation(Dataset data) {
    this.validationData = data;
    this.validationPipeline = null;
    this.validationSampleWeight = null;
    this.validationOutputSampleWeights = null;
    return this;
  }

  /**
   * Validation data with one weight per sample (Keras's {@code validation_data=(x, y, sample_weight)}): {@code val_loss}
   * is {@code sum(w * loss) / samples} and the weighted metrics are weighted by {@code sampleWeight} (checked as {@link
   * #sampleWeight(io.tfweave.data.HostArray)}).
   */
  public FitOptions validation(Dataset data, io.tfweave.data.HostArray sampleWeight) {
    io.tfweave.data.HostArray w = new FitOptions(1).sampleWeight(sampleWeight).sampleWeight();
    validation(data);
    this.validationSampleWeight = w;
    return this;
  }

  /**
   * Validation data of a multi-output model with per-output sample weights (keyed by output name or position, as {@link
   * #sampleWeight(java.util.Map)}); outputs left out are unweighted.
   */
  public FitOptions validation(
      Dataset data, java.util.Map<String, io.tfweave.data.HostArray> sampleWeight) {
    java.util.Map<String, io.tfweave.data.HostArray> w =
        new FitOptions(1).sampleWeight(sampleWeight).outputSampleWeights();
    validation(data);
    this.validationOutputSampleWeights = w;
    return this;
  }

  /** The sample weights of {@link #validationData()}, or null. */
  public io.tfweave.data.HostArray validationSampleWeight() {
    return validationSampleWeight;
  }

  /** The per-output sample weights of {@link #validationData()}, or null. */
  public java.util.Map<String, io.tfweave.data.HostArray> validationOutputSampleWeights() {
    return validationOutputSampleWeights;
  }

  /** Validation data from a pipeline (batched like the training one), evaluated at the end of each epoch. */
  public FitOptions validation(Pipeline data) {
    this.validationPipeline = data;
    this.validationData = null;
    this.validationSampleWeight = null;
    this.validationOutputSampleWeights = null;
    return this;
  }

  /**
   * Batches per epoch when training on a {@link Pipeline} (default: until the pipeline ends). With it the pipeline's
   * iterator carries on across epochs, so a {@code repeat()}ed pipeline can be trained on; when it runs out, the epoch ends
   * early and the next one starts a new pass. Arrays always train on all their samples each epoch.
   */
  public FitOptions stepsPerEpoch(int n) {
    if (n <= 0)
      throw new IllegalArgumentException(
          "stepsPerEpoch must be a positive integer. Received: stepsPerEpoch=" + n);
    this.stepsPerEpoch = n;
    return this;
  }

  /** Batches of a validation {@link Pipeline} per evaluation (default: until it ends). */
  public FitOptions validationSteps(int n) {
    if (n <= 0)
      throw new IllegalArgumentException(
          "validationSteps must be a positive integer. Received: validationSteps=" + n);
    this.validationSteps = n;
    return this;
  }

  /**
   * Weighs each training sample's loss by its class (Keras's {@code class_weight}): class index to weight, missing
   * classes 1. Labels are the class index (sparse targets), the argmax (one-hot) or 0/1 (binary). As in Keras, class weights
   * apply to training only; validation is weighted by sample weights alone.
   * A class-weighted fit has its own training step, so its optimizer state is not shared with unweighted fits.
   */
  public FitOptions classWeight(java.util.Map<Integer, Double> weights) {
    for (java.util.Map.Entry<Integer, Double> e : weights.entrySet()) {
      if (e.getKey() == null
          || e.getKey() < 0
          || e.getValue() == null
          || !(e.getValue() >= 0)
          || e.getValue().isInfinite()) {
        throw new IllegalArgumentException(
            "classWeight needs class indices >= 0 and finite weights >= 0. Received: " + weights);
      }
    }
    this.classWeight = java.util.Map.copyOf(weights);
    return this;
  }

  /**
   * Per-sample loss weights for array inputs (Keras's {@code fit(x, y, sample_weight=w)}): one number per sample of
   * {@code x} ({@code [n]} or {@code [n, 1]}). The loss becomes {@code sum(w * loss) / batch size} (Keras's
   * sum_over_batch_size), and the compiled weighted metrics are weighted by it. With {@code validationSplit} the weights are
   * split with the samples and the held-out part weighs {@code val_loss} and the weighted validation metrics, as Keras's;
   * weights for {@code validation(data)} come with {@link #validation(Dataset, io.tfweave.data.HostArray)}. Multiplies with {@link #classWeight}. A weighted fit has
   * its own training step, so its optimizer state is not shared with unweighted fits. For a Pipeline, name a weight
   * component with {@code Pipeline.sampleWeight} instead.
   */
  public FitOptions sampleWeight(io.tfweave.data.HostArray weights) {
    if (weights == null) throw new IllegalArgumentException("sampleWeight must not be null");
    org.tensorflow.ndarray.Shape s = weights.shape();
    if (s.numDimensions() < 1
        || s.numDimensions() > 2
        || (s.numDimensions() == 2 && s.get(1) != 1)) {
      throw new IllegalArgumentException(
          "sampleWeight must be one number per sample, shape [n] or [n, 1]. Received shape " + s);
    }
    if (weights.firstNonFinite() >= 0 || negative(weights)) {
      throw new IllegalArgumentException("sampleWeight must be finite and >= 0; sample "
          + Math.max(weights.firstNonFinite(), 0) + " or another is not");
    }
    this.sampleWeight = weights.reshape(s.get(0));
    return this;
  }

  /**
   * Per-sample loss weights per output of a multi-output model (Keras's {@code sample_weight={"weather": w}}), keyed by
   * output name or position; outputs left out are unweighted. Each array holds one number per sample, checked as in
   * {@link #sampleWeight(io.tfweave.data.HostArray)}; with {@code validationSplit} they are split with the samples (see
   * there).
   */
  public FitOptions sampleWeight(java.util.Map<String, io.tfweave.data.HostArray> weights) {
    if (weights == null || weights.isEmpty())
      throw new IllegalArgumentException("sampleWeight must name at least one output");
    java.util.Map<String, io.tfweave.data.HostArray> out = new java.util.LinkedHashMap<>();
    FitOptions check = new FitOptions(1);
    weights.forEach((k, w) -> out.put(k, check.sampleWeight(w).sampleWeight()));
    this.outputSampleWeights = java.util.Collections.unmodifiableMap(out);
    return this;
  }

  /** The per-output sample weights, or null. */
  public java.util.Map<String, io.tfweave.data.HostArray> outputSampleWeights() {
    return outputSampleWeights;
  }

  private static boolean negative(io.tfweave.data.HostArray w) {
    for (int i = 0; i < w.length(); i++) if (w.getDouble(i) < 0) return true;
    return false;
  }

  /** The per-sample loss weights for array inputs, or null. */
  public io.tfweave.data.HostArray sampleWeight() {
    return sampleWeight;
  }

  /** 0 = silent, 1 = progress bar (one line per epoch when not on a terminal), 2 = one line per epoch. */
  public FitOptions verbose(int v) {
    if (v < 0 || v > 2)
      throw new IllegalArgumentException("verbose must be 0, 1 or 2. Received: verbose=" + v);
    this.verbose = v;
    return this;
  }

  /** Rejects NaN/Inf in the inputs and targets before training (off by default: it reads all data once). */
  public FitOptions checkFinite(boolean c) {
    this.checkFinite = c;
    return this;
  }

  /** Adds callbacks. */
  public FitOptions callbacks(Callback... cbs) {
    callbacks.addAll(List.of(cbs));
    return this;
  }

  public int epochs() {
    return epochs;
  }

  public int initialEpoch() {
    return initialEpoch;
  }

  public int batchSize() {
    return batchSize;
  }

  public boolean shuffle() {
    return shuffle;
  }

  public Long seed() {
    return seed;
  }

  public double validationSplit() {
    return validationSplit;
  }

  public Dataset validationData() {
    return validationData;
  }

  public int verbose() {
    return verbose;
  }

  public boolean checkFinite() {
    return checkFinite;
  }

  public List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }

  /** The class weights, or null. */
  public java.util.Map<Integer, Double> classWeight() {
    return classWeight;
  }

  /** The validation pipeline, or null. */
  public Pipeline validationPipeline() {
    return validationPipeline;
  }

  /** Batches per epoch of a pipeline, or -1: until it ends. */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** Batches per validation of a pipeline, or -1: until it ends. */
  public int validationSteps() {
    return validationSteps;
  }

  /** True when {@link #batchSize(int)} was called (a pipeline is batched by its own {@code batch} stage). */
  public boolean batchSizeSet() {
    return batchSizeSet;
  }
}
