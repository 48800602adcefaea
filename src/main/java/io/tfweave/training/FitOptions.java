package io.tfweave.training;

import io.tfweave.data.Dataset;
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

  private FitOptions(int epochs) {
    if (epochs <= 0) throw new IllegalArgumentException("epochs must be a positive integer. Received: epochs=" + epochs);
    this.epochs = epochs;
  }

  /** Train for {@code n} epochs. */
  public static FitOptions epochs(int n) { return new FitOptions(n); }

  /**
   * The epoch to start from (Keras's {@code initial_epoch}, default 0), to resume a run: {@code epochs} stays the index of
   * the last epoch plus one, so {@code FitOptions.epochs(6).initialEpoch(3)} trains epochs 3, 4 and 5, numbered so in the
   * history and callbacks. The shuffles of the skipped epochs are replayed, so with the weights (and for optimizers with
   * state, the optimizer state) of epoch 3 restored the run continues exactly as an uninterrupted one under the same seed.
   */
  public FitOptions initialEpoch(int e) {
    if (e < 0) throw new IllegalArgumentException("initialEpoch must be >= 0. Received: initialEpoch=" + e);
    this.initialEpoch = e;
    return this;
  }

  /** Samples per gradient step (default 32). */
  public FitOptions batchSize(int b) {
    if (b <= 0) throw new IllegalArgumentException("batchSize must be a positive integer. Received: batchSize=" + b);
    this.batchSize = b;
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

  /** Holds out the last {@code fraction} of the data (taken before shuffling, as Keras does) for validation. */
  public FitOptions validationSplit(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("validationSplit must be in (0, 1). Received: validationSplit=" + fraction);
    }
    this.validationSplit = fraction;
    return this;
  }

  /** Validation data evaluated at the end of each epoch. */
  public FitOptions validation(Dataset data) {
    this.validationData = data;
    return this;
  }

  /** 0 = silent, 1 = progress bar (one line per epoch when not on a terminal), 2 = one line per epoch. */
  public FitOptions verbose(int v) {
    if (v < 0 || v > 2) throw new IllegalArgumentException("verbose must be 0, 1 or 2. Received: verbose=" + v);
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

  public int epochs() { return epochs; }

  public int initialEpoch() { return initialEpoch; }

  public int batchSize() { return batchSize; }

  public boolean shuffle() { return shuffle; }

  public Long seed() { return seed; }

  public double validationSplit() { return validationSplit; }

  public Dataset validationData() { return validationData; }

  public int verbose() { return verbose; }

  public boolean checkFinite() { return checkFinite; }

  public List<Callback> callbacks() { return List.copyOf(callbacks); }
}
