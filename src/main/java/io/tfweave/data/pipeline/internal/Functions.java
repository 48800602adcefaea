package io.tfweave.data.pipeline.internal;

import io.tfweave.data.pipeline.Element;
import io.tfweave.data.pipeline.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;

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
   */
  public record Fn(ConcreteFunction function, List<TensorSpec> outputs) {}

  /** The function applying {@code body} to elements of {@code in}; {@code what} names it in errors. */
  public static Fn of(List<TensorSpec> in, String what, BiFunction<Ops, Element, Element> body) {
    List<List<TensorSpec>> out = new ArrayList<>();
    ConcreteFunction f = ConcreteFunction.create(tf -> {
      Signature.Builder sig = Signature.builder();
      Map<String, Operand<?>> args = new LinkedHashMap<>();
      for (int i = 0; i < in.size(); i++) {
        TensorSpec s = in.get(i);
        Operand<?> p = placeholder(tf, s);
        args.put(s.name(), p);
        sig.input(String.format("c%04d", i), p);
      }
      Element result = body.apply(tf, Element.of(args));
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
    return new Fn(f, out.get(0));
  }

  private static Operand<?> placeholder(Ops tf, TensorSpec s) {
    return tf.placeholder(s.dtype(), Placeholder.shape(s.shape()));
  }
}
