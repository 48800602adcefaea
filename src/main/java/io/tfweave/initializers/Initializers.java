package io.tfweave.initializers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.ndarray.Shape;

/** Keras's built-in initializers ({@code glorot_uniform}, {@code he_normal}, {@code zeros}, ...), with Keras's defaults. */
public final class Initializers {
  private Initializers() {}

  /** Truncated normal std correction used by Keras's variance scaling: std of a unit normal truncated at ±2. */
  private static final double TRUNCATION_STD = 0.87962566103423978;

  /** Zeros (Keras {@code zeros}); the default bias initializer. */
  public static Initializer zeros() {
    return constant(0.0);
  }

  /** Ones (Keras {@code ones}); BatchNorm's gamma. */
  public static Initializer ones() {
    return constant(1.0);
  }

  /** Every value equal to {@code value} (Keras {@code Constant}). */
  public static Initializer constant(double value) {
    return new Initializer() {
      public float[] generate(Shape shape, SplittableRandom rng) {
        float[] a = new float[(int) shape.size()];
        Arrays.fill(a, (float) value);
        return a;
      }

      public String kerasName() {
        return value == 0 ? "Zeros" : value == 1 ? "Ones" : "Constant";
      }

      public Map<String, Object> config() {
        return value == 0 || value == 1 ? Map.of() : Map.of("value", value);
      }
    };
  }

  /** Uniform in [minval, maxval] (Keras {@code RandomUniform}, default ±0.05; the Embedding default). */
  public static Initializer randomUniform(double minval, double maxval) {
    return simple("RandomUniform", Map.of("minval", minval, "maxval", maxval), rng ->
        (float) (minval + (maxval - minval) * rng.nextDouble()));
  }

  /** Normal with the given mean and stddev (Keras {@code RandomNormal}, default 0 / 0.05). */
  public static Initializer randomNormal(double mean, double stddev) {
    return simple("RandomNormal", Map.of("mean", mean, "stddev", stddev), rng ->
        (float) (mean + stddev * gaussian(rng)));
  }

  /** Normal truncated at two standard deviations (Keras {@code TruncatedNormal}). */
  public static Initializer truncatedNormal(double mean, double stddev) {
    return simple("TruncatedNormal", Map.of("mean", mean, "stddev", stddev), rng ->
        (float) (mean + stddev * truncated(rng)));
  }

  /** Keras {@code glorot_uniform}: U(±sqrt(6 / (fanIn + fanOut))); the default kernel initializer. */
  public static Initializer glorotUniform() {
    return varianceScaling("GlorotUniform", 1.0, "fan_avg", false);
  }

  /** Keras {@code glorot_normal}: truncated normal, std sqrt(2 / (fanIn + fanOut)). */
  public static Initializer glorotNormal() {
    return varianceScaling("GlorotNormal", 1.0, "fan_avg", true);
  }

  /** Keras {@code he_normal}: truncated normal, std sqrt(2 / fanIn). */
  public static Initializer heNormal() {
    return varianceScaling("HeNormal", 2.0, "fan_in", true);
  }

  /** Keras {@code he_uniform}: U(±sqrt(6 / fanIn)). */
  public static Initializer heUniform() {
    return varianceScaling("HeUniform", 2.0, "fan_in", false);
  }

  /** Keras {@code lecun_normal}: truncated normal, std sqrt(1 / fanIn); the SELU companion. */
  public static Initializer lecunNormal() {
    return varianceScaling("LecunNormal", 1.0, "fan_in", true);
  }

  /** Keras {@code lecun_uniform}: U(±sqrt(3 / fanIn)). */
  public static Initializer lecunUniform() {
    return varianceScaling("LecunUniform", 1.0, "fan_in", false);
  }

  /** Keras {@code orthogonal} (gain 1): an orthogonal matrix of the flattened shape; LSTM's recurrent kernel default. */
  public static Initializer orthogonal() {
    return new Initializer() {
      public float[] generate(Shape shape, SplittableRandom rng) {
        int cols = (int) shape.get(shape.numDimensions() - 1);
        int rows = (int) (shape.size() / cols);
        return Orthogonal.matrix(rows, cols, rng);
      }

      public String kerasName() {
        return "Orthogonal";
      }
    };
  }

  /** Keras's {@code VarianceScaling}; {@code mode} is fan_in, fan_out or fan_avg. */
  public static Initializer varianceScaling(
      String kerasName, double scale, String mode, boolean normal) {
    return new Initializer() {
      public float[] generate(Shape shape, SplittableRandom rng) {
        double[] fans = fans(shape);
        double n =
            switch (mode) {
              case "fan_in" -> fans[0];
              case "fan_out" -> fans[1];
              case "fan_avg" -> (fans[0] + fans[1]) / 2.0;
              default -> throw new IllegalArgumentException(
                  "mode must be fan_in, fan_out or fan_avg. Received: mode=" + mode);
            };
        double s = scale / Math.max(1.0, n);
        float[] a = new float[(int) shape.size()];
        if (normal) {
          double std = Math.sqrt(s) / TRUNCATION_STD;
          for (int i = 0; i < a.length; i++) a[i] = (float) (std * truncated(rng));
        } else {
          double limit = Math.sqrt(3.0 * s);
          for (int i = 0; i < a.length; i++) a[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
        return a;
      }

      public String kerasName() {
        return kerasName;
      }
    };
  }

  /** Keras's fan computation: {in, out} for 2-D, receptive field × channels for convolution kernels. */
  public static double[] fans(Shape shape) {
    int r = shape.numDimensions();
    if (r < 1) return new double[] {1, 1};
    if (r == 1) return new double[] {shape.get(0), shape.get(0)};
    if (r == 2) return new double[] {shape.get(0), shape.get(1)};
    double receptive = 1;
    for (int i = 0; i < r - 2; i++) receptive *= shape.get(i);
    return new double[] {shape.get(r - 2) * receptive, shape.get(r - 1) * receptive};
  }

  interface Sampler {
    float next(SplittableRandom rng);
  }

  private static Initializer simple(String name, Map<String, Object> config, Sampler sampler) {
    Map<String, Object> cfg = new LinkedHashMap<>(config);
    return new Initializer() {
      public float[] generate(Shape shape, SplittableRandom rng) {
        float[] a = new float[(int) shape.size()];
        for (int i = 0; i < a.length; i++) a[i] = sampler.next(rng);
        return a;
      }

      public String kerasName() {
        return name;
      }

      public Map<String, Object> config() {
        return cfg;
      }
    };
  }

  static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static double truncated(SplittableRandom rng) {
    while (true) {
      double g = gaussian(rng);
      if (Math.abs(g) <= 2) return g;
    }
  }

  /** Looks an initializer up by Keras's snake_case or class name. */
  public static Initializer byName(String name) {
    return switch (name) {
      case "zeros", "Zeros" -> zeros();
      case "ones", "Ones" -> ones();
      case "glorot_uniform", "GlorotUniform" -> glorotUniform();
      case "glorot_normal", "GlorotNormal" -> glorotNormal();
      case "he_normal", "HeNormal" -> heNormal();
      case "he_uniform", "HeUniform" -> heUniform();
      case "lecun_normal", "LecunNormal" -> lecunNormal();
      case "lecun_uniform", "LecunUniform" -> lecunUniform();
      case "orthogonal", "Orthogonal" -> orthogonal();
      case "random_uniform", "RandomUniform" -> randomUniform(-0.05, 0.05);
      case "random_normal", "RandomNormal" -> randomNormal(0, 0.05);
      case "truncated_normal", "TruncatedNormal" -> truncatedNormal(0, 0.05);
      default -> throw new IllegalArgumentException(
          "Unknown initializer '" + name + "'. Expected one of zeros, ones, "
              + "glorot_uniform, glorot_normal, he_normal, he_uniform, lecun_normal, lecun_uniform, orthogonal, random_uniform, "
              + "random_normal, truncated_normal");
    };
  }
}
