package io.tfweave.layers;

import io.tfweave.activations.Activation;
import io.tfweave.graph.CallContext;
import io.tfweave.graph.CallMode;
import io.tfweave.graph.DType;
import io.tfweave.graph.Weight;
import io.tfweave.graph.WeightFactory;
import io.tfweave.mixedprecision.DTypePolicy;
import io.tfweave.mixedprecision.MixedPrecision;
import io.tfweave.shape.ShapeMismatchException;
import io.tfweave.shape.Shapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The base of every layer: a named, configurable transformation whose weights are declared once, when it first sees an input
 * shape, and whose ops are added to a graph each time a model builds a sub-graph (training or inference).
 *
 * <p>Subclasses override {@link #outputShape(Shape)} (pure: validate and compute), {@link #build(Shape, WeightFactory)}
 * (declare weights) and {@link #call(Ops, Operand, CallMode)} (add ops). Multi-input layers override the list variants.
 */
public abstract class Layer {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-]*");

  private String name;
  private boolean trainable = true;
  private boolean built;
  private List<Weight> weights = List.of();
  private List<Shape> builtInputShapes;
  private final List<Node> nodes = new ArrayList<>();
  private DTypePolicy dtypePolicy = MixedPrecision.globalPolicy();

  protected Layer() {}

  // ---------------------------------------------------------------- naming and configuration

  /** The layer's name, unique within its model; null until named or added to a model. */
  public String name() {
    return name;
  }

  /** Names the layer (letters, digits, {@code _ . -}); must happen before the layer is built. */
  public Layer named(String newName) {
    if (newName == null || !NAME.matcher(newName).matches()) {
      throw new IllegalArgumentException(
          "Layer name must match " + NAME.pattern() + ". Received: name=" + newName);
    }
    if (built && name != null && !name.equals(newName)) {
      throw new IllegalStateException(
          "Layer '" + name + "' is already built; it cannot be renamed to '" + newName + "'");
    }
    this.name = newName;
    return this;
  }

  /** Assigns a default name if the layer has none (used by models). */
  public void nameIfUnnamed(String defaultName) {
    if (name == null) name = defaultName;
  }

  /** Keras's class name, used in summaries and configs; an anonymous subclass has none and must override this. */
  public String className() {
    return getClass().getSimpleName();
  }

  /** Keras's default base name: the class name in snake_case ({@code Conv2D} → {@code conv2d}). */
  public String defaultBaseName() {
    String intermediate = requireClassName().replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
    return intermediate.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** {@link #className()}, failing with the fix when it is empty (an anonymous subclass that does not override it). */
  private String requireClassName() {
    String c = className();
    if (c != null && !c.isEmpty()) return c;
    Class<?> named = getClass();
    while (named.getSimpleName().isEmpty()) named = named.getSuperclass();
    throw new IllegalArgumentException(
        "An anonymous subclass of " + named.getSimpleName() + " (" + getClass().getName()
            + ") has no class name, which Keras uses for the layer's default name, its summary row and its saved config. Fix: "
            + "declare a named class (e.g. static final class Scale extends Layer), override className() to return a name, or "
            + "wrap a stateless function in io.tfweave.layers.core.Lambda.");
  }

  /** Runs a configuration change, refusing it once the layer is built; returns this layer cast to the caller's type. */
  @SuppressWarnings("unchecked")
  protected final <L extends Layer> L configure(Runnable change) {
    if (built) {
      throw new IllegalStateException("Layer '" + name + "' (" + className()
          + ") is already built; configure it before " + "adding it to a model");
    }
    change.run();
    return (L) this;
  }

  /**
   * Keras's config: {@code name}, {@code trainable}, {@code dtype} (only for a mixed policy) and the layer's own options
   * with Keras's snake_case keys.
   */
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("trainable", trainable);
    if (dtypePolicy.isMixed()) c.put("dtype", dtypePolicy.config());
    return c;
  }

  /** Sets the layer's dtype policy (default: {@link MixedPrecision#globalPolicy()} when the layer was created). */
  public Layer dtype(DTypePolicy policy) {
    java.util.Objects.requireNonNull(policy, "policy");
    return configure(() -> this.dtypePolicy = policy);
  }

  /** Sets the dtype policy by name: {@code float32}, {@code mixed_float16} or {@code mixed_bfloat16}. */
  public Layer dtype(String policy) {
    return dtype(DTypePolicy.of(policy));
  }

  /** The dtype policy. */
  public DTypePolicy dtypePolicy() {
    return dtypePolicy;
  }

  /**
   * Whether this layer has a 16-bit implementation; layers without one compute in float32 under a mixed policy. False by
   * default; layers whose ops are all dtype-generic ({@code Dense}, the convolutions, {@code Embedding}, ...) override it.
   */
  protected boolean supports16BitCompute() {
    return false;
  }

  /** The type the layer computes in: the policy's compute type if the layer supports it, else float32. */
  public final Class<? extends org.tensorflow.types.family.TFloating> computeType() {
    return supports16BitCompute() ? dtypePolicy.computeType() : TFloat32.class;
  }

  // ---------------------------------------------------------------- trainability and weights

  /** Whether gradients update this layer's trainable weights (and BatchNorm uses batch statistics). */
  public boolean isTrainable() {
    return trainable;
  }

  /** Freezes or unfreezes the layer; takes effect at the next {@code compile}. Containers cascade to their layers. */
  public void setTrainable(boolean trainable) {
    this.trainable = trainable;
  }

  /** True once the weights are declared. */
  public boolean isBuilt() {
    return built;
  }

  /** All weights in declaration order. */
  public List<Weight> weights() {
    return weights;
  }

  /** Weights that gradients update: trainable kinds of a trainable layer. */
  public List<Weight> trainableWeights() {
    if (!trainable) return List.of();
    return weights.stream().filter(Weight::isTrainableKind).toList();
  }

  /** Weights that gradients never update here. */
  public List<Weight> nonTrainableWeights() {
    List<Weight> t = trainableWeights();
    return weights.stream().filter(w -> !t.contains(w)).toList();
  }

  /** Total number of scalars in the weights. */
  public long countParams() {
    return weights().stream().mapToLong(Weight::size).sum();
  }

  /** Marks a weightless layer as built (used by inputs, which are never called on other tensors). */
  protected final void markBuilt() {
    built = true;
    builtInputShapes = List.of();
  }

  /** The input shapes the layer was built for (with batch dimension). */
  public List<Shape> builtInputShapes() {
    return builtInputShapes == null ? List.of() : builtInputShapes;
  }

  /** The calls of this layer recorded so far. */
  public List<Node> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  // ---------------------------------------------------------------- what subclasses implement

  /** The output shape for one input shape (with batch dimension); validate here and throw {@link ShapeMismatchException}. */
  public Shape outputShape(Shape in) {
    return in;
  }

  /** Output shapes for all inputs; single-input layers need not override. */
  public List<Shape> outputShapes(List<Shape> in) {
    if (in.size() != 1) {
      throw new IllegalArgumentException("Layer '" + name + "' (" + className()
          + ") takes exactly one input, received " + in.size());
    }
    return List.of(outputShape(in.get(0)));
  }

  /** Declares weights for one input shape. */
  protected void build(Shape in, WeightFactory w) {}

  /** Declares weights for several inputs; single-input layers need not override. */
  protected void build(List<Shape> in, WeightFactory w) {
    build(in.get(0), w);
  }

  /** Adds the layer's ops for one float input. */
  protected Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallMode mode) {
    throw new UnsupportedOperationException(className() + " must override call");
  }

  /** Adds the layer's ops for several float inputs; single-input layers need not override. */
  protected List<Operand<TFloat32>> call(Ops tf, List<Operand<TFloat32>> x, CallMode mode) {
    return List.of(call(tf, x.get(0), mode));
  }

  /** Adds the ops for raw inputs of any dtype; the default casts integer inputs to float32 (as Keras layers do). */
  protected List<Operand<?>> callRaw(Ops tf, List<Operand<?>> x, CallMode mode) {
    List<Operand<TFloat32>> floats = new ArrayList<>();
    for (Operand<?> o : x) floats.add(toFloat(tf, o));
    return new ArrayList<>(call(tf, floats, mode));
  }

  /** The dtype of each output; float32 unless overridden. */
  protected List<DType> outputDTypes(List<DType> in, int outputs) {
    return Collections.nCopies(outputs, DType.FLOAT32);
  }

  /** Casts an operand to float32 unless it already is float32 or the layer's 16-bit compute type (mixed precision). */
  protected static Operand<TFloat32> toFloat(Ops tf, Operand<?> o) {
    return ComputePrecision.toFloat(tf, o);
  }

  /** Applies {@code a}, remembering the logits of sigmoid/softmax outputs so that losses can use them. */
  public static Operand<TFloat32> activate(Ops tf, Activation a, Operand<TFloat32> preActivation) {
    if (a == null || a == Activation.LINEAR) return preActivation;
    preActivation = ComputePrecision.activationInput(tf, a, preActivation);
    Operand<TFloat32> out = a.apply(tf, preActivation);
    if (a == Activation.SIGMOID || a == Activation.SOFTMAX)
      CallContext.current().recordLogits(out, preActivation);
    return out;
  }

  // ---------------------------------------------------------------- engine entry points

  /** Calls the layer on symbolic tensors (functional API) and returns its single output. */
  public SymbolicTensor apply(SymbolicTensor... inputs) {
    List<SymbolicTensor> out = applyAll(List.of(inputs));
    if (out.size() != 1) {
      throw new IllegalStateException(
          "Layer '" + name + "' has " + out.size() + " outputs; use applyAll");
    }
    return out.get(0);
  }

  /** Calls the layer on symbolic tensors and returns all its outputs. */
  public List<SymbolicTensor> applyAll(List<SymbolicTensor> inputs) {
    requireClassName();
    List<Shape> shapes = inputs.stream().map(SymbolicTensor::shape).toList();
    String shown = name != null ? name : defaultBaseName();
    List<Shape> outShapes;
    try {
      outShapes = outputShapes(shapes);
    } catch (ShapeMismatchException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage() != null && e.getMessage().startsWith("Layer '")
          ? e.getMessage()
          : "Layer '" + shown + "' (" + className() + "): " + e.getMessage();
      throw new ShapeMismatchException(
          shown,
          "a compatible input",
          shapes.stream().map(Shapes::text).toList().toString(),
          msg);
    }
    if (built) checkCompatible(shapes, shown);
    if (!built) {
      WeightFactory factory = new WeightFactory(() -> name != null ? name : shown);
      build(shapes, factory);
      weights = List.copyOf(factory.created());
      builtInputShapes = List.copyOf(shapes);
      built = true;
    }
    Node node = new Node(this, inputs);
    List<DType> dtypes =
        outputDTypes(inputs.stream().map(SymbolicTensor::dtype).toList(), outShapes.size());
    List<SymbolicTensor> outs = new ArrayList<>();
    for (int i = 0; i < outShapes.size(); i++)
      outs.add(new SymbolicTensor(outShapes.get(i), dtypes.get(i), node, i));
    node.setOutputs(outs);
    nodes.add(node);
    return outs;
  }

  private void checkCompatible(List<Shape> shapes, String shown) {
    if (shapes.size() != builtInputShapes.size()) {
      throw new IllegalArgumentException("Layer '" + shown + "' was built for "
          + builtInputShapes.size() + " input(s), received " + shapes.size());
    }
    for (int i = 0; i < shapes.size(); i++) {
      Shape want = builtInputShapes.get(i);
      Shape got = shapes.get(i);
      boolean ok = want.numDimensions() == got.numDimensions();
      for (int d = 1; ok && d < want.numDimensions(); d++) {
        ok = want.get(d) < 0 || got.get(d) < 0 || want.get(d) == got.get(d);
      }
      if (!ok) {
        throw new ShapeMismatchException(
            shown,
            Shapes.text(want),
            Shapes.text(got),
            "Layer '" + shown + "' (" + className()
                + ") was built for input shape " + Shapes.text(want) + " but received "
                + Shapes.text(got)
                + ". Hint: a layer keeps the input shape of its first call.");
      }
    }
  }

  /** The name to show in messages: the layer's name, or its default base name before it has one. */
  public String shownName() {
    return name != null ? name : defaultBaseName();
  }

  /** A {@link ShapeMismatchException} naming this layer: "Layer 'x' (Type) expects ..., but received shape [...]. hint". */
  public ShapeMismatchException shapeError(String expected, Shape actual, String hint) {
    return new ShapeMismatchException(
        shownName(),
        expected,
        Shapes.text(actual),
        "Layer '" + shownName() + "' (" + className() + ") expects " + expected
            + ", but received shape " + Shapes.text(actual) + "."
            + (hint == null ? "" : " Hint: " + hint));
  }

  /** Used by wrapper layers ({@code Bidirectional}, {@code TimeDistributed}): builds the wrapped layer's weights. */
  public final void buildWrapped(List<Shape> in, WeightFactory w) {
    build(in, w);
  }

  /** Used by wrapper layers: the wrapped layer's output dtypes. */
  public final List<DType> wrappedOutputDTypes(List<DType> in, int outputs) {
    return outputDTypes(in, outputs);
  }

  /** Used by the engine: adds the layer's ops for one call, naming errors after the layer. */
  public final List<Operand<?>> invoke(Ops tf, List<Operand<?>> inputs, CallMode mode) {
    CallContext ctx = CallContext.currentOrNull();
    Class<? extends org.tensorflow.types.family.TFloating> compute = computeType();
    Class<? extends org.tensorflow.types.family.TType> before =
        ctx == null ? null : ctx.computeType(compute);
    try {
      Ops scoped = tf.withSubScope(name);
      return callRaw(scoped, ComputePrecision.castInputs(scoped, inputs, compute), mode);
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      if (e.getMessage() != null && e.getMessage().contains("'" + name + "'")) throw e;
      throw new IllegalStateException(
          "Layer '" + name + "' (" + className() + ") failed to build its ops: " + e.getMessage(),
          e);
    } finally {
      if (ctx != null) ctx.computeType(before);
    }
  }

  @Override
  public String toString() {
    return className() + "('" + name + "')";
  }
}
