package io.tfweave.layers.preprocessing;

import io.tfweave.layers.Interpolation;
import io.tfweave.layers.Option;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The base of the augmentations that move pixels with a projective transform ({@link RandomRotation}, {@link RandomZoom},
 * {@link RandomTranslation}): the fill mode, fill value and interpolation with their setters and config keys.
 *
 * <p>Defaults: {@link FillMode#REFLECT}, fill value 0 (used by {@link FillMode#CONSTANT}), {@link Interpolation#BILINEAR}
 * ({@link Interpolation#NEAREST} is the other one supported).
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class GeometricAugmentation<L extends GeometricAugmentation<L>>
    extends Augmentation<L> {
  private static final Option<FillMode> FILL_MODE =
      Option.mode("fill_mode", FillMode.class, FillMode.REFLECT);
  private static final Option<Interpolation> INTERPOLATION = ImageGeometry.interpolation(
      Interpolation.BILINEAR, Interpolation.BILINEAR, Interpolation.NEAREST);
  private static final Option<Double> FILL_VALUE = Option.number("fill_value", 0);

  /** An augmentation with its own {@code options} and then the fill mode, interpolation and fill value. */
  GeometricAugmentation(List<Option<?>> options) {
    super(Option.list(options, FILL_MODE, INTERPOLATION, FILL_VALUE));
  }

  /** How to fill pixels from outside the image (default {@link FillMode#REFLECT}). */
  public L fillMode(FillMode m) {
    return set(FILL_MODE, m);
  }

  /** {@link Interpolation#BILINEAR} (default) or {@link Interpolation#NEAREST}. */
  public L interpolation(Interpolation i) {
    return set(INTERPOLATION, i);
  }

  /** The value outside the image for {@link FillMode#CONSTANT} (default 0). */
  public L fillValue(double v) {
    return set(FILL_VALUE, v);
  }

  /** Applies per-image transforms given as the eight columns {@code [n, 1]} of Keras's transform matrix. */
  final Operand<TFloat32> transform(Ops tf, Operand<TFloat32> x, List<Operand<TFloat32>> columns) {
    return ImageGeometry.transform(
        tf, x, columns, get(FILL_MODE), get(INTERPOLATION), get(FILL_VALUE));
  }
}
