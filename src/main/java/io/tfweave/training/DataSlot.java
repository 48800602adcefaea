package io.tfweave.training;

import io.tfweave.data.Dataset;
import io.tfweave.data.HostArray;
import io.tfweave.graph.DType;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Holds a whole dataset inside the graph (variables of unknown shape, written once per fit/evaluate), so that a step feeds
 * only a vector of sample indices and gathers its batch in the graph: no per-step copy of batch data.
 */
final class DataSlot {
  private final List<Variable<? extends TType>> xVars = new ArrayList<>();
  private final List<Placeholder<? extends TType>> xFeeds = new ArrayList<>();
  private final List<Op> assigns = new ArrayList<>();
  private final Variable<TFloat32> yVar;
  private final Placeholder<TFloat32> yFeed;
  private final Variable<TFloat32> wVar;
  private final Placeholder<TFloat32> wFeed;
  private Dataset loaded;
  private HostArray loadedWeights;

  DataSlot(Ops tf, String name, List<DType> inputTypes, boolean withTargets) {
    this(tf, name, inputTypes, withTargets, false);
  }

  /** A slot for inputs of {@code inputTypes}, targets if {@code withTargets}, and sample weights if {@code withWeights}. */
  DataSlot(Ops tf, String name, List<DType> inputTypes, boolean withTargets, boolean withWeights) {
    Ops s = tf.withSubScope(name);
    for (int i = 0; i < inputTypes.size(); i++) {
      addInput(s, i, inputTypes.get(i).feedType());
    }
    if (withTargets) {
      yVar = s.withName("y").variable(Shape.unknown(), TFloat32.class);
      yFeed = s.withName("y_feed").placeholder(TFloat32.class);
      assigns.add(s.assign(yVar, yFeed, Assign.validateShape(false)));
    } else {
      yVar = null;
      yFeed = null;
    }
    if (withWeights) {
      wVar = s.withName("w").variable(Shape.unknown(), TFloat32.class);
      wFeed = s.withName("w_feed").placeholder(TFloat32.class);
      assigns.add(s.assign(wVar, wFeed, Assign.validateShape(false)));
    } else {
      wVar = null;
      wFeed = null;
    }
  }

  /** The sample weights at {@code idx} ({@code [batch]}); the slot must hold weights. */
  Operand<TFloat32> w(Ops tf, Operand<TInt32> idx) {
    return gather(tf, wVar, idx, Shape.scalar());
  }

  private <T extends TType> void addInput(Ops s, int i, Class<T> type) {
    Variable<T> v = s.withName("x" + i).variable(Shape.unknown(), type);
    Placeholder<T> p = s.withName("x" + i + "_feed").placeholder(type);
    xVars.add(v);
    xFeeds.add(p);
    assigns.add(s.assign(v, p, Assign.validateShape(false)));
  }

  /** The batch of input {@code i} at {@code idx}, reshaped to {@code [-1, sampleShape...]} so its static shape is known. */
  Operand<?> x(Ops tf, int i, Operand<TInt32> idx, Shape sampleShape) {
    return gather(tf, xVars.get(i), idx, sampleShape);
  }

  /** The batch of targets at {@code idx}. */
  Operand<TFloat32> y(Ops tf, Operand<TInt32> idx, Shape sampleShape) {
    return gather(tf, yVar, idx, sampleShape);
  }

  private static <T extends TType> Operand<T> gather(
      Ops tf, Operand<T> v, Operand<TInt32> idx, Shape sampleShape) {
    long[] dims = new long[sampleShape.numDimensions() + 1];
    dims[0] = -1;
    System.arraycopy(sampleShape.asArray(), 0, dims, 1, sampleShape.numDimensions());
    return tf.reshape(tf.gather(v, idx, tf.constant(0)), tf.constant(dims));
  }

  /** Copies {@code data} into the graph unless this very dataset is already there. */
  void load(Session session, Dataset data) {
    load(session, data, null);
  }

  /** Copies {@code data} and (for a slot with weights) {@code weights} into the graph unless they are already there. */
  void load(Session session, Dataset data, HostArray weights) {
    if (data == loaded && weights == loadedWeights) return;
    if ((wFeed != null) != (weights != null))
      throw new IllegalStateException(
          "This data slot " + (wFeed != null ? "needs" : "has no") + " sample weights");
    List<Tensor> tensors = new ArrayList<>();
    for (HostArray a : data.inputs()) tensors.add(a.toTensor());
    if (yFeed != null) tensors.add(data.targets().asFloat().toTensor());
    if (wFeed != null) tensors.add(weights.asFloat().toTensor());
    assignAll(session, tensors);
    loaded = data;
    loadedWeights = weights;
  }

  /** Frees the graph copy (assigns empty arrays) so large datasets do not stay resident after fit. */
  void release(Session session) {
    if (loaded == null) return;
    List<Tensor> tensors = new ArrayList<>();
    for (Variable<? extends TType> v : xVars) {
      tensors.add(
          v.type() == TFloat32.class
              ? TFloat32.tensorOf(Shape.of(0))
              : v.type() == TString.class
                  ? TString.tensorOf(NdArrays.ofObjects(String.class, Shape.of(0)))
                  : TInt32.tensorOf(Shape.of(0)));
    }
    if (yFeed != null) tensors.add(TFloat32.tensorOf(Shape.of(0)));
    if (wFeed != null) tensors.add(TFloat32.tensorOf(Shape.of(0)));
    assignAll(session, tensors);
    loaded = null;
    loadedWeights = null;
  }

  /** Feeds {@code tensors} (inputs, then targets) to the assign ops and closes them. */
  private void assignAll(Session session, List<Tensor> tensors) {
    try {
      Session.Runner r = session.runner();
      for (int i = 0; i < xFeeds.size(); i++) r.feed(xFeeds.get(i), tensors.get(i));
      if (yFeed != null) r.feed(yFeed, tensors.get(xFeeds.size()));
      if (wFeed != null) r.feed(wFeed, tensors.get(tensors.size() - 1));
      for (Op a : assigns) r.addTarget(a);
      r.run().close();
    } finally {
      tensors.forEach(Tensor::close);
    }
  }
}
