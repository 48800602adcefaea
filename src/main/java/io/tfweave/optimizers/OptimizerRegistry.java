package io.tfweave.optimizers;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/** Keras's optimizer names and configs: {@code Optimizers.get(name)} and {@code Optimizers.fromConfig(config)}. */
final class OptimizerRegistry {
  private record Entry(
      DoubleFunction<Optimizer> byRate,
      Function<LearningRateSchedule, Optimizer> bySchedule,
      Map<String, BiConsumer<Optimizer, Object>> keys) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    add(
        "sgd",
        Optimizers::sgd,
        Optimizers::sgd,
        Map.of(
            "momentum", (o, v) -> ((Optimizers.Sgd) o).momentum(num(v)),
            "nesterov", (o, v) -> ((Optimizers.Sgd) o).nesterov((Boolean) v)));
    add(
        "rmsprop",
        Optimizers::rmsprop,
        Optimizers::rmsprop,
        Map.of(
            "rho", (o, v) -> ((Optimizers.RmsProp) o).rho(num(v)),
            "momentum", (o, v) -> ((Optimizers.RmsProp) o).momentum(num(v)),
            "epsilon", (o, v) -> ((Optimizers.RmsProp) o).epsilon(num(v)),
            "centered", (o, v) -> ((Optimizers.RmsProp) o).centered((Boolean) v)));
    Map<String, BiConsumer<Optimizer, Object>> adam = Map.of(
        "beta_1", (o, v) -> ((Optimizers.Adam) o).beta1(num(v)),
        "beta_2", (o, v) -> ((Optimizers.Adam) o).beta2(num(v)),
        "epsilon", (o, v) -> ((Optimizers.Adam) o).epsilon(num(v)),
        "amsgrad",
            (o, v) -> {
              if (Boolean.TRUE.equals(v))
                throw new IllegalArgumentException("amsgrad=true is not supported (Adam, AdamW)");
            });
    add("adam", Optimizers::adam, Optimizers::adam, adam);
    add("adamw", Optimizers::adamW, Optimizers::adamW, adam);
    add(
        "adagrad",
        Optimizers::adagrad,
        Optimizers::adagrad,
        Map.of(
            "initial_accumulator_value", (o, v) -> ((Adagrad) o).initialAccumulatorValue(num(v)),
            "epsilon", (o, v) -> ((Adagrad) o).epsilon(num(v))));
    add(
        "adadelta",
        Optimizers::adadelta,
        Optimizers::adadelta,
        Map.of(
            "rho", (o, v) -> ((Adadelta) o).rho(num(v)),
            "epsilon", (o, v) -> ((Adadelta) o).epsilon(num(v))));
    add(
        "adamax",
        Optimizers::adamax,
        Optimizers::adamax,
        Map.of(
            "beta_1", (o, v) -> ((Adamax) o).beta1(num(v)),
            "beta_2", (o, v) -> ((Adamax) o).beta2(num(v)),
            "epsilon", (o, v) -> ((Adamax) o).epsilon(num(v))));
    add(
        "nadam",
        Optimizers::nadam,
        Optimizers::nadam,
        Map.of(
            "beta_1", (o, v) -> ((Nadam) o).beta1(num(v)),
            "beta_2", (o, v) -> ((Nadam) o).beta2(num(v)),
            "epsilon", (o, v) -> ((Nadam) o).epsilon(num(v))));
    add(
        "lion",
        Optimizers::lion,
        Optimizers::lion,
        Map.of(
            "beta_1", (o, v) -> ((Lion) o).beta1(num(v)),
            "beta_2", (o, v) -> ((Lion) o).beta2(num(v))));
    add(
        "ftrl",
        Optimizers::ftrl,
        Optimizers::ftrl,
        Map.of(
            "learning_rate_power",
            (o, v) -> ((Ftrl) o).learningRatePower(num(v)),
            "initial_accumulator_value",
            (o, v) -> ((Ftrl) o).initialAccumulatorValue(num(v)),
            "l1_regularization_strength",
            (o, v) -> ((Ftrl) o).l1RegularizationStrength(num(v)),
            "l2_regularization_strength",
            (o, v) -> ((Ftrl) o).l2RegularizationStrength(num(v)),
            "l2_shrinkage_regularization_strength",
            (o, v) -> ((Ftrl) o).l2ShrinkageRegularizationStrength(num(v)),
            "beta",
            (o, v) -> ((Ftrl) o).beta(num(v))));
  }

  static final List<String> NAMES = List.copyOf(ENTRIES.keySet());

  /** Keras's base-optimizer keys. */
  private static final Map<String, BiConsumer<Optimizer, Object>> BASE = new HashMap<>();

  static {
    BASE.put("name", (o, v) -> {});
    BASE.put("learning_rate", (o, v) -> {});
    BASE.put("weight_decay", (o, v) -> o.weightDecay(num(v)));
    BASE.put("clipnorm", (o, v) -> o.clipnorm(num(v)));
    BASE.put("global_clipnorm", (o, v) -> o.globalClipnorm(num(v)));
    BASE.put("clipvalue", (o, v) -> o.clipvalue(num(v)));
    BASE.put("use_ema", (o, v) -> o.useEma((Boolean) v));
    BASE.put("ema_momentum", (o, v) -> o.emaMomentum(num(v)));
    BASE.put("ema_overwrite_frequency", (o, v) -> o.emaOverwriteFrequency((int) num(v)));
    BASE.put("gradient_accumulation_steps", (o, v) -> o.gradientAccumulationSteps((int) num(v)));
    BASE.put("loss_scale_factor", (o, v) -> {
      throw new IllegalArgumentException(
          "loss_scale_factor is not supported; only null is accepted");
    });
    BASE.put("exclude_from_weight_decay", (o, v) -> {
      List<String> names = ((List<?>) v).stream().map(Object::toString).toList();
      o.excludeFromWeightDecay(names);
    });
  }

  private OptimizerRegistry() {}

  private static void add(
      String name,
      DoubleFunction<Optimizer> byRate,
      Function<LearningRateSchedule, Optimizer> bySchedule,
      Map<String, BiConsumer<Optimizer, Object>> keys) {
    ENTRIES.put(name, new Entry(byRate, bySchedule, keys));
  }

  private static double num(Object v) {
    if (v instanceof Number n) return n.doubleValue();
    throw new IllegalArgumentException("expected a number, received " + v);
  }

  private static Entry entry(String name) {
    Entry e = name == null ? null : ENTRIES.get(name.toLowerCase(Locale.ROOT));
    if (e == null) {
      throw new IllegalArgumentException(
          "Unknown optimizer '" + name + "'. Expected one of " + NAMES
              + " (Keras's names, any case). Fix: pass one of these names, or an Optimizer such as Optimizers.adam(1e-3).");
    }
    return e;
  }

  static Optimizer get(String name) {
    Entry e = entry(name);
    double lr = "sgd".equalsIgnoreCase(name)
        ? Optimizers.SGD_LEARNING_RATE_DEFAULT
        : Optimizers.LEARNING_RATE_DEFAULT;
    return e.byRate().apply(lr);
  }

  @SuppressWarnings("unchecked")
  static Optimizer fromConfig(Map<String, Object> config) {
    if (config == null) throw new IllegalArgumentException("optimizer config must not be null");
    Map<String, Object> c = config;
    Object className = c.get("name");
    if (c.get("class_name") != null && c.get("config") instanceof Map<?, ?> inner) {
      className = c.get("class_name");
      c = (Map<String, Object>) inner;
    }
    String name = String.valueOf(className);
    Entry e = entry(name);
    Object lr = c.get("learning_rate");
    Optimizer o;
    if (lr instanceof Map<?, ?> schedule) {
      o = e.bySchedule().apply(Schedules.fromConfig((Map<String, Object>) schedule));
    } else {
      o = lr == null ? get(name) : e.byRate().apply(num(lr));
    }
    for (Map.Entry<String, Object> kv : c.entrySet()) {
      BiConsumer<Optimizer, Object> set = e.keys().get(kv.getKey());
      if (set == null) set = BASE.get(kv.getKey());
      if (set == null) {
        throw new IllegalArgumentException(
            "Optimizer '" + name + "' has no config key '" + kv.getKey() + "'. Known keys: "
                + BASE.keySet() + " and " + e.keys().keySet());
      }
      if (kv.getValue() != null) {
        try {
          set.accept(o, kv.getValue());
        } catch (ClassCastException | IllegalArgumentException ex) {
          throw new IllegalArgumentException(
              "Optimizer '" + name + "' config key '" + kv.getKey() + "': " + ex.getMessage(), ex);
        }
      }
    }
    return o;
  }
}
