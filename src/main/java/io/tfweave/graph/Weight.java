package io.tfweave.graph;

import io.tfweave.constraints.Constraint;
import io.tfweave.initializers.Initializer;
import io.tfweave.regularizers.Regularizer;
import io.tfweave.shape.Shapes;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * One float32 variable of a layer (Keras weight names: {@code kernel}, {@code bias}, {@code gamma}, {@code moving_mean}, ...).
 *
 * <p>A weight is declared when its layer is built and becomes a TensorFlow variable named {@code layerName/weightName} when a
 * model materialises its graph. Its value lives in the store (session) that used it last; another model that shares the layer
 * copies the value over on first use.
 */
public final class Weight {
  private final Supplier<String> layerName;
  private final String name;
  private final Shape shape;
  private final Initializer initializer;
  private Regularizer regularizer;
  private Constraint constraint;
  private boolean trainable = true;
  private WeightStore owner;
  private float[] pending;

  Weight(Supplier<String> layerName, String name, Shape shape, Initializer initializer) {
    this.layerName = layerName;
    this.name = name;
    this.shape = shape;
    this.initializer = initializer;
  }

  /** Adds a regularization penalty on this weight to the training loss. */
  public Weight regularizer(Regularizer r) {
    this.regularizer = r;
    return this;
  }

  /** Projects this weight with {@code c} after every optimizer update (null for none). */
  public Weight constraint(Constraint c) {
    this.constraint = c;
    return this;
  }

  /** Marks the weight as never trained by gradients (e.g. BatchNorm's moving statistics). */
  public Weight nonTrainable() {
    this.trainable = false;
    return this;
  }

  /** The weight's own name, e.g. {@code kernel}. */
  public String name() {
    return name;
  }

  /** The variable path {@code layerName/weightName}. */
  public String path() {
    return layerName.get() + "/" + name;
  }

  /** The owning layer's name. */
  public String layerName() {
    return layerName.get();
  }

  /** The fully defined shape. */
  public Shape shape() {
    return shape;
  }

  /** Number of scalars. */
  public long size() {
    return Shapes.size(shape);
  }

  /** The initializer used when the weight has no value yet. */
  public Initializer initializer() {
    return initializer;
  }

  /** The regularizer, or null. */
  public Regularizer regularizer() {
    return regularizer;
  }

  /** The constraint applied after each update, or null. */
  public Constraint constraint() {
    return constraint;
  }

  /** False for weights that gradients never update, whatever the layer's trainability. */
  public boolean isTrainableKind() {
    return trainable;
  }

  /** The variable holding this weight in the graph being built; valid only inside a layer's call. */
  public Operand<TFloat32> value() {
    return CallContext.current().read(this);
  }

  /** The store that holds the latest value, or null if the weight has never been materialised. */
  public WeightStore owner() {
    return owner;
  }

  /** Records that {@code store} now holds the latest value. */
  public void setOwner(WeightStore store) {
    this.owner = store;
    this.pending = null;
  }

  /** A value set before any store held the weight (e.g. {@code setWeights} on a model that was never run). */
  public float[] pending() {
    return pending;
  }

  /** Sets a value to be used instead of the initializer when the weight is next materialised. */
  public void setPending(float[] values) {
    if (values.length != size()) {
      throw new IllegalArgumentException("Weight '" + path() + "' has shape " + Shapes.text(shape)
          + " (" + size() + " values), but received " + values.length + " values");
    }
    this.pending = values.clone();
    this.owner = null;
  }

  @Override
  public String toString() {
    return path() + Shapes.text(shape);
  }
}
