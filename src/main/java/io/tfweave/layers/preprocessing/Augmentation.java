package io.tfweave.layers.preprocessing;

import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.layers.BaseLayer;
import io.tfweave.layers.Option;
import io.tfweave.layers.internal.ConvArgs;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The base of the in-graph image augmentation layers ({@link RandomFlip}, {@link RandomRotation}, {@link RandomZoom},
 * {@link RandomTranslation}, {@link RandomContrast}, {@link RandomCrop}, {@link RandomResizedCrop}): random per image in the
 * training graph, deterministic in the inference graph (the identity, so no ops reach predictions or exports, unless the
 * layer changes the image size).
 *
 * <p>Random draws use stateful TensorFlow ops seeded from the model seed ({@code CallContext.nextSeed()}) unless a seed is
 * set on the layer, so a seeded model augments the same way on every run. The random ops sit in front of every weight, so
 * no gradient is ever taken through them. Place augmentation layers directly after the input.
 */
public abstract class Augmentation<L extends Augmentation<L>> extends BaseLayer<L> {
  private static final Option<Long> SEED = Option.seed();

  /** An augmentation with a {@code seed} and {@code options}. */
  Augmentation(List<Option<?>> options) {
    super(Option.list(SEED, options));
  }

  /** Fixes the op-level seed (default: derived from the model seed). */
  public L seed(long s) {
    return set(SEED, s);
  }

  /**
   * This layer's random transformation of {@code images} (Keras's {@code layer(images, training=True)}), to augment inside
   * an input pipeline: {@code pipeline.map((tf, e) -> e.with("x", flip.augmentImages(tf, e.get("x", TFloat32.class))))}.
   * Takes a batch {@code [n, height, width, channels]} or one image {@code [height, width, channels]} (an unbatched
   * pipeline). Outside a model the layer needs its own {@link #seed}. Inside a pipeline's map function the draws are
   * stateless, from the layer's seed and a seed the pipeline gives each element ({@link io.tfweave.graph.ElementSeed}):
   * every run draws the same transformations, each pass over the data (each epoch) draws new ones, and a parallel map draws
   * as a sequential one does.
   */
  public final Operand<TFloat32> augmentImages(Ops tf, Operand<TFloat32> images) {
    Shape s = images.shape();
    int rank = s.numDimensions();
    if (rank != 3 && rank != 4) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " '" + name()
          + "' augments images [height, width, channels] or batches [n, height, width, "
          + "channels], but received shape " + s);
    }
    if (get(SEED) == null) {
      throw new IllegalStateException(getClass().getSimpleName() + " '" + name()
          + "' needs a seed to augment outside a model (in Pipeline.map): call seed(42) on it");
    }
    boolean single = rank == 3;
    outputShape(single ? Shape.of(-1, s.get(0), s.get(1), s.get(2)) : s);
    Operand<TFloat32> x = single ? tf.expandDims(images, tf.constant(0)) : images;
    Operand<TFloat32> y = augment(tf, x);
    return single ? tf.squeeze(y, org.tensorflow.op.core.Squeeze.axis(List.of(0L))) : y;
  }

  /** The random transformation for the training graph. */
  abstract Operand<TFloat32> augment(Ops tf, Operand<TFloat32> x);

  /** The deterministic transformation for the inference graph; the identity by default. */
  Operand<TFloat32> infer(Ops tf, Operand<TFloat32> x) {
    return x;
  }

  /** The seed of the {@code k}-th random op of one call: derived from the layer's seed, or a fresh model-derived seed. */
  final long seedFor(int k) {
    Long seed = get(SEED);
    return seed != null ? seed * 1_000_003L + k : CallContext.current().nextSeed();
  }

  @Override
  public Shape outputShape(Shape in) {
    ConvArgs.checkImage(this, in, false);
    if (in.get(1) < 0 || in.get(2) < 0) throw shapeError("known height and width", in, null);
    return in;
  }

  @Override
  protected final Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    return mode.training() ? augment(tf, x) : infer(tf, x);
  }

  /**
   * A {@code (lower, upper)} range option, set from one value {@code f} (→ {@code (-f, f)}) or two values, written as a
   * two-element list and read from a list or a number; without a default, make it {@code required()} or {@code nullable()}.
   */
  static Option<double[]> rangeOption(String key) {
    return Option.of(
            key,
            (double[]) null,
            Augmentation::list,
            raw -> raw instanceof Number n
                ? new double[] {n.doubleValue()}
                : new double[] {
                  ((Number) ((List<?>) raw).get(0)).doubleValue(),
                  ((Number) ((List<?>) raw).get(1)).doubleValue()
                })
        .checked(f -> range(key, f));
  }

  /** A {@code (lower, upper)} range from one value {@code f} (→ {@code (-f, f)}) or two values. */
  static double[] range(String name, double... f) {
    if (f == null || f.length < 1 || f.length > 2) {
      throw new IllegalArgumentException(
          name + " must be one number or two numbers (lower, upper). Received: " + name + "="
              + java.util.Arrays.toString(f));
    }
    double[] r = f.length == 1 ? new double[] {-Math.abs(f[0]), Math.abs(f[0])} : f.clone();
    if (!Double.isFinite(r[0]) || !Double.isFinite(r[1]) || r[0] > r[1]) {
      throw new IllegalArgumentException(name + " must be finite with lower <= upper. Received: "
          + name + "=" + java.util.Arrays.toString(f));
    }
    return r;
  }

  /** A range as a JSON-friendly list. */
  static List<Double> list(double[] r) {
    return List.of(r[0], r[1]);
  }
}
