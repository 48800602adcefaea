package io.tfweave.optimizers;

import java.util.List;
import java.util.Map;

/**
 * Keras's optimizers with Keras's defaults: SGD (lr 0.01, momentum 0), RMSprop (lr 0.001, rho 0.9, eps 1e-7), Adam
 * (lr 0.001, betas 0.9/0.999, eps 1e-7), AdamW (Adam plus decoupled weight decay 0.004), Adagrad, Adadelta, Adamax,
 * Nadam, Lion and Ftrl (lr 0.001 each; see their classes), by factory, by Keras's name ({@link #get}) or from a config
 * ({@link #fromConfig}).
 */
public final class Optimizers {
  /** Keras's default SGD learning rate. */
  public static final double SGD_LEARNING_RATE_DEFAULT = 0.01;
  /** Keras's default learning rate for every optimizer but SGD. */
  public static final double LEARNING_RATE_DEFAULT = 0.001;
  /** Keras's epsilon for adaptive optimizers. */
  public static final double EPSILON_DEFAULT = 1e-7;
  /** Keras's AdamW weight decay. */
  public static final double WEIGHT_DECAY_DEFAULT = 0.004;

  /** The names {@link #get} knows, lower-case (Keras's class names, matched ignoring case). */
  public static final List<String> NAMES = OptimizerRegistry.NAMES;

  private Optimizers() {}

  /**
   * A new optimizer with Keras's default hyper-parameters, by Keras's class name ignoring case, as Keras's
   * {@code keras.optimizers.get(name)}: {@code "sgd"} (lr 0.01), {@code "rmsprop"}, {@code "adam"}, {@code "adamw"}
   * (weight decay 0.004), {@code "adagrad"}, {@code "adadelta"}, {@code "adamax"}, {@code "nadam"}, {@code "lion"},
   * {@code "ftrl"} (lr 0.001). Fails listing the known names.
   */
  public static Optimizer get(String name) {
    return OptimizerRegistry.get(name);
  }

  /**
   * Rebuilds an optimizer from its {@link Optimizer#config()} (its {@code name} key is the class name), or from Keras's
   * serialized form {@code {"class_name": "Adam", "config": {...}}}; a schedule under {@code learning_rate} is rebuilt with
   * {@link Schedules#fromConfig}. Fails naming an unknown class or key.
   */
  public static Optimizer fromConfig(Map<String, Object> config) {
    return OptimizerRegistry.fromConfig(config);
  }

  /** SGD with Keras's defaults (learning rate 0.01, no momentum); Keras's {@code keras.optimizers.SGD()}. */
  public static Sgd sgd() {
    return sgd(SGD_LEARNING_RATE_DEFAULT);
  }

  /** RMSprop with Keras's defaults (learning rate 0.001, rho 0.9); Keras's {@code keras.optimizers.RMSprop()}. */
  public static RmsProp rmsprop() {
    return rmsprop(LEARNING_RATE_DEFAULT);
  }

  /** Adam with Keras's defaults (learning rate 0.001); Keras's {@code keras.optimizers.Adam()}. */
  public static Adam adam() {
    return adam(LEARNING_RATE_DEFAULT);
  }

  /** AdamW with Keras's defaults (learning rate 0.001, weight decay 0.004); Keras's {@code keras.optimizers.AdamW()}. */
  public static Adam adamW() {
    return adamW(LEARNING_RATE_DEFAULT);
  }

  /** Plain gradient descent. */
  public static Sgd sgd(double learningRate) {
    return new Sgd(learningRate, null);
  }

  /** Gradient descent with a schedule. */
  public static Sgd sgd(LearningRateSchedule schedule) {
    return new Sgd(0, schedule);
  }

  /** RMSprop with Keras's defaults and the given rate. */
  public static RmsProp rmsprop(double learningRate) {
    return new RmsProp(learningRate, null);
  }

  /** RMSprop with a schedule. */
  public static RmsProp rmsprop(LearningRateSchedule schedule) {
    return new RmsProp(0, schedule);
  }

  /** Adam with Keras's defaults and the given rate. */
  public static Adam adam(double learningRate) {
    return new Adam(learningRate, null, false);
  }

  /** Adam with a schedule. */
  public static Adam adam(LearningRateSchedule schedule) {
    return new Adam(0, schedule, false);
  }

  /** AdamW with Keras's default weight decay 0.004. */
  public static Adam adamW(double learningRate) {
    return adamW(learningRate, WEIGHT_DECAY_DEFAULT);
  }

  /** AdamW with a schedule and Keras's default weight decay 0.004. */
  public static Adam adamW(LearningRateSchedule schedule) {
    Adam a = new Adam(0, schedule, true);
    a.weightDecay(WEIGHT_DECAY_DEFAULT);
    return a;
  }

  /** AdamW with the given decoupled weight decay. */
  public static Adam adamW(double learningRate, double weightDecay) {
    Adam a = new Adam(learningRate, null, true);
    a.weightDecay(weightDecay);
    return a;
  }

  /** Adagrad with Keras's defaults (learning rate 0.001, initial accumulator 0.1); {@code keras.optimizers.Adagrad()}. */
  public static Adagrad adagrad() {
    return adagrad(LEARNING_RATE_DEFAULT);
  }

  /** Adagrad with the given rate. */
  public static Adagrad adagrad(double learningRate) {
    return new Adagrad(learningRate, null);
  }

  /** Adagrad with a schedule. */
  public static Adagrad adagrad(LearningRateSchedule schedule) {
    return new Adagrad(0, schedule);
  }

  /** Adadelta with Keras's defaults (learning rate 0.001, rho 0.95); {@code keras.optimizers.Adadelta()}. */
  public static Adadelta adadelta() {
    return adadelta(LEARNING_RATE_DEFAULT);
  }

  /** Adadelta with the given rate. */
  public static Adadelta adadelta(double learningRate) {
    return new Adadelta(learningRate, null);
  }

  /** Adadelta with a schedule. */
  public static Adadelta adadelta(LearningRateSchedule schedule) {
    return new Adadelta(0, schedule);
  }

  /** Adamax with Keras's defaults (learning rate 0.001, betas 0.9/0.999); {@code keras.optimizers.Adamax()}. */
  public static Adamax adamax() {
    return adamax(LEARNING_RATE_DEFAULT);
  }

  /** Adamax with the given rate. */
  public static Adamax adamax(double learningRate) {
    return new Adamax(learningRate, null);
  }

  /** Adamax with a schedule. */
  public static Adamax adamax(LearningRateSchedule schedule) {
    return new Adamax(0, schedule);
  }

  /** Nadam with Keras's defaults (learning rate 0.001, betas 0.9/0.999); {@code keras.optimizers.Nadam()}. */
  public static Nadam nadam() {
    return nadam(LEARNING_RATE_DEFAULT);
  }

  /** Nadam with the given rate. */
  public static Nadam nadam(double learningRate) {
    return new Nadam(learningRate, null);
  }

  /** Nadam with a schedule. */
  public static Nadam nadam(LearningRateSchedule schedule) {
    return new Nadam(0, schedule);
  }

  /** Lion with Keras's defaults (learning rate 0.001, betas 0.9/0.99); {@code keras.optimizers.Lion()}. */
  public static Lion lion() {
    return lion(LEARNING_RATE_DEFAULT);
  }

  /** Lion with the given rate. */
  public static Lion lion(double learningRate) {
    return new Lion(learningRate, null);
  }

  /** Lion with a schedule. */
  public static Lion lion(LearningRateSchedule schedule) {
    return new Lion(0, schedule);
  }

  /** Ftrl with Keras's defaults (learning rate 0.001, power −0.5, accumulator 0.1); {@code keras.optimizers.Ftrl()}. */
  public static Ftrl ftrl() {
    return ftrl(LEARNING_RATE_DEFAULT);
  }

  /** Ftrl with the given rate. */
  public static Ftrl ftrl(double learningRate) {
    return new Ftrl(learningRate, null);
  }

  /** Ftrl with a schedule. */
  public static Ftrl ftrl(LearningRateSchedule schedule) {
    return new Ftrl(0, schedule);
  }

  /** SGD with optional (Nesterov) momentum, on {@code ApplyGradientDescent} / {@code ApplyMomentum}. */
  public static final class Sgd extends SgdUpdate {
    Sgd(double lr, LearningRateSchedule s) {
      super(lr, s);
    }

    /** Momentum factor in [0, 1] (default 0). */
    public Sgd momentum(double m) {
      if (!(m >= 0 && m <= 1))
        throw new IllegalArgumentException("momentum must be in [0, 1]. Received: momentum=" + m);
      this.momentum = m;
      return this;
    }

    /** Nesterov momentum (default false). */
    public Sgd nesterov(boolean n) {
      this.nesterov = n;
      return this;
    }
  }

  /** RMSprop on {@code ApplyRMSProp} / {@code ApplyCenteredRMSProp} (epsilon inside the square root, as Keras). */
  public static final class RmsProp extends RmsPropUpdate {
    RmsProp(double lr, LearningRateSchedule s) {
      super(lr, s);
    }

    /** Discount factor of the squared-gradient average (default 0.9). */
    public RmsProp rho(double r) {
      if (!(r > 0 && r < 1))
        throw new IllegalArgumentException("rho must be in (0, 1). Received: rho=" + r);
      this.rho = r;
      return this;
    }

    /** Momentum (default 0). */
    public RmsProp momentum(double m) {
      if (!(m >= 0 && m < 1))
        throw new IllegalArgumentException("momentum must be in [0, 1). Received: momentum=" + m);
      this.momentum = m;
      return this;
    }

    /** Epsilon (default 1e-7). */
    public RmsProp epsilon(double e) {
      this.epsilon = e;
      return this;
    }

    /** Centered variant (normalise by the gradient's variance). */
    public RmsProp centered(boolean c) {
      this.centered = c;
      return this;
    }
  }

  /**
   * Adam on {@code ApplyAdam}; as AdamW ({@link #adamW}) with decoupled weight decay ({@code var -= lr·wd·var} before the
   * Adam step; see {@link Optimizer#weightDecay} and {@link Optimizer#excludeFromWeightDecay}).
   */
  public static final class Adam extends AdamUpdate {
    Adam(double lr, LearningRateSchedule s, boolean adamW) {
      super(lr, s, adamW);
    }

    /** First-moment decay (default 0.9). */
    public Adam beta1(double b) {
      this.beta1 = Nadam.beta("beta1", b);
      return this;
    }

    /** Second-moment decay (default 0.999). */
    public Adam beta2(double b) {
      this.beta2 = Nadam.beta("beta2", b);
      return this;
    }

    /** Epsilon (default 1e-7). */
    public Adam epsilon(double e) {
      this.epsilon = e;
      return this;
    }
  }
}
