package io.tfweave.optimizers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras 3's optimizer update formulas in Java doubles (from {@code keras/src/optimizers/*.py} and {@code
 * base_optimizer.py}), driven by a Keras config: weight decay, gradient accumulation, global clipnorm, the EMA and the
 * class's own update. The test compares tfweave's graph with these and with Keras's own numbers.
 */
final class Reference {
  private final String cls;
  private final Map<String, Object> c;
  private final LearningRateSchedule schedule;
  final double[][] w;
  double[][] averages;
  private final Map<String, double[][]> slots = new HashMap<>();
  private final double[][] acc;
  private long it;
  private double uProduct = 1;

  @SuppressWarnings("unchecked")
  Reference(String cls, Map<String, Object> config, double[][] initial) {
    this.cls = cls.toLowerCase(java.util.Locale.ROOT);
    this.c = config;
    this.schedule = config.get("learning_rate") instanceof Map<?, ?> m
        ? Schedules.fromConfig((Map<String, Object>) m)
        : null;
    w = copy(initial);
    acc = zeros(initial);
    averages = zeros(initial);
  }

  private double d(String key, double dflt) {
    return c.get(key) instanceof Number n ? n.doubleValue() : dflt;
  }

  private boolean b(String key) {
    return Boolean.TRUE.equals(c.get(key));
  }

  private static double[][] copy(double[][] a) {
    double[][] o = new double[a.length][];
    for (int i = 0; i < a.length; i++) o[i] = a[i].clone();
    return o;
  }

  private static double[][] zeros(double[][] a) {
    double[][] o = new double[a.length][];
    for (int i = 0; i < a.length; i++) o[i] = new double[a[i].length];
    return o;
  }

  private double[] slot(String name, int var, double init) {
    double[][] s = slots.computeIfAbsent(name, k -> {
      double[][] z = zeros(w);
      for (double[] row : z) java.util.Arrays.fill(row, init);
      return z;
    });
    return s[var];
  }

  void step(double[][] grads) {
    int n = c.get("gradient_accumulation_steps") instanceof Number x ? x.intValue() : 0;
    double[][] g = copy(grads);
    if (n > 0) {
      if ((it + 1) % n != 0) {
        for (int i = 0; i < g.length; i++)
          for (int j = 0; j < g[i].length; j++) acc[i][j] += g[i][j];
        ema(it / n);
        it++;
        return;
      }
      for (int i = 0; i < g.length; i++)
        for (int j = 0; j < g[i].length; j++) {
          g[i][j] = (g[i][j] + acc[i][j]) / n;
          acc[i][j] = 0;
        }
    }
    if (c.get("global_clipnorm") instanceof Number clip) {
      double sq = 0;
      for (double[] row : g) for (double x : row) sq += x * x;
      double scale = clip.doubleValue() / Math.max(Math.sqrt(sq), clip.doubleValue());
      for (double[] row : g) for (int j = 0; j < row.length; j++) row[j] *= scale;
    }
    double lr = schedule != null ? schedule.valueAt(it) : d("learning_rate", 0);
    long applied = n > 0 ? it / n : it;
    double t = applied + 1;
    if (cls.equals("nadam")) {
      double b1 = d("beta_1", 0.9);
      uProduct *= b1 * (1 - 0.5 * Math.pow(0.96, t));
    }
    @SuppressWarnings("unchecked")
    List<String> excluded = (List<String>) c.getOrDefault("exclude_from_weight_decay", List.of());
    for (int i = 0; i < w.length; i++) {
      String name = OptimizerHarness.PATHS[i].substring("dense/".length());
      boolean decay =
          c.get("weight_decay") instanceof Number && excluded.stream().noneMatch(name::contains);
      for (int j = 0; j < w[i].length; j++) {
        if (decay) w[i][j] -= w[i][j] * d("weight_decay", 0) * lr;
        update(i, j, g[i][j], lr, t);
      }
    }
    ema(applied);
    it++;
  }

  private void ema(long applied) {
    if (!b("use_ema")) return;
    double m = applied != 0 ? d("ema_momentum", 0.99) : 0;
    for (int i = 0; i < w.length; i++)
      for (int j = 0; j < w[i].length; j++) averages[i][j] = m * averages[i][j] + (1 - m) * w[i][j];
    if (c.get("ema_overwrite_frequency") instanceof Number f && (applied + 1) % f.longValue() == 0)
      for (int i = 0; i < w.length; i++) w[i] = averages[i].clone();
  }

  private void update(int i, int j, double g, double lr, double t) {
    double eps = d("epsilon", 1e-7);
    double b1 = d("beta_1", 0.9);
    double b2 = d("beta_2", 0.999);
    switch (cls) {
      case "sgd" -> {
        double mom = d("momentum", 0);
        if (mom == 0) {
          w[i][j] -= lr * g;
          return;
        }
        double[] m = slot("m", i, 0);
        m[j] = mom * m[j] - lr * g;
        w[i][j] += b("nesterov") ? mom * m[j] - lr * g : m[j];
      }
      case "rmsprop" -> {
        double rho = d("rho", 0.9);
        double[] v = slot("v", i, 0);
        v[j] = rho * v[j] + (1 - rho) * g * g;
        double den = v[j] + eps;
        if (b("centered")) {
          double[] ag = slot("ag", i, 0);
          ag[j] = rho * ag[j] + (1 - rho) * g;
          den = v[j] - ag[j] * ag[j] + eps;
        }
        double inc = lr * g / Math.sqrt(den);
        double mom = d("momentum", 0);
        if (mom > 0) {
          double[] m = slot("m", i, 0);
          m[j] = mom * m[j] + inc;
          w[i][j] -= m[j];
        } else {
          w[i][j] -= inc;
        }
      }
      case "adam", "adamw" -> {
        double[] m = slot("m", i, 0);
        double[] v = slot("v", i, 0);
        m[j] += (g - m[j]) * (1 - b1);
        v[j] += (g * g - v[j]) * (1 - b2);
        double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        w[i][j] -= alpha * m[j] / (Math.sqrt(v[j]) + eps);
      }
      case "adagrad" -> {
        double[] a = slot("a", i, d("initial_accumulator_value", 0.1));
        a[j] += g * g;
        w[i][j] -= lr * g / Math.sqrt(a[j] + eps);
      }
      case "adadelta" -> {
        double rho = d("rho", 0.95);
        double[] ag = slot("ag", i, 0);
        double[] ad = slot("ad", i, 0);
        ag[j] = rho * ag[j] + (1 - rho) * g * g;
        double delta = -Math.sqrt(ad[j] + eps) * g / Math.sqrt(ag[j] + eps);
        ad[j] = rho * ad[j] + (1 - rho) * delta * delta;
        w[i][j] += lr * delta;
      }
      case "adamax" -> {
        double[] m = slot("m", i, 0);
        double[] u = slot("u", i, 0);
        m[j] += (g - m[j]) * (1 - b1);
        u[j] = Math.max(b2 * u[j], Math.abs(g));
        w[i][j] -= lr * m[j] / ((1 - Math.pow(b1, t)) * (u[j] + eps));
      }
      case "nadam" -> {
        double uT = b1 * (1 - 0.5 * Math.pow(0.96, t));
        double uT1 = b1 * (1 - 0.5 * Math.pow(0.96, t + 1));
        double pT1 = uProduct * uT1;
        double[] m = slot("m", i, 0);
        double[] v = slot("v", i, 0);
        m[j] += (g - m[j]) * (1 - b1);
        v[j] += (g * g - v[j]) * (1 - b2);
        double mHat = uT1 * m[j] / (1 - pT1) + (1 - uT) * g / (1 - uProduct);
        double vHat = v[j] / (1 - Math.pow(b2, t));
        w[i][j] -= mHat * lr / (Math.sqrt(vHat) + eps);
      }
      case "lion" -> {
        double beta2 = d("beta_2", 0.99);
        double[] m = slot("m", i, 0);
        w[i][j] -= lr * Math.signum(m[j] * b1 + g * (1 - b1));
        m[j] = m[j] * beta2 + g * (1 - beta2);
      }
      case "ftrl" -> {
        double power = d("learning_rate_power", -0.5);
        double l1 = d("l1_regularization_strength", 0);
        double l2 = d("l2_regularization_strength", 0) + d("beta", 0) / (2 * lr);
        double shrink = d("l2_shrinkage_regularization_strength", 0);
        double[] a = slot("a", i, d("initial_accumulator_value", 0.1));
        double[] lin = slot("lin", i, 0);
        double gs = g + 2 * shrink * w[i][j];
        double na = a[j] + g * g;
        lin[j] += gs - (Math.pow(na, -power) - Math.pow(a[j], -power)) / lr * w[i][j];
        double quad = Math.pow(na, -power) / lr + 2 * l2;
        double clipped = Math.max(-l1, Math.min(l1, lin[j]));
        w[i][j] = (clipped - lin[j]) / quad;
        a[j] = na;
      }
      default -> throw new IllegalArgumentException("no reference for " + cls);
    }
  }
}
