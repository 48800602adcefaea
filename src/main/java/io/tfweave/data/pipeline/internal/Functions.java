package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.Element;
import io.tfweave.data.pipeline.TensorSpec;
import io.tfweave.graph.ElementSeed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt64;

/**
 * Turns a Java function of {@link Element}s into a TensorFlow function for tf.data ({@code MapDataset} and friends): one
 * placeholder per input component, the outputs in the element's order. Signature keys are generated ({@code c0000}),
 * because TensorFlow function argument names allow fewer characters than feature names do.
 */
public final class Functions {
  private Functions() {}

  /**
   * A function and the spec of what it returns.
   *
   * @param function the TensorFlow function (attach it by using it in an op, then close it)
   * @param outputs the components it returns
   * @param usesSeed true when the body asked for an {@link ElementSeed}: the function then takes it as a last input
   */
  public record Fn(ConcreteFunction function, List<TensorSpec> outputs, boolean usesSeed) {}

  /** The spec of the element seed a function may take as its last input. */
  public static final TensorSpec SEED = new TensorSpec("seed", TInt64.class, Shape.of(2));

  /** The function applying {@code body} to elements of {@code in}; {@code what} names it in errors. */
  public static Fn of(List<TensorSpec> in, String what, BiFunction<Ops, Element, Element> body) {
    return of(in, what, body, false);
  }

  /**
   * Like {@link #of(List, String, BiFunction)}; with {@code offerSeed}, the body may ask for an {@link ElementSeed}, which
   * then becomes the function's last input ({@link Fn#usesSeed}).
   */
  public static Fn of(
      List<TensorSpec> in, String what, BiFunction<Ops, Element, Element> body, boolean offerSeed) {
    List<List<TensorSpec>> out = new ArrayList<>();
    boolean[] used = new boolean[1];
    ConcreteFunction f = ConcreteFunction.create(tf -> {
      Signature.Builder sig = Signature.builder();
      Map<String, Operand<?>> args = new LinkedHashMap<>();
      for (int i = 0; i < in.size(); i++) {
        TensorSpec s = in.get(i);
        Operand<?> p = placeholder(tf, s);
        args.put(s.name(), p);
        sig.input(String.format("c%04d", i), p);
      }
      List<Operand<TInt64>> seed = new ArrayList<>();
      Element result = !offerSeed
          ? body.apply(tf, Element.of(args))
          : ElementSeed.with(
              () -> {
                if (seed.isEmpty())
                  seed.add(tf.withName("element_seed")
                      .placeholder(TInt64.class, Placeholder.shape(SEED.shape())));
                return seed.get(0);
              },
              () -> body.apply(tf, Element.of(args)));
      if (!seed.isEmpty()) {
        sig.input(String.format("c%04d", in.size()), seed.get(0));
        used[0] = true;
      }
      if (result == null)
        throw new IllegalArgumentException(what + " returned null instead of an element");
      if (result.names().isEmpty())
        throw new IllegalArgumentException(what + " returned an element without components");
      List<TensorSpec> specs = new ArrayList<>();
      int i = 0;
      for (Map.Entry<String, Operand<?>> e : result.components().entrySet()) {
        Operand<?> o = e.getValue();
        if (o.shape().isUnknown()) {
          throw new IllegalArgumentException(
              what + " returned component '" + e.getKey() + "' of unknown rank; reshape it or "
                  + "use tf.ensureShape so that its rank is known");
        }
        specs.add(new TensorSpec(e.getKey(), o.type(), o.shape()));
        sig.output(String.format("o%04d", i++), o);
      }
      out.add(specs);
      return sig.build();
    });
    return new Fn(f, out.get(0), used[0]);
  }

  private static Operand<?> placeholder(Ops tf, TensorSpec s) {
    return tf.placeholder(s.dtype(), Placeholder.shape(s.shape()));
  }
}
