package io.tfweave.data.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TType;

/**
 * One element of a pipeline inside a {@link MapFn}: its components as named operands of the function being built, in
 * order. Immutable: {@link #with} and {@link #without} return new elements.
 */
public final class Element {
  private final Map<String, Operand<?>> components;

  private Element(Map<String, Operand<?>> components) {
    this.components = Collections.unmodifiableMap(components);
  }

  /** An element of {@code components}, kept in the map's iteration order. */
  public static Element of(Map<String, ? extends Operand<?>> components) {
    Map<String, Operand<?>> m = new LinkedHashMap<>();
    components.forEach(
        (k, v) -> m.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, k)));
    return new Element(m);
  }

  /** The component names, in order. */
  public List<String> names() {
    return new ArrayList<>(components.keySet());
  }

  /** The components, in order. */
  public Map<String, Operand<?>> components() {
    return components;
  }

  /** True when a component is called {@code name}. */
  public boolean has(String name) {
    return components.containsKey(name);
  }

  /** The component {@code name}; fails listing the names there are. */
  public Operand<?> get(String name) {
    Operand<?> o = components.get(name);
    if (o == null)
      throw new IllegalArgumentException(
          "The element has no component '" + name + "'. Components: " + names());
    return o;
  }

  /** The component {@code name} as type {@code type}; fails naming both types when it has another. */
  public <T extends TType> Operand<T> get(String name, Class<T> type) {
    Operand<?> o = get(name);
    if (o.type() != type) {
      throw new IllegalArgumentException(
          "Component '" + name + "' is " + TensorSpec.dtypeName(o.type()) + ", not "
              + TensorSpec.dtypeName(type) + "; cast it with tf.dtypes.cast");
    }
    return o.asOutput().expect(type);
  }

  /** This element with {@code name} set to {@code value} (replaced in place, or added at the end). */
  public Element with(String name, Operand<?> value) {
    Map<String, Operand<?>> m = new LinkedHashMap<>(components);
    m.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
    return new Element(m);
  }

  /** This element without the component {@code name}. */
  public Element without(String name) {
    get(name);
    Map<String, Operand<?>> m = new LinkedHashMap<>(components);
    m.remove(name);
    return new Element(m);
  }
}
