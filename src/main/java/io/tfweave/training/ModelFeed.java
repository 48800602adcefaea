package io.tfweave.training;

import io.tfweave.data.pipeline.Element;
import io.tfweave.data.pipeline.MapFn;
import io.tfweave.data.pipeline.Pipeline;
import io.tfweave.data.pipeline.TensorSpec;
import io.tfweave.graph.DType;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.losses.Loss;
import io.tfweave.shape.Shapes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * The last stage of a pipeline read by {@code fit}, {@code evaluate} or {@code predict}: picks the model's inputs and the
 * target out of each batch, checks their shapes against the model's (at graph-building time, so mistakes surface before
 * training), and casts them to the model's dtypes in TensorFlow's threads. The result has components {@code input_0..}
 * and, unless predicting, {@code target}.
 */
final class ModelFeed implements MapFn {
  static final String TARGET = "target";
  static final String WEIGHT = "sample_weight";
  private final ModelGraph model;
  private final Pipeline pipeline;
  private final Loss loss;
  private final String what;

  /** A feed for {@code pipeline} into {@code model}; {@code loss} null means inputs only; {@code what} names it in errors. */
  ModelFeed(ModelGraph model, Pipeline pipeline, Loss loss, String what) {
    this.model = model;
    this.pipeline = pipeline;
    this.loss = loss;
    this.what = what;
  }

  static String input(int i) {
    return "input_" + i;
  }

  @Override
  public Element apply(Ops tf, Element e) {
    List<String> names = pipeline.inputNames(e.names());
    List<SymbolicTensor> inputs = model.inputs();
    String m = "model '" + model.view().name() + "'";
    if (names.size() != inputs.size()) {
      throw new IllegalArgumentException("Model '" + model.view().name() + "' has " + inputs.size()
          + " input(s), but " + what + " provides " + names.size() + " (" + names
          + "); name them in the model's order with .inputs(...)");
    }
    Map<String, Operand<?>> out = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      SymbolicTensor in = inputs.get(i);
      Operand<?> c = e.get(names.get(i));
      String where = "Input '" + in.layer().name() + "' of " + m + " expects batches of shape "
          + Shapes.keras(in.shape());
      checkBatched(c, names.get(i), in.shape(), where);
      if ((c.type() == TString.class) != (in.dtype() == DType.STRING)) {
        throw new IllegalArgumentException(where + " of dtype " + in.dtype().kerasName()
            + ", but component '" + names.get(i) + "' of " + what + " holds "
            + TensorSpec.dtypeName(c.type())
            + (in.dtype() == DType.STRING
                ? "; give the model's string input the raw texts"
                : "; decode it into numbers with map(...)"));
      }
      Operand<?> cast = in.dtype() == DType.STRING
          ? c
          : in.dtype() == DType.FLOAT32
              ? Trainer.asFloat(tf, c)
              : c.type() == TInt32.class ? c : tf.dtypes.cast(c, TInt32.class);
      out.put(input(i), tf.ensureShape(cast, in.shape()));
    }
    if (loss == null) return Element.of(out);
    String t = pipeline.targetName(e.names());
    if (t == null) {
      throw new IllegalArgumentException(what + " has no target component (y) among " + e.names()
          + "; fit and evaluate need " + "one: name it with .target(\"...\")");
    }
    Operand<?> y = e.get(t);
    if (y.type() == TString.class || y.shape().numDimensions() == 0) {
      throw new IllegalArgumentException("The targets '" + t + "' of " + what
          + " must be numbers in batches, but they are " + TensorSpec.dtypeName(y.type())
          + " of shape " + y.shape() + (y.shape().numDimensions() == 0 ? "; add .batch(n)" : ""));
    }
    checkTargets(Shapes.perSample(y.shape()), t);
    out.put(TARGET, Trainer.asFloat(tf, y));
    String w = pipeline.sampleWeightName(e.names());
    if (w != null) {
      Operand<?> sw = e.get(w);
      Shape s = sw.shape();
      boolean perSample = s.numDimensions() == 1 || (s.numDimensions() == 2 && s.get(1) == 1);
      if (sw.type() == TString.class || !perSample) {
        throw new IllegalArgumentException("The sample weights '" + w + "' of " + what
            + " must be one number per sample, " + "shape (None,) or (None, 1), but they are "
            + TensorSpec.dtypeName(sw.type()) + " of shape " + s);
      }
      out.put(
          WEIGHT,
          tf.ensureShape(
              tf.reshape(Trainer.asFloat(tf, sw), tf.constant(new int[] {-1})), Shape.of(-1)));
    }
    return Element.of(out);
  }

  private void checkBatched(Operand<?> c, String name, Shape want, String where) {
    Shape got = c.shape();
    if (got.numDimensions() == want.numDimensions() - 1
        && compatible(got.asArray(), Shapes.perSample(want).asArray())) {
      throw new IllegalArgumentException(where + ", but " + what
          + " yields single samples of shape " + Shapes.keras(got).replace("(None, ", "(")
          + " in component '" + name + "'. Batch the pipeline first: .batch(32)");
    }
    if (got.numDimensions() != want.numDimensions() || !compatible(got.asArray(), want.asArray())) {
      throw new IllegalArgumentException(
          where + ", but component '" + name + "' of " + what + " has shape " + got);
    }
  }

  private void checkTargets(Shape ySample, String name) {
    SymbolicTensor o = model.outputs().get(0);
    Shape outSample = Shapes.perSample(o.shape());
    String outName = o.layer().name();
    if (loss.kind() == Loss.Kind.SPARSE_CATEGORICAL) {
      boolean one =
          ySample.numDimensions() == 0 || (ySample.numDimensions() == 1 && ySample.get(0) <= 1);
      if (!one) {
        throw new IllegalArgumentException(
            "sparse_categorical_crossentropy expects one integer label per sample, but the "
                + "targets '" + name + "' of " + what + " have samples of shape " + ySample);
      }
      return;
    }
    long[] y = ySample.asArray();
    long[] out = outSample.asArray();
    boolean same = (y.length == out.length && compatible(y, out))
        || (out.length == y.length + 1
            && out[out.length - 1] == 1
            && compatible(y, Arrays.copyOf(out, y.length)));
    if (!same) {
      throw new IllegalArgumentException(
          "Targets '" + name + "' of " + what + " have samples of shape " + ySample
              + ", but output '" + outName + "' has shape " + Shapes.keras(o.shape())
              + (Shapes.last(o.shape()) > 1 && ySample.size() == 1
                  ? ". Hint: use sparse_categorical_crossentropy for integer labels."
                  : ""));
    }
  }

  private static boolean compatible(long[] a, long[] b) {
    if (a.length != b.length) return false;
    for (int i = 0; i < a.length; i++) if (a[i] >= 0 && b[i] >= 0 && a[i] != b[i]) return false;
    return true;
  }
}
