package io.tfweave.layers.core;

import io.tfweave.internal.Checks;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.regularizers.Regularizer;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Turns integer token ids in [0, inputDim) into dense vectors of size {@code outputDim}.
 *
 * <p>Weights: {@code embeddings} [inputDim, outputDim] (uniform ±0.05). Input shape: {@code (batch, ...)} of int32/int64
 * (floats are cast). Output shape: {@code (batch, ..., outputDim)}.
 */
public final class Embedding extends Layer {
  private final int inputDim;
  private final int outputDim;
  private Initializer embeddingsInitializer = Initializers.randomUniform(-0.05, 0.05);
  private Regularizer embeddingsRegularizer;
  private boolean maskZero;
  private Weight embeddings;

  /** A table of {@code inputDim} vectors of size {@code outputDim}. */
  public Embedding(int inputDim, int outputDim) {
    this.inputDim = Checks.positive("inputDim", inputDim);
    this.outputDim = Checks.positive("outputDim", outputDim);
  }

  /** Initializer of the table (default uniform ±0.05). */
  public Embedding embeddingsInitializer(Initializer i) { return configure(() -> this.embeddingsInitializer = i); }

  /** Penalty on the table. */
  public Embedding embeddingsRegularizer(Regularizer r) { return configure(() -> this.embeddingsRegularizer = r); }

  /** Treats id 0 as padding (recorded for recurrent layers; Keras's {@code mask_zero}). */
  public Embedding maskZero(boolean m) { return configure(() -> this.maskZero = m); }

  /** Whether id 0 is padding. */
  public boolean maskZero() { return maskZero; }

  /** Vocabulary size. */
  public int inputDim() { return inputDim; }

  @Override
  public Shape outputShape(Shape in) { return in.append(outputDim); }

  @Override
  protected void build(Shape in, WeightFactory w) {
    embeddings = w.add("embeddings", Shape.of(inputDim, outputDim), embeddingsInitializer).regularizer(embeddingsRegularizer);
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    Operand<?> ids = x.get(0);
    Operand<TInt32> idx;
    if (ids.type() == TInt32.class) idx = ids.asOutput().expect(TInt32.class);
    else if (ids.type() == TInt64.class) idx = tf.dtypes.cast(ids.asOutput().expect(TInt64.class), TInt32.class);
    else idx = tf.dtypes.cast(ids, TInt32.class);
    Operand<TFloat32> out = tf.gather(embeddings.value(), idx, tf.constant(0));
    if (maskZero) CallContext.current().recordMask(out, tf.math.notEqual(idx, tf.constant(0)));
    return List.of(out);
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("input_dim", inputDim);
    c.put("output_dim", outputDim);
    c.put("embeddings_initializer", Configs.initializer(embeddingsInitializer));
    c.put("embeddings_regularizer", Configs.regularizer(embeddingsRegularizer));
    c.put("mask_zero", maskZero);
    return c;
  }

  /** Rebuilds from a config. */
  public static Embedding fromConfig(Map<String, Object> c) {
    Embedding e = new Embedding(Configs.integer(c, "input_dim"), Configs.integer(c, "output_dim"));
    e.embeddingsInitializer = Configs.initializer(c, "embeddings_initializer", e.embeddingsInitializer);
    e.embeddingsRegularizer = Configs.regularizer(c, "embeddings_regularizer");
    e.maskZero = Configs.bool(c, "mask_zero", false);
    return Configs.common(e, c);
  }
}
