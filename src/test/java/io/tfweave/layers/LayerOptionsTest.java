package io.tfweave.layers;

import static io.tfweave.activations.Activation.RELU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.initializers.Initializer;
import io.tfweave.initializers.Initializers;
import io.tfweave.layers.convolutional.Conv2D;
import io.tfweave.layers.convolutional.DepthwiseConv2D;
import io.tfweave.layers.core.Dense;
import io.tfweave.layers.merging.Add;
import io.tfweave.layers.pooling.MaxPooling2D;
import io.tfweave.layers.preprocessing.FillMode;
import io.tfweave.layers.preprocessing.RandomRotation;
import io.tfweave.layers.quadratic.QuadraticDense;
import io.tfweave.layers.quadratic.QuadraticInitialization;
import io.tfweave.layers.recurrent.Bidirectional;
import io.tfweave.layers.recurrent.GRU;
import io.tfweave.layers.recurrent.LSTM;
import io.tfweave.layers.recurrent.MergeMode;
import io.tfweave.layers.reshaping.UpSampling2D;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The option plumbing shared by the layers: self-typed fluent chains, Keras-named modes, derived configs. */
class LayerOptionsTest {
  @Test
  void namedKeepsTheLayersOwnType() {
    Dense d = new Dense(4).named("d").activation(RELU);
    Conv2D c = new Conv2D(8, 3).named("c").padding(Padding.SAME).strides(2).useBias(false);
    LSTM l = new LSTM(4).named("l").returnSequences(true).dropout(0.1);
    RandomRotation r =
        new RandomRotation(0.1).named("r").fillMode(FillMode.WRAP).seed(3);
    MaxPooling2D p = new MaxPooling2D().named("p").poolSize(3).padding(Padding.SAME);
    QuadraticDense q = new QuadraticDense(3)
        .named("q")
        .initialization(QuadraticInitialization.RELINEAR)
        .fused(false);
    Bidirectional b = new Bidirectional(new GRU(2)).named("b").mergeMode(MergeMode.SUM);
    Add a = new Add().named("a");
    assertEquals(
        List.of("d", "c", "l", "r", "p", "q", "b", "a"),
        Stream.of(d, c, l, r, p, q, b, a).map(Layer::name).toList());
    assertEquals("relu", d.config().get("activation"));
    assertEquals("same", c.config().get("padding"));
    assertEquals(List.of(2, 2), c.config().get("strides"));
    assertEquals("wrap", r.config().get("fill_mode"));
    assertEquals(3L, r.config().get("seed"));
    assertEquals("relinear", q.config().get("initialization"));
    assertEquals("sum", b.config().get("merge_mode"));
  }

  @Test
  void everyPublicLayerReturnsItsOwnTypeFromNamed() throws Exception {
    List<Class<?>> layers = publicLayerClasses();
    assertTrue(layers.size() > 40, "found only " + layers);
    List<String> wrong = new ArrayList<>();
    for (Class<?> cls : layers) {
      Method named = cls.getMethod("named", String.class);
      Type returned = named.getGenericReturnType() instanceof TypeVariable<?> v
          ? typeArgument(cls, named.getDeclaringClass(), v.getName())
          : named.getReturnType();
      if (returned != cls) wrong.add(cls.getSimpleName() + " -> " + returned);
    }
    assertEquals(List.of(), wrong, "named(...) should return the layer's own type");
  }

  /** The type that {@code cls} gives to the type parameter {@code name} of its superclass {@code declaring}. */
  private static Type typeArgument(Class<?> cls, Class<?> declaring, String name) {
    Map<String, Type> bound = Map.of();
    for (Class<?> c = cls; c != declaring; c = c.getSuperclass()) {
      if (!(c.getGenericSuperclass() instanceof ParameterizedType p)) return null;
      TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
      Map<String, Type> next = new HashMap<>();
      for (int i = 0; i < vars.length; i++) {
        Type arg = p.getActualTypeArguments()[i];
        next.put(
            vars[i].getName(), arg instanceof TypeVariable<?> t ? bound.get(t.getName()) : arg);
      }
      bound = next;
    }
    return bound.get(name);
  }

  /** The public, concrete subclasses of Layer in io.tfweave.layers and its sub-packages. */
  private static List<Class<?>> publicLayerClasses()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path root =
        Path.of(Layer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root.resolve("io/tfweave/layers"))) {
      for (Path f : files
          .filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$"))
          .toList()) {
        String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> cls = Class.forName(name);
        int m = cls.getModifiers();
        if (Layer.class.isAssignableFrom(cls) && Modifier.isPublic(m) && !Modifier.isAbstract(m))
          out.add(cls);
      }
    }
    return out;
  }

  @Test
  void modesAreReadByNameAndWrittenInKerasSpelling() {
    Conv2D c =
        Conv2D.fromConfig(Map.of("filters", 2, "kernel_size", List.of(3, 3), "padding", "SAME"));
    assertEquals(Padding.SAME, c.padding());
    assertEquals("same", c.config().get("padding"));
    UpSampling2D u = (UpSampling2D)
        LayerRegistry.fromConfig("UpSampling2D", Map.of("interpolation", "Bilinear"));
    assertEquals("bilinear", u.config().get("interpolation"));
    var e = assertThrows(
        IllegalArgumentException.class,
        () -> Conv2D.fromConfig(Map.of("filters", 2, "kernel_size", 3, "padding", "causal")));
    assertTrue(
        e.getMessage().contains("padding must be one of valid, same. Received: padding=causal"),
        e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> LayerRegistry.fromConfig("UpSampling2D", Map.of("interpolation", "area")));
    assertTrue(
        e.getMessage()
            .contains(
                "interpolation must be one of nearest, bilinear. Received: interpolation=area"),
        e.getMessage());
  }

  @Test
  void nullAndAbsentConfigEntries() {
    Map<String, Object> c =
        new HashMap<>(Map.of("layer", Map.of("class_name", "GRU", "config", Map.of("units", 2))));
    assertEquals(MergeMode.CONCAT, Bidirectional.fromConfig(c).mergeMode(), "absent: the default");
    c.put("merge_mode", null);
    assertNull(Bidirectional.fromConfig(c).mergeMode(), "null: two outputs");
    Map<String, Object> d = new HashMap<>(Map.of("units", 3));
    d.put("activation", null);
    assertEquals("linear", Dense.fromConfig(d).config().get("activation"));
    var e = assertThrows(
        IllegalArgumentException.class, () -> Dense.fromConfig(Map.of("activation", "relu")));
    assertTrue(e.getMessage().contains("Config is missing 'units'"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> Dense.fromConfig(Map.of("units", "three")));
    assertTrue(
        e.getMessage()
            .contains("Config entry 'units' has an unexpected type. Received: units=three"),
        e.getMessage());
  }

  @Test
  void aliasedKeysShareOneValue() {
    DepthwiseConv2D d = new DepthwiseConv2D(3).kernelInitializer(Initializers.ones());
    Map<String, Object> c = d.config();
    assertEquals(Map.of("class_name", "Ones", "config", Map.of()), c.get("depthwise_initializer"));
    assertFalse(c.containsKey("kernel_initializer"));
    DepthwiseConv2D again = DepthwiseConv2D.fromConfig(c);
    assertEquals("Ones", again.kernelInitializer().kerasName());
  }

  @Test
  void bidirectionalCopiesShareTheOptionValues() {
    Initializer custom = Initializers.constant(0.5);
    Bidirectional b = new Bidirectional(
        new LSTM(2).kernelInitializer(custom).goBackwards(true).dropout(0.25));
    assertSame(custom, b.forwardLayer().kernelInitializer());
    assertEquals(0.25, b.backwardLayer().dropout());
    assertTrue(b.forwardLayer().goBackwards());
    assertFalse(b.backwardLayer().goBackwards());
  }

  @Test
  void rejectedChangesLeaveTheLayerAsItWas() {
    QuadraticDense q = new QuadraticDense(2).initialization(QuadraticInitialization.RELINEAR);
    var e = assertThrows(IllegalArgumentException.class, () -> q.useBias(false));
    assertTrue(e.getMessage().contains("cannot be combined with use_bias=false"), e.getMessage());
    assertTrue(q.useBias());
    Dense d = new Dense(2);
    d.apply(Input.of(3));
    var s = assertThrows(IllegalStateException.class, () -> d.useBias(false));
    assertTrue(s.getMessage().contains("is already built"), s.getMessage());
  }
}
