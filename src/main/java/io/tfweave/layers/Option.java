package io.tfweave.layers;

import io.tfweave.activations.Activation;
import io.tfweave.activations.Activations;
import io.tfweave.constraints.Constraint;
import io.tfweave.initializers.Initializer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.tensorflow.ndarray.Shape;

/**
 * One option of a layer, described once: its Keras config key, its default, how it is checked, and how it is written to and
 * read from a config. A {@link BaseLayer} keeps a value per option and derives {@code config()} and {@code fromConfig} from
 * its list of options, so a layer writes only the declaration and the fluent setter:
 * <pre>{@code
 * private static final Option<Integer> UNITS = Option.integer("units").required().checked(u -> Checks.positive("units", u));
 * public Dense(int units) { super(OPTIONS); set(UNITS, units); }
 * }</pre>
 *
 * <p>Options are immutable; the derivations ({@link #required}, {@link #nullable}, {@link #checked}, {@link #as}, ...) return
 * new ones and are meant for declarations. Two options are the same option only if they are the same object (or one is an
 * {@link #as alias} of the other).
 *
 * @param <T> the Java type of the value
 */
public final class Option<T> {
  private final String key;
  private final T defaultValue;
  private final boolean required;
  private final boolean nullable;
  private final T whenNull;
  private final Function<? super T, ?> encoder;
  private final Function<Object, ? extends T> decoder;
  private final UnaryOperator<T> check;
  private final Option<T> slot;

  private Option(
      String key,
      T defaultValue,
      boolean required,
      boolean nullable,
      T whenNull,
      Function<? super T, ?> encoder,
      Function<Object, ? extends T> decoder,
      UnaryOperator<T> check,
      Option<T> slot) {
    this.key = Objects.requireNonNull(key, "key");
    this.defaultValue = defaultValue;
    this.required = required;
    this.nullable = nullable;
    this.whenNull = whenNull;
    this.encoder = encoder;
    this.decoder = decoder;
    this.check = check;
    this.slot = slot == null ? this : slot;
  }

  // ---------------------------------------------------------------- factories

  /** An option with its own codec: {@code encoder} turns a (non-null) value into JSON-friendly data, {@code decoder} back. */
  public static <T> Option<T> of(
      String key,
      T defaultValue,
      Function<? super T, ?> encoder,
      Function<Object, ? extends T> decoder) {
    return new Option<>(
        key, defaultValue, false, false, defaultValue, encoder, decoder, v -> v, null);
  }

  /** An integer. */
  public static Option<Integer> integer(String key, int defaultValue) {
    return integer(key).withDefault(defaultValue);
  }

  /** An integer without a default (use with {@link #required} or {@link #nullable}). */
  public static Option<Integer> integer(String key) {
    return of(key, null, v -> v, raw -> ((Number) raw).intValue());
  }

  /** A floating-point number. */
  public static Option<Double> number(String key, double defaultValue) {
    return of(key, defaultValue, v -> v, raw -> ((Number) raw).doubleValue());
  }

  /** A boolean. */
  public static Option<Boolean> bool(String key, boolean defaultValue) {
    return of(key, defaultValue, v -> v, raw -> (Boolean) raw);
  }

  /** Keras's {@code seed}: an op-level seed, or null (default) for one derived from the model seed. */
  public static Option<Long> seed() {
    return of("seed", (Long) null, v -> v, raw -> ((Number) raw).longValue()).nullable();
  }

  /**
   * A layer's own activation, written by its Keras name; null in a config means {@code linear}. It must keep the shape
   * of its input ({@code glu} halves the last axis: use it in an {@code ActivationLayer}).
   */
  public static Option<Activation> activation(String key, Activation defaultValue) {
    return anyActivation(key, defaultValue).checked(a -> {
      Shape probe = Shape.of(2, 4);
      if (!a.outputShape(probe).equals(probe)) {
        throw new IllegalArgumentException("Activation '" + a.name() + "' changes the shape of "
            + "its input, so it cannot be a layer's " + key + ". Apply it with an ActivationLayer "
            + "after the layer. Received: " + key + "=" + a.name());
      }
      return a;
    });
  }

  /** An activation of any output shape (the {@code Activation} layer's), written by its Keras name. */
  public static Option<Activation> anyActivation(String key, Activation defaultValue) {
    return of(key, defaultValue, Activations::configName, raw -> Activations.byName(raw.toString()))
        .whenNull(Activation.LINEAR);
  }

  /** An initializer, written as {@code {"class_name": ..., "config": ...}} (a bare name is read too). */
  public static Option<Initializer> initializer(String key, Initializer defaultValue) {
    return of(
        key,
        defaultValue,
        Configs::initializer,
        raw -> Configs.initializer(Map.of(key, raw), key, defaultValue));
  }

  /** A regularizer, or null (the default) for none. */
  public static Option<Regularizer> regularizer(String key) {
    return of(
            key,
            (Regularizer) null,
            Regularizer::config,
            raw -> Configs.regularizer(Map.of(key, raw), key))
        .nullable();
  }

  /** A weight constraint, or null (the default) for none; written as {@code {"class_name": ..., "config": ...}}. */
  public static Option<Constraint> constraint(String key) {
    return of(key, (Constraint) null, Constraint::config, Constraint::fromConfig)
        .nullable();
  }

  /** A list of floats or null (the default), written as a list of doubles and read from a list or a single number. */
  public static Option<float[]> floats(String key) {
    return of(key, (float[]) null, Option::doubles, Option::floatArray).nullable();
  }

  private static List<Double> doubles(float[] v) {
    List<Double> out = new ArrayList<>();
    for (float f : v) out.add((double) f);
    return out;
  }

  private static float[] floatArray(Object raw) {
    if (raw instanceof Number n) return new float[] {n.floatValue()};
    List<?> l = (List<?>) raw;
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).floatValue();
    return out;
  }

  /** A Keras-named mode ({@link KerasEnum}), written by its Keras name and parsed by name (any case). */
  public static <E extends Enum<E> & KerasEnum> Option<E> mode(
      String key, Class<E> type, E defaultValue) {
    return of(
        key, defaultValue, KerasEnum::kerasName, raw -> KerasEnum.parse(type, key, raw.toString()));
  }

  /**
   * A key that Keras writes but that has only one supported value here (e.g. {@code data_format: channels_last}): always
   * written as {@code value}; reading another value fails with {@code why} and what was received.
   */
  public static <T> Option<T> fixed(String key, T value, String why) {
    return of(key, value, v -> v, raw -> {
      if (!value.equals(raw))
        throw new IllegalArgumentException(why + " Received: " + key + "=" + raw);
      return value;
    });
  }

  /**
   * The options and option groups ({@code List}s of options) given, flattened in order:
   * {@code Option.list(UNITS, ACTIVATION, WEIGHT_OPTIONS)}; the order is the order of the config keys.
   */
  public static List<Option<?>> list(Object... optionsOrGroups) {
    List<Option<?>> out = new ArrayList<>();
    for (Object o : optionsOrGroups) {
      if (o instanceof Option<?> opt) {
        out.add(opt);
      } else if (o instanceof List<?> group) {
        for (Object g : group) out.add((Option<?>) g);
      } else {
        throw new IllegalArgumentException(
            "Option.list takes options and lists of options. Received: " + o);
      }
    }
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- derivations

  /** This option with another default (also what a null in a config means, unless the option is nullable). */
  public Option<T> withDefault(T value) {
    return new Option<>(
        key, value, required, nullable, nullable ? whenNull : value, encoder, decoder, check, null);
  }

  /** This option without a default: a config must give it (used for constructor arguments). */
  public Option<T> required() {
    return new Option<>(key, null, true, nullable, null, encoder, decoder, check, null);
  }

  /** This option accepting null, which is also what a null in a config means. */
  public Option<T> nullable() {
    return new Option<>(key, defaultValue, required, true, null, encoder, decoder, check, null);
  }

  /** This option with {@code value} standing for a null in a config. */
  public Option<T> whenNull(T value) {
    return new Option<>(
        key, defaultValue, required, nullable, value, encoder, decoder, check, null);
  }

  /** This option checking (and possibly normalising) every non-null value set, after the checks it already has. */
  public Option<T> checked(UnaryOperator<T> more) {
    UnaryOperator<T> before = check;
    return new Option<>(
        key,
        defaultValue,
        required,
        nullable,
        whenNull,
        encoder,
        decoder,
        v -> more.apply(before.apply(v)),
        null);
  }

  /**
   * The same option under another config key: setting either sets both (e.g. {@code DepthwiseConv2D} writes the kernel
   * initializer as {@code depthwise_initializer}).
   */
  public Option<T> as(String otherKey) {
    return new Option<>(
        otherKey, defaultValue, required, nullable, whenNull, encoder, decoder, check, slot);
  }

  // ---------------------------------------------------------------- use

  /** The Keras config key. */
  public String key() {
    return key;
  }

  /** The default value (null for a required option). */
  public T defaultValue() {
    return defaultValue;
  }

  /** Whether a config must give this option. */
  public boolean isRequired() {
    return required;
  }

  /** The option whose value this one reads and writes: itself, or the option it is an alias of. */
  Option<T> slot() {
    return slot;
  }

  /** Checks a value about to be set; null only where the option is nullable. */
  public T check(T value) {
    if (value == null) {
      if (nullable) return null;
      throw new IllegalArgumentException(key + " must not be null. Received: " + key + "=null");
    }
    return check.apply(value);
  }

  /** The value as JSON-friendly config data (null stays null). */
  public Object write(T value) {
    return value == null ? null : encoder.apply(value);
  }

  /**
   * Reads the option from a config: absent, the default (a required option fails); null, what null stands for; otherwise
   * the decoded and checked value.
   */
  public T read(Map<String, Object> config) {
    Object raw = config.get(key);
    if (raw == null) {
      if (required)
        throw new IllegalArgumentException("Config is missing '" + key + "'. Received: " + config);
      return config.containsKey(key) ? whenNull : defaultValue;
    }
    T value;
    try {
      value = decoder.apply(raw);
    } catch (ClassCastException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "Config entry '" + key + "' has an unexpected type. Received: " + key + "=" + raw, e);
    }
    return check(value);
  }

  @Override
  public String toString() {
    return "Option(" + key + ")";
  }
}
