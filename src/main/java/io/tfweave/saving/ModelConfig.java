package io.tfweave.saving;

import io.tfweave.graph.DType;
import io.tfweave.layers.Input;
import io.tfweave.layers.Layer;
import io.tfweave.layers.LayerRegistry;
import io.tfweave.layers.Node;
import io.tfweave.layers.SymbolicTensor;
import io.tfweave.layers.internal.Configs;
import io.tfweave.models.Model;
import io.tfweave.models.Sequential;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A model's architecture as Keras-style JSON maps: {@code {"class_name": "Functional", "config": {"name", "trainable",
 * "layers": [{"class_name", "name", "config", "inbound_nodes"}], "input_layers", "output_layers"}}} (Keras 2's layout; a
 * tensor reference is {@code [layer name, call index, tensor index]}), or {@code Sequential} with its layers in order
 * (first an {@code InputLayer}). Nested models are written inline. {@link #toModel} rebuilds layers through
 * {@link LayerRegistry}; weights are not part of the config.
 */
public final class ModelConfig {
  private ModelConfig() {}

  /** The config of {@code model}. */
  public static Map<String, Object> of(Model model) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("class_name", model.className());
    out.put("config", model.isSequential() ? sequential(model) : functional(model));
    return out;
  }

  private static Map<String, Object> sequential(Model model) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", model.name());
    c.put("trainable", model.isTrainable());
    List<Object> layers = new ArrayList<>();
    Input in = (Input) model.inputs().get(0).layer();
    layers.add(Map.of("class_name", in.className(), "config", in.config()));
    for (Layer l : model.layers()) layers.add(layerEntry(l, null));
    c.put("layers", layers);
    return c;
  }

  private static Map<String, Object> functional(Model model) {
    Map<Node, Integer> callIndex = new IdentityHashMap<>();
    Map<Layer, Integer> calls = new IdentityHashMap<>();
    for (SymbolicTensor t : model.inputs()) callIndex.put(t.node(), 0);
    for (Node n : model.nodes()) {
      int k = calls.merge(n.layer(), 1, Integer::sum) - 1;
      callIndex.put(n, k);
    }
    Map<Layer, List<Object>> inbound = new IdentityHashMap<>();
    for (Node n : model.nodes()) {
      List<Object> refs = new ArrayList<>();
      for (SymbolicTensor t : n.inputs()) refs.add(ref(t, callIndex));
      inbound.computeIfAbsent(n.layer(), k -> new ArrayList<>()).add(refs);
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", model.name());
    c.put("trainable", model.isTrainable());
    List<Object> layers = new ArrayList<>();
    for (Layer l : model.layers()) layers.add(layerEntry(l, inbound.getOrDefault(l, List.of())));
    c.put("layers", layers);
    c.put("input_layers", model.inputs().stream().map(t -> ref(t, callIndex)).toList());
    c.put("output_layers", model.outputs().stream().map(t -> ref(t, callIndex)).toList());
    return c;
  }

  private static List<Object> ref(SymbolicTensor t, Map<Node, Integer> callIndex) {
    Integer k = callIndex.get(t.node());
    if (k == null) {
      throw new IllegalStateException(
          "Tensor from layer '" + t.layer().name() + "' is not computed inside the model");
    }
    return List.of(t.layer().name(), k, t.index());
  }

  private static Map<String, Object> layerEntry(Layer l, List<Object> inbound) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("class_name", l.className());
    e.put("name", l.name());
    e.put("config", l instanceof Model m ? of(m).get("config") : l.config());
    if (inbound != null) e.put("inbound_nodes", inbound);
    return e;
  }

  // ---------------------------------------------------------------- reading

  /** Rebuilds a model (new, unbuilt weights) from a config written by {@link #of}. */
  public static Model toModel(Map<String, Object> json) {
    return toModel(json, Map.of());
  }

  /** Rebuilds a model from its config, looking up layer classes in {@code custom} first (Keras's {@code custom_objects}). */
  public static Model toModel(
      Map<String, Object> json, Map<String, Function<Map<String, Object>, Layer>> custom) {
    String cls = (String) json.get("class_name");
    Map<String, Object> c = map(json.get("config"), "config");
    Model m =
        switch (cls == null ? "" : cls) {
          case "Sequential" -> readSequential(c, custom);
          case "Functional", "Model" -> readFunctional(c, custom);
          default -> throw new IllegalArgumentException(
              "Expected a model config with class_name Sequential or Functional. "
                  + "Received: class_name=" + cls);
        };
    if (!Configs.bool(c, "trainable", true)) m.setTrainable(false);
    return m;
  }

  private static Model readSequential(
      Map<String, Object> c, Map<String, Function<Map<String, Object>, Layer>> custom) {
    List<Map<String, Object>> layers = maps(c.get("layers"), "layers");
    if (layers.isEmpty() || !"InputLayer".equals(layers.get(0).get("class_name"))) {
      throw new IllegalArgumentException("A Sequential config must start with an InputLayer entry");
    }
    Map<String, Object> inCfg = map(layers.get(0).get("config"), "InputLayer config");
    Input in = input(inCfg);
    Sequential s = Sequential.named((String) c.get("name"))
        .input(in.dtype(), in.sampleShape().asArray());
    for (Map<String, Object> e : layers.subList(1, layers.size())) s.add(layer(e, custom));
    return s.build();
  }

  private static Model readFunctional(
      Map<String, Object> c, Map<String, Function<Map<String, Object>, Layer>> custom) {
    List<Map<String, Object>> entries = maps(c.get("layers"), "layers");
    Map<String, Layer> layers = new LinkedHashMap<>();
    Map<String, List<List<SymbolicTensor>>> produced = new HashMap<>();
    List<Object[]> pending = new ArrayList<>();
    for (Map<String, Object> e : entries) {
      String name = (String) e.get("name");
      if ("InputLayer".equals(e.get("class_name"))) {
        Input in = input(map(e.get("config"), "InputLayer config"));
        in.named(name);
        produced.put(name, new ArrayList<>(List.of(List.of(in.tensor()))));
        continue;
      }
      Layer l = layer(e, custom);
      layers.put(name, l);
      produced.put(name, new ArrayList<>());
      Object nodes = e.get("inbound_nodes");
      if (nodes != null) for (Object n : (List<?>) nodes) pending.add(new Object[] {name, n});
    }
    while (!pending.isEmpty()) {
      boolean progress = false;
      for (var it = pending.iterator(); it.hasNext(); ) {
        Object[] p = it.next();
        List<SymbolicTensor> inputs = resolve((List<?>) p[1], produced);
        if (inputs == null) continue;
        String name = (String) p[0];
        produced.get(name).add(layers.get(name).applyAll(inputs));
        it.remove();
        progress = true;
      }
      if (!progress) {
        throw new IllegalArgumentException(
            "Model config '" + c.get("name") + "' has inbound nodes that never resolve: "
                + pending.stream().map(p -> p[0] + " <- " + p[1]).toList());
      }
    }
    List<SymbolicTensor> ins = new ArrayList<>();
    for (Object r : (List<?>) c.get("input_layers"))
      ins.add(resolve(List.of(r), produced).get(0));
    List<SymbolicTensor> outs = resolve((List<?>) c.get("output_layers"), produced);
    if (outs == null)
      throw new IllegalArgumentException(
          "Model config '" + c.get("name") + "' has unknown output layers");
    return Model.of(ins, outs).named((String) c.get("name"));
  }

  /** The tensors for a list of references, or null while one of them is not computed yet. */
  private static List<SymbolicTensor> resolve(
      List<?> refs, Map<String, List<List<SymbolicTensor>>> produced) {
    List<SymbolicTensor> out = new ArrayList<>();
    for (Object r : refs) {
      List<?> ref = (List<?>) r;
      String layer = (String) ref.get(0);
      int call = ((Number) ref.get(1)).intValue();
      int index = ((Number) ref.get(2)).intValue();
      List<List<SymbolicTensor>> calls = produced.get(layer);
      if (calls == null)
        throw new IllegalArgumentException("Model config refers to unknown layer '" + layer + "'");
      if (call >= calls.size()) return null;
      out.add(calls.get(call).get(index));
    }
    return out;
  }

  private static Layer layer(
      Map<String, Object> e, Map<String, Function<Map<String, Object>, Layer>> custom) {
    String cls = (String) e.get("class_name");
    Map<String, Object> cfg = map(e.get("config"), "config of " + e.get("name"));
    if ("Sequential".equals(cls) || "Functional".equals(cls))
      return toModel(Map.of("class_name", cls, "config", cfg), custom);
    return LayerRegistry.fromConfig(cls, cfg, custom);
  }

  private static Input input(Map<String, Object> cfg) {
    long[] batch = Configs.longs(cfg, "batch_shape");
    long[] shape = java.util.Arrays.copyOfRange(batch, 1, batch.length);
    Input in = new Input(shape);
    if (cfg.get("dtype") != null) in.dtype(DType.ofKerasName(cfg.get("dtype").toString()));
    return in;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    if (!(o instanceof Map))
      throw new IllegalArgumentException(
          "Model config: expected an object for " + what + ", got " + o);
    return (Map<String, Object>) o;
  }

  private static List<Map<String, Object>> maps(Object o, String what) {
    if (!(o instanceof List<?> l))
      throw new IllegalArgumentException(
          "Model config: expected a list for " + what + ", got " + o);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object x : l) out.add(map(x, what));
    return out;
  }
}
