package io.tfweave.data.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Which features to parse from {@code tf.train.Example} records, as TensorFlow's feature dictionary for
 * {@code tf.io.parse_single_example}: {@code FixedLenFeature(shape, dtype)} and {@code VarLenFeature(dtype)}. Each
 * feature becomes a pipeline component of the same name, in the order added.
 *
 * <pre>{@code
 * FeatureSpec spec = FeatureSpec.create()
 *     .fixedLen("pixels", FeatureType.FLOAT, 28, 28)   // 784 floats, reshaped
 *     .fixedLen("label", FeatureType.INT64)            // one int64 (a scalar)
 *     .varLen("tokens", FeatureType.INT64);            // any number of int64s: shape [-1]
 * }</pre>
 *
 * <p>Immutable: each method returns a new spec.
 */
public final class FeatureSpec {
  /**
   * One feature: its name, type, and shape ({@code null} for a variable-length feature).
   *
   * @param name the feature key in the Example
   * @param type the value list type
   * @param shape the fixed shape, or null for variable length
   */
  public record Feature(String name, FeatureType type, Shape shape) {
    /** True for {@code VarLenFeature}s. */
    public boolean varLen() {
      return shape == null;
    }

    /** Values a record must hold ({@code -1} for variable length). */
    public long size() {
      return shape == null ? -1 : shape.size();
    }

    /** What the spec expects, for messages: {@code float32 of shape [2]} or {@code int64 of any length}. */
    public String describe() {
      return type.dtypeName()
          + (shape == null
              ? " of any length"
              : " of shape " + shape + " (" + shape.size() + " values)");
    }
  }

  private final Map<String, Feature> features;

  private FeatureSpec(Map<String, Feature> features) {
    this.features = features;
  }

  /** An empty spec; add features with {@link #fixedLen} and {@link #varLen}. */
  public static FeatureSpec create() {
    return new FeatureSpec(new LinkedHashMap<>());
  }

  /** Adds a fixed-length feature of {@code shape} (no dimensions: one value, a scalar component). */
  public FeatureSpec fixedLen(String name, FeatureType type, long... shape) {
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "A fixed-length feature needs known dimensions. Received: '" + name + "' shape "
                + Shape.of(shape) + ". Use varLen for features whose length varies");
      }
    }
    return add(new Feature(name, type, Shape.of(shape)));
  }

  /** Adds a variable-length feature: a 1-D component of any length (batch it with {@link Pipeline#paddedBatch}). */
  public FeatureSpec varLen(String name, FeatureType type) {
    return add(new Feature(name, type, null));
  }

  private FeatureSpec add(Feature f) {
    if (f.name() == null || f.name().isEmpty())
      throw new IllegalArgumentException("A feature needs a name");
    if (f.type() == null)
      throw new IllegalArgumentException("Feature '" + f.name() + "' needs a FeatureType");
    if (features.containsKey(f.name()))
      throw new IllegalArgumentException("Feature '" + f.name() + "' is already in the spec");
    Map<String, Feature> m = new LinkedHashMap<>(features);
    m.put(f.name(), f);
    return new FeatureSpec(m);
  }

  /** The features, in order. */
  public List<Feature> features() {
    return new ArrayList<>(features.values());
  }

  /** The feature {@code name}, or null. */
  public Feature feature(String name) {
    return features.get(name);
  }

  /** The components this spec parses into, per record (unbatched). */
  public List<TensorSpec> elementSpec() {
    List<TensorSpec> out = new ArrayList<>();
    for (Feature f : features.values())
      out.add(new TensorSpec(f.name(), f.type().tfType(), f.varLen() ? Shape.of(-1) : f.shape()));
    return out;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("FeatureSpec{");
    for (Feature f : features.values())
      b.append(b.length() > 12 ? ", " : "").append(f.name()).append(": ").append(f.describe());
    return b.append('}').toString();
  }
}
