package io.tfweave.layers;

import io.tfweave.layers.internal.Configs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the built-in layers: fluent methods return the layer's own type
 * ({@code new Dense(4).named("d").activation(RELU)}), and the options are declared once, as a list of {@link Option}s,
 * from which {@link #config()} and {@link #readConfig} are derived. A layer keeps no fields for its options; it reads them
 * with {@link #get} and its setters call {@link #set}:
 * <pre>{@code
 * public final class Dropout extends BaseLayer<Dropout> {
 *   private static final Option<Double> RATE = Option.number("rate", 0).checked(r -> Checks.rate("rate", r));
 *   private static final Option<Long> SEED = Option.seed();
 *   private static final List<Option<?>> OPTIONS = Option.list(RATE, SEED);
 *
 *   public Dropout(double rate) { super(OPTIONS); set(RATE, rate); }
 *   public Dropout seed(long s) { return set(SEED, s); }
 *   public static Dropout fromConfig(Map<String, Object> c) { return new Dropout(RATE.read(c)).readConfig(c); }
 * }
 * }</pre>
 *
 * @param <L> the concrete layer type, returned by the fluent methods
 */
public abstract class BaseLayer<L extends BaseLayer<L>> extends Layer {
  private final List<Option<?>> options;
  private final Map<Option<?>, Object> values = new HashMap<>();

  /** A layer with {@code options} (in config order), each at its default. */
  protected BaseLayer(List<Option<?>> options) {
    this.options = List.copyOf(options);
    for (Option<?> o : this.options) values.put(o.slot(), o.defaultValue());
  }

  @Override
  public L named(String newName) {
    super.named(newName);
    return self();
  }

  /** This layer as its own type. */
  @SuppressWarnings("unchecked")
  protected final L self() {
    return (L) this;
  }

  /** The current value of {@code option}, one of this layer's options. */
  @SuppressWarnings("unchecked")
  protected final <T> T get(Option<T> option) {
    Option<T> slot = option.slot();
    if (!values.containsKey(slot)) throw undeclared(option);
    return (T) values.get(slot);
  }

  /**
   * Sets {@code option} after its checks and {@link #checkOptions}; refused once the layer is built. Returns this layer,
   * so that a setter is one line: {@code public Dense useBias(boolean b) { return set(USE_BIAS, b); }}.
   */
  protected final <T> L set(Option<T> option, T value) {
    Option<T> slot = option.slot();
    if (!values.containsKey(slot)) throw undeclared(option);
    return configure(() -> {
      Object before = values.put(slot, option.check(value));
      try {
        checkOptions();
      } catch (RuntimeException e) {
        values.put(slot, before);
        throw e;
      }
    });
  }

  private IllegalStateException undeclared(Option<?> option) {
    return new IllegalStateException(
        className() + " does not declare option '" + option.key() + "'");
  }

  /**
   * Gives this (unbuilt) layer every option value and the trainability of {@code other}, a layer of the same class: a copy
   * is {@code new LSTM(units()).withOptionsOf(this)}. Values are shared, not cloned (initializers, regularizers, arrays).
   */
  protected final L withOptionsOf(L other) {
    BaseLayer<L> source = other;
    setTrainable(source.isTrainable());
    return configure(() -> values.putAll(source.values));
  }

  /** Checks rules that involve several options; called after each change, which is undone if this throws. */
  protected void checkOptions() {}

  /** Keras's config: {@code name}, {@code trainable}, then every option under its key, in the declared order. */
  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    for (Option<?> o : options) c.put(o.key(), write(o));
    return c;
  }

  private <T> Object write(Option<T> o) {
    return o.write(get(o));
  }

  /**
   * Sets every option that {@code config} has (absent keys keep their current values, absent required ones fail), then
   * the name and trainability; a layer's {@code fromConfig} is {@code new Dense(UNITS.read(c)).readConfig(c)}.
   */
  protected final L readConfig(Map<String, Object> config) {
    for (Option<?> o : options) if (o.isRequired() || config.containsKey(o.key())) read(o, config);
    return Configs.common(self(), config);
  }

  private <T> void read(Option<T> o, Map<String, Object> config) {
    set(o, o.read(config));
  }
}
