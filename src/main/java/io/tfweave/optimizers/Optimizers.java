package io.tfweave.optimizers;

import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * Keras's optimizers with Keras's defaults: SGD (lr 0.01, momentum 0), RMSprop (lr 0.001, rho 0.9, eps 1e-7), Adam
 * (lr 0.001, betas 0.9/0.999, eps 1e-7) and AdamW (Adam plus decoupled weight decay 0.004).
 */
public final class Optimizers {
  /** Keras's default SGD learning rate. */
  public static final double SGD_LEARNING_RATE_DEFAULT = 0.01;
  /** Keras's default learning rate for RMSprop, Adam and AdamW. */
  public static final double LEARNING_RATE_DEFAULT = 0.001;
  /** Keras's epsilon for adaptive optimizers. */
  public static final double EPSILON_DEFAULT = 1e-7;
  /** Keras's AdamW weight decay. */
  public static final double WEIGHT_DECAY_DEFAULT = 0.004;

  /** The names {@link #get} knows, lower-case (Keras's class names, matched ignoring case). */
  public static final List<String> NAMES = List.of("sgd", "rmsprop", "adam", "adamw");

  private Optimizers() {}

  /**
   * A new optimizer with Keras's default hyper-parameters, by Keras's name: {@code "sgd"} (lr 0.01), {@code "rmsprop"}
   * (lr 0.001, rho 0.9), {@code "adam"} (lr 0.001) or {@code "adamw"} (lr 0.001, weight decay 0.004); Keras's class names
   * ({@code "SGD"}, {@code "RMSprop"}, {@code "Adam"}, {@code "AdamW"}) also work, as in Keras's
   * {@code keras.optimizers.get(name)}. Fails listing the known names.
   */
  public static Optimizer get(String name) {
    String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return switch (key) {
      case "sgd" -> sgd();
      case "rmsprop" -> rmsprop();
      case "adam" -> adam();
      case "adamw" -> adamW();
      default -> throw new IllegalArgumentException(
          "Unknown optimizer '" + name + "'. Expected one of " + NAMES
              + " (Keras's names, any case). Fix: pass one of these names, or an Optimizer such as Optimizers.adam(1e-3).");
    };
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
    return new Adam(learningRate, null, 0);
  }

  /** Adam with a schedule. */
  public static Adam adam(LearningRateSchedule schedule) {
    return new Adam(0, schedule, 0);
  }

  /** AdamW with Keras's default weight decay 0.004. */
  public static Adam adamW(double learningRate) {
    return new Adam(learningRate, null, WEIGHT_DECAY_DEFAULT);
  }

  /** AdamW with the given decoupled weight decay. */
  public static Adam adamW(double learningRate, double weightDecay) {
    if (!(weightDecay >= 0))
      throw new IllegalArgumentException(
          "weightDecay must be >= 0. Received: weightDecay=" + weightDecay);
    return new Adam(learningRate, null, weightDecay);
  }

  /** SGD with optional (Nesterov) momentum, on {@code ApplyGradientDescent} / {@code ApplyMomentum}. */
  public static final class Sgd extends Optimizer {
    private double momentum;
    private boolean nesterov;

    Sgd(double lr, LearningRateSchedule s) {
      super(s == null ? lr : 0, s);
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

    @Override
    public String name() {
      return "SGD";
    }

    @Override
    protected Op applyOne(
        Ops tf,
        Variable<TFloat32> var,
        Operand<TFloat32> grad,
        Slots slots,
        Operand<TFloat32> lr,
        Operand<TFloat32> step) {
      if (momentum == 0) return tf.train.applyGradientDescent(var, lr, grad);
      return tf.train.applyMomentum(
          var,
          slots.zeros("momentum"),
          lr,
          grad,
          tf.constant((float) momentum),
          ApplyMomentum.useNesterov(nesterov));
    }

    @Override
    public java.util.Map<String, Object> config() {
      var c = super.config();
      c.put("momentum", momentum);
      c.put("nesterov", nesterov);
      return c;
    }
  }

  /** RMSprop on {@code ApplyRMSProp} / {@code ApplyCenteredRMSProp} (epsilon inside the square root, as tf.keras 2). */
  public static final class RmsProp extends Optimizer {
    private double rho = 0.9;
    private double momentum;
    private double epsilon = EPSILON_DEFAULT;
    private boolean centered;

    RmsProp(double lr, LearningRateSchedule s) {
      super(s == null ? lr : 0, s);
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

    @Override
    public String name() {
      return "RMSprop";
    }

    @Override
    protected Op applyOne(
        Ops tf,
        Variable<TFloat32> var,
        Operand<TFloat32> grad,
        Slots slots,
        Operand<TFloat32> lr,
        Operand<TFloat32> step) {
      Operand<TFloat32> r = tf.constant((float) rho);
      Operand<TFloat32> m = tf.constant((float) momentum);
      Operand<TFloat32> e = tf.constant((float) epsilon);
      if (centered) {
        return tf.train.applyCenteredRmsProp(
            var, slots.zeros("mg"), slots.zeros("rms"), slots.zeros("momentum"), lr, r, m, e, grad);
      }
      return tf.train.applyRmsProp(
          var, slots.zeros("rms"), slots.zeros("momentum"), lr, r, m, e, grad);
    }

    @Override
    public java.util.Map<String, Object> config() {
      var c = super.config();
      c.put("rho", rho);
      c.put("momentum", momentum);
      c.put("epsilon", epsilon);
      c.put("centered", centered);
      return c;
    }
  }

  /** Adam on {@code ApplyAdam}; with a weight decay it is AdamW (decay {@code var -= lr·wd·var} before the Adam step). */
  public static final class Adam extends Optimizer {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = EPSILON_DEFAULT;
    private final double weightDecay;

    Adam(double lr, LearningRateSchedule s, double weightDecay) {
      super(s == null ? lr : 0, s);
      this.weightDecay = weightDecay;
    }

    /** First-moment decay (default 0.9). */
    public Adam beta1(double b) {
      if (!(b >= 0 && b < 1))
        throw new IllegalArgumentException("beta1 must be in [0, 1). Received: beta1=" + b);
      this.beta1 = b;
      return this;
    }

    /** Second-moment decay (default 0.999). */
    public Adam beta2(double b) {
      if (!(b >= 0 && b < 1))
        throw new IllegalArgumentException("beta2 must be in [0, 1). Received: beta2=" + b);
      this.beta2 = b;
      return this;
    }

    /** Epsilon (default 1e-7). */
    public Adam epsilon(double e) {
      this.epsilon = e;
      return this;
    }

    private Operand<TFloat32> beta1Power;
    private Operand<TFloat32> beta2Power;

    @Override
    public String name() {
      return weightDecay > 0 ? "AdamW" : "Adam";
    }

    @Override
    protected void prepare(Ops tf, Operand<TFloat32> lr, Operand<TFloat32> step) {
      beta1Power = tf.math.pow(tf.constant((float) beta1), step);
      beta2Power = tf.math.pow(tf.constant((float) beta2), step);
    }

    @Override
    protected Op applyOne(
        Ops tf,
        Variable<TFloat32> var,
        Operand<TFloat32> grad,
        Slots slots,
        Operand<TFloat32> lr,
        Operand<TFloat32> step) {
      Ops t = tf;
      if (weightDecay > 0) {
        Op decay =
            tf.assignSub(var, tf.math.mul(var, tf.math.mul(lr, tf.constant((float) weightDecay))));
        t = tf.withControlDependencies(List.of(decay));
      }
      Operand<TFloat32> b1 = t.constant((float) beta1);
      Operand<TFloat32> b2 = t.constant((float) beta2);
      return t.train.applyAdam(
          var,
          slots.zeros("m"),
          slots.zeros("v"),
          beta1Power,
          beta2Power,
          lr,
          b1,
          b2,
          t.constant((float) epsilon),
          grad);
    }

    @Override
    public java.util.Map<String, Object> config() {
      var c = super.config();
      c.put("beta_1", beta1);
      c.put("beta_2", beta2);
      c.put("epsilon", epsilon);
      if (weightDecay > 0) c.put("weight_decay", weightDecay);
      return c;
    }
  }
}
