package io.tfweave.saving;

import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.initializers.Initializer;
import io.tfweave.layers.Layer;
import io.tfweave.layers.internal.Configs;
import io.tfweave.shape.Shapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Wraps one signature of a SavedModel as a layer: a feature extractor whose architecture need not be known, frozen by
 * default and fine-tunable where TensorFlow Java can differentiate it. {@code new SavedModelLayer(dir).apply(x)} adds the
 * signature's computation to the model's graph as a function call ({@code PartitionedCall}) and carries the SavedModel's
 * variables as weights named {@code <layer>/<variable>}, so models that contain it can be trained (the layers after it,
 * or it too), exported and reloaded.
 *
 * <p>Input shape: the signature's inputs (one per input, in key order): float32, float64, float16, int32 or int64. Integer
 * inputs (token ids) come from an integer tfweave input, e.g. {@code Input.of(DType.INT32, 6)}, and are cast to the
 * signature's type (an int64 signature is fed from int32 ids); a float tensor for an integer input is refused. Output
 * shape: the signature's outputs (all, in key order, or those chosen with {@link #outputs}), cast to float32; their
 * non-batch dimensions must be known.
 *
 * <p>Supported: TF1-style SavedModels, i.e. graphs with {@code VariableV2} (or {@code VarHandleOp} read by
 * {@code ReadVariableOp}) variables and a name-based checkpoint; every tfweave export is one. How: the ops between the
 * signature's inputs and outputs are cut out of {@code saved_model.pb}, variables become function arguments, and
 * {@code ConcreteFunction.create(signature, graph)} turns the cut into a function (importing the GraphDef under a prefix
 * cannot work in TF Java 1.0.0, which has no input mapping for {@code Graph.importGraphDef}).
 *
 * <p>Also supported: TF2 SavedModels from {@code tf.saved_model.save} or Keras ({@code model.export}, tf.keras
 * {@code save}), whose signature is a {@code StatefulPartitionedCall} of a library function that captures
 * resource-variable handles. The called functions are copied with each captured handle argument turned into a float
 * argument, followed wherever the handle goes (see {@code ResourceReads}): {@code ReadVariableOp} becomes
 * {@code Identity}, {@code ResourceGather} (a tf_keras {@code Embedding}) {@code GatherV2}, and nested calls, the loop
 * variables of {@code While} (a Keras {@code LSTM}) and the branches of {@code If} are rewritten the same way. The
 * variables' values come from the object-based checkpoint (the key of each handle is taken from the SavedModel's restore
 * function) and they are named after the variables (e.g. {@code <layer>/Conv1/kernel}). Signatures that use a variable
 * other than by reading it (e.g. assigning it) are rejected.
 *
 * <p>Fine-tuning: {@code layer.setTrainable(true)} makes the variables the SavedModel marks trainable (Keras's
 * {@code SavedVariable.trainable}, a TF1 graph's {@code trainable_variables}, a tfweave export's {@code model.json}) train;
 * BatchNormalization's moving statistics stay fixed. In training, the signature is then called with a Java gradient that
 * runs the signature's own graph differentiated by TensorFlow's C++ gradients (see {@code SignatureGradient}); measured:
 * one SGD step through a Keras Embedding export equals the same step through tfweave's Embedding, pooling and Dense layers
 * exactly, and a CNN with BatchNormalization and DepthwiseConv2D follows its gradient to first order. Ops that TF Java
 * 1.0.0 cannot differentiate make the first training step refuse with a message naming the op: {@code While} (so every
 * Keras LSTM/GRU export), {@code If}, {@code TensorList*}. For those, keep the layer frozen, or rebuild the model with
 * tfweave layers ({@code Model.load} of the {@code .keras} file, or {@link WeightImport} into the same architecture).
 *
 * <p>A frozen layer (the default) with float inputs is called the same way in training, with a gradient w.r.t. its inputs
 * only, so layers <em>before</em> it train too. Where TF Java cannot differentiate the signature (an LSTM's {@code While})
 * it is called as a plain function: layers before it then cannot train ("No gradient defined for op" at the first step);
 * layers after it are unaffected.
 */
public final class SavedModelLayer extends Layer {
  /** The signature used unless {@link #signature} says otherwise. */
  public static final String SIGNATURE_DEFAULT = ExportOptions.SIGNATURE_KEY_DEFAULT;

  private final Path dir;
  private String signatureKey = SIGNATURE_DEFAULT;
  private List<String> outputKeys;
  private SignatureFunction fn;
  private List<Weight> variables = List.of();
  private SignatureGradient gradient;
  private SignatureGradient inputGradient;
  private boolean inputGradientTried;

  /** A layer running signature {@code serving_default} of the SavedModel at {@code dir}. */
  public SavedModelLayer(Path dir) {
    if (dir == null) throw new IllegalArgumentException("dir must not be null");
    this.dir = dir.toAbsolutePath().normalize();
    setTrainable(false);
  }

  /** The signature to run (default {@code serving_default}). */
  public SavedModelLayer signature(String key) {
    return configure(() -> {
      this.signatureKey = key;
      this.fn = null;
      this.gradient = null;
      this.inputGradientTried = false;
    });
  }

  /** The signature outputs this layer returns, in this order (default: all, sorted by key). */
  public SavedModelLayer outputs(String... keys) {
    return configure(() -> this.outputKeys = List.of(keys));
  }

  /** The SavedModel directory. */
  public Path directory() {
    return dir;
  }

  /** The signature's input keys (sorted). */
  public List<String> inputKeys() {
    return function().inputKeys;
  }

  /** The output keys this layer returns. */
  public List<String> outputKeys() {
    return outputKeys != null ? outputKeys : function().outputKeys;
  }

  @Override
  public String defaultBaseName() {
    return "saved_model_layer";
  }

  /** The fine-tuning call (built on first use; refuses signatures TensorFlow Java cannot differentiate). */
  private SignatureGradient gradient() {
    if (gradient == null) {
      List<Boolean> train = new ArrayList<>();
      for (Weight v : variables) train.add(v.isTrainableKind());
      gradient = SignatureGradient.create(function(), train, shownName(), dir);
    }
    return gradient;
  }

  /**
   * For a frozen layer in training: the call differentiable w.r.t. its float inputs (so that layers before it train), or
   * null when it has none or TF Java cannot differentiate the signature (then the plain call stays).
   */
  private SignatureGradient inputGradient() {
    if (!inputGradientTried) {
      inputGradientTried = true;
      SignatureFunction f = function();
      if (f.inputTypes.contains(DataType.DT_FLOAT)) {
        try {
          inputGradient = SignatureGradient.create(
              f, java.util.Collections.nCopies(variables.size(), false), shownName(), dir);
        } catch (UnsupportedOperationException e) {
          inputGradient = null;
        }
      }
    }
    return inputGradient;
  }

  private SignatureFunction function() {
    if (fn == null) {
      try {
        fn = SignatureFunction.read(dir, signatureKey);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read SavedModel " + dir, e);
      }
      if (outputKeys != null) {
        for (String k : outputKeys) {
          if (!fn.outputKeys.contains(k)) {
            throw new IllegalArgumentException("Signature '" + signatureKey + "' of " + dir
                + " has no output '" + k + "'. Outputs: " + fn.outputKeys);
          }
        }
      }
    }
    return fn;
  }

  @Override
  public List<Shape> outputShapes(List<Shape> in) {
    SignatureFunction f = function();
    if (in.size() != f.inputKeys.size()) {
      throw new IllegalArgumentException("Layer '" + shownName() + "' (SavedModelLayer) takes "
          + f.inputKeys.size() + " input(s) " + f.inputKeys + ", received " + in.size());
    }
    for (int i = 0; i < in.size(); i++) {
      long[] want = f.inputShapes.get(i).asArray();
      long[] got = in.get(i).asArray();
      boolean ok = want.length == got.length;
      for (int d = 1; ok && d < want.length; d++) ok = want[d] < 0 || want[d] == got[d];
      if (!ok) {
        throw shapeError(
            "input '" + f.inputKeys.get(i) + "' of shape " + Shapes.text(f.inputShapes.get(i)),
            in.get(i),
            "the SavedModel's signature fixes its input shape.");
      }
    }
    List<Shape> out = new ArrayList<>();
    for (String k : outputKeys()) {
      Shape s = f.outputShapes.get(f.outputKeys.indexOf(k));
      long[] dims = s.asArray();
      for (int d = 1; d < dims.length; d++) {
        if (dims[d] < 0) {
          throw new IllegalArgumentException(
              "Layer '" + shownName() + "': output '" + k + "' of " + dir + " has shape "
                  + Shapes.text(s) + "; SavedModelLayer needs known non-batch dimensions");
        }
      }
      dims[0] = -1;
      out.add(Shape.of(dims));
    }
    return out;
  }

  @Override
  protected void build(List<Shape> in, WeightFactory w) {
    List<Weight> vs = new ArrayList<>();
    for (SignatureFunction.Variable v : function().variables) {
      Weight weight = w.add(v.name(), v.shape(), new Values(v.values()));
      vs.add(v.trainable() ? weight : weight.nonTrainable());
    }
    variables = List.copyOf(vs);
  }

  @Override
  protected List<DType> outputDTypes(List<DType> in, int outputs) {
    SignatureFunction f = function();
    for (int i = 0; i < in.size() && i < f.inputTypes.size(); i++) {
      DataType want = f.inputTypes.get(i);
      boolean wantInt = want == DataType.DT_INT32 || want == DataType.DT_INT64;
      if (in.get(i) == DType.STRING || (wantInt && !in.get(i).isInteger())) {
        throw new IllegalArgumentException("Layer '" + shownName() + "' (SavedModelLayer): input '"
            + f.inputKeys.get(i) + "' of signature '" + signatureKey + "' of " + dir + " is "
            + typeName(want) + ", but received a " + in.get(i).kerasName() + " tensor. "
            + (wantInt
                ? "Feed integer ids, e.g. Input.of(DType."
                    + (want == DataType.DT_INT64 ? "INT64" : "INT32") + ", ...)."
                : "Feed numbers."));
      }
    }
    return super.outputDTypes(in, outputs);
  }

  @Override
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    SignatureFunction f = function();
    Map<String, Operand<?>> args = new LinkedHashMap<>();
    for (int i = 0; i < x.size(); i++) args.put("x" + i, cast(tf, x.get(i), f.inputTypes.get(i)));
    for (int i = 0; i < variables.size(); i++)
      args.put("w" + i, variables.get(i).value());
    List<Operand<?>> res;
    SignatureGradient g = !mode.training() ? null : isTrainable() ? gradient() : inputGradient();
    if (g != null) {
      List<Operand<?>> in = new ArrayList<>(args.values());
      if (isTrainable()) {
        // The signature reads the variables through a copy (x + 0 allocates a new buffer): the
        // step's updates wait for the variables' direct readers, and once TensorFlow inlines the
        // gradient's function call its nodes would otherwise read a variable an update has changed.
        Operand<TFloat32> zero = tf.constant(0f);
        for (int i = x.size(); i < in.size(); i++)
          in.set(i, tf.math.add(variables.get(i - x.size()).value(), zero));
      }
      res = g.call(tf, in);
    } else {
      Map<String, Operand<?>> named = f.function.call(tf, args);
      res = new ArrayList<>();
      for (int k = 0; k < f.outputKeys.size(); k++) res.add(named.get("y" + k));
    }
    List<Operand<?>> out = new ArrayList<>();
    for (String k : outputKeys()) out.add(toFloat(tf, res.get(f.outputKeys.indexOf(k))));
    return out;
  }

  /** {@code o} as the signature's input type (int32 ids fed to an int64 signature are widened, and so on). */
  private static Operand<?> cast(Ops tf, Operand<?> o, DataType want) {
    Class<? extends TType> type =
        switch (want) {
          case DT_DOUBLE -> TFloat64.class;
          case DT_HALF -> TFloat16.class;
          case DT_INT32 -> TInt32.class;
          case DT_INT64 -> TInt64.class;
          default -> TFloat32.class;
        };
    return o.type() == type ? o : tf.dtypes.cast(o, type);
  }

  private static String typeName(DataType t) {
    return switch (t) {
      case DT_DOUBLE -> "float64";
      case DT_HALF -> "float16";
      case DT_INT32 -> "int32";
      case DT_INT64 -> "int64";
      default -> "float32";
    };
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("path", dir.toString());
    c.put("signature", signatureKey);
    c.put("outputs", outputKeys);
    return c;
  }

  /** Rebuilds from a config; the SavedModel must still be at {@code path} (its weights come from the saved model). */
  public static SavedModelLayer fromConfig(Map<String, Object> c) {
    SavedModelLayer l = new SavedModelLayer(Path.of((String) c.get("path")));
    if (c.get("signature") != null) l.signatureKey = (String) c.get("signature");
    if (c.get("outputs") instanceof List<?> o)
      l.outputKeys = o.stream().map(Object::toString).toList();
    Configs.common(l, c);
    return l;
  }

  /** The pretrained values of one variable (used when the weight is first materialised). */
  private record Values(float[] values) implements Initializer {
    @Override
    public float[] generate(Shape shape, SplittableRandom rng) {
      return Arrays.copyOf(values, values.length);
    }

    @Override
    public String kerasName() {
      return "SavedModelValues";
    }
  }

  /** Names the layer (unique within a model); returns this layer as its own type. */
  @Override
  public SavedModelLayer named(String newName) {
    super.named(newName);
    return this;
  }
}
