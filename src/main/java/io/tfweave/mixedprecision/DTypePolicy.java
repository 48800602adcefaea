package io.tfweave.mixedprecision;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * A layer's dtype policy (Keras 3's {@code keras.DTypePolicy}): the dtype its computations run in and the dtype of its
 * variables. {@code mixed_float16} and {@code mixed_bfloat16} compute in 16 bits and keep float32 variables (each read of
 * a weight inside the layer is cast); {@code float32} (the default) does everything in float32.
 *
 * <p>Layers that have no 16-bit implementation here keep computing in float32 whatever their policy (see {@code
 * Layer.computesIn16Bit}); sigmoid and softmax outputs, the model's outputs, losses and metrics are always float32.
 */
public final class DTypePolicy {
  /** Everything in float32 (Keras's default). */
  public static final DTypePolicy FLOAT32 = new DTypePolicy("float32", TFloat32.class);
  /** float16 computations, float32 variables; training scales the loss ({@link LossScale}). */
  public static final DTypePolicy MIXED_FLOAT16 = new DTypePolicy("mixed_float16", TFloat16.class);
  /** bfloat16 computations, float32 variables (no loss scaling needed: bfloat16 has float32's exponent range). */
  public static final DTypePolicy MIXED_BFLOAT16 =
      new DTypePolicy("mixed_bfloat16", TBfloat16.class);

  private final String name;
  private final Class<? extends TFloating> computeType;

  private DTypePolicy(String name, Class<? extends TFloating> computeType) {
    this.name = name;
    this.computeType = computeType;
  }

  /** The policy named {@code name}: {@code float32}, {@code mixed_float16} or {@code mixed_bfloat16}. */
  public static DTypePolicy of(String name) {
    return switch (name) {
      case "float32" -> FLOAT32;
      case "mixed_float16" -> MIXED_FLOAT16;
      case "mixed_bfloat16" -> MIXED_BFLOAT16;
      default -> throw new IllegalArgumentException("Unsupported dtype policy '" + name
          + "'. Expected one of float32, mixed_float16, mixed_bfloat16 (variables stay float32 here; "
          + "pure 16-bit policies such as 'bfloat16' are not supported).");
    };
  }

  /** Keras's policy name, e.g. {@code mixed_bfloat16}. */
  public String name() {
    return name;
  }

  /** The dtype of the computations: TFloat32, TFloat16 or TBfloat16. */
  public Class<? extends TFloating> computeType() {
    return computeType;
  }

  /** Keras's {@code compute_dtype}: {@code float32}, {@code float16} or {@code bfloat16}. */
  public String computeDType() {
    return this == FLOAT32 ? "float32" : this == MIXED_FLOAT16 ? "float16" : "bfloat16";
  }

  /** Keras's {@code variable_dtype}: always {@code float32}. */
  public String variableDType() {
    return "float32";
  }

  /** Whether computations run in 16 bits. */
  public boolean isMixed() {
    return this != FLOAT32;
  }

  /** Keras 3's serialised form, {@code {"module": "keras", "class_name": "DTypePolicy", "config": {"name": ...}}}. */
  public Map<String, Object> config() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("name", name);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("module", "keras");
    c.put("class_name", "DTypePolicy");
    c.put("config", inner);
    c.put("registered_name", null);
    return c;
  }

  /**
   * The policy a layer config's {@code dtype} names, or null when it names another dtype (a preprocessing layer's
   * {@code int64} or {@code string}, which that layer reads itself).
   */
  public static DTypePolicy fromConfigOrNull(Object raw) {
    Object name = raw instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> inner
        ? inner.get("name")
        : raw;
    return "float32".equals(name) || "mixed_float16".equals(name) || "mixed_bfloat16".equals(name)
        ? of((String) name)
        : null;
  }

  /** Reads a layer config's {@code dtype}: a policy object as {@link #config()} writes it, or a bare name. */
  public static DTypePolicy fromConfig(Object raw) {
    if (raw instanceof String s) return of(s);
    if (raw instanceof Map<?, ?> m
        && m.get("config") instanceof Map<?, ?> inner
        && inner.get("name") instanceof String s) {
      return of(s);
    }
    throw new IllegalArgumentException(
        "A layer's dtype must be a policy name or {\"class_name\": \"DTypePolicy\", \"config\": "
            + "{\"name\": ...}}. Received: dtype=" + raw);
  }

  @Override
  public String toString() {
    return "DTypePolicy(" + name + ")";
  }
}
