package io.tfweave.saving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TString;

/**
 * Writes an {@link InferenceGraph} as one SavedModel that both kinds of loader read. TF1 loaders (TF Serving,
 * {@code SavedModelBundle.load(dir, "serve")}, {@code tf.compat.v1.saved_model.load}) run the graph: the
 * {@code serving_default} signature names its placeholders and outputs, and the {@code SaverDef} restores the resource
 * variables ({@link ResourceSaver}). TF2 loaders ({@code tf.saved_model.load}, Keras's {@code TFSMLayer}, the TFLite
 * converter) read the {@code SavedObjectGraph} ({@link Tf2ObjectGraph}): variables restored by object from the same
 * checkpoint, and the signature as a concrete function (a {@code FunctionDef} of the forward pass, its variables bound as
 * captured inputs) in the graph's function library.
 */
final class SavedModelWriter {
  private SavedModelWriter() {}

  /**
   * Writes {@code saved_model.pb} and {@code variables/} into {@code out}, the weights restored first from the model's
   * checkpoint at {@code weightsPrefix}.
   */
  static void write(Graph g, Session s, InferenceGraph ig, Path weightsPrefix, Path out)
      throws IOException {
    Map<String, Operand<?>> ins = new TreeMap<>(ig.inputs);
    Map<String, Operand<?>> outs = new TreeMap<>(ig.outputs);
    FunctionDef forward = forwardFunction(g, ins, outs, ig);
    Map<String, Map.Entry<Shape, Boolean>> vars = new LinkedHashMap<>();
    ig.variables.forEach((name, v) ->
        vars.put(name, new AbstractMap.SimpleEntry<>(ig.shapes.get(name), ig.trainable.get(name))));
    Tf2ObjectGraph objects =
        new Tf2ObjectGraph(vars, forward.getSignature().getName(), specs(ins), specs(outs));
    List<String> keys = new ArrayList<>();
    for (String name : ig.variables.keySet()) keys.add(Tf2ObjectGraph.checkpointKey(name));
    Ops tf = Ops.create(g);
    ResourceSaver saver = new ResourceSaver(tf, ig.variables, keys, objects.checkpointGraph());
    GraphDef.Builder graph = g.toGraphDef().toBuilder();
    // The weights come from the model's own checkpoint (keys: the weight names), through restore
    // ops that are not part of
    // the export (the graph was copied above).
    Ops load = tf.withSubScope("load_weights");
    var from = load.placeholderWithDefault(load.constant(weightsPrefix.toString()), Shape.scalar());
    var assigns =
        ResourceSaver.restore(load, ig.variables, new ArrayList<>(ig.variables.keySet()), from);
    if (!assigns.isEmpty()) {
      var runner = s.runner();
      assigns.forEach(runner::addTarget);
      runner.run().close();
    }
    Files.createDirectories(out.resolve("variables"));
    try (TString p = TString.scalarOf(out.resolve("variables/variables").toString())) {
      s.runner().feed(saver.prefix(), p).fetch(saver.save()).run().close();
    }
    graph.getLibraryBuilder().addFunction(forward);
    MetaGraphDef meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder()
            .addTags(ExportOptions.TAG_SERVE)
            .setTensorflowVersion(TensorFlow.version()))
        .setGraphDef(graph)
        .setSaverDef(saver.saverDef())
        .putSignatureDef(ExportOptions.SIGNATURE_KEY_DEFAULT, signature(ins, outs))
        .setObjectGraphDef(objects.savedObjectGraph())
        .build();
    SavedModel model = SavedModel.newBuilder()
        .setSavedModelSchemaVersion(1)
        .addMetaGraphs(meta)
        .build();
    Files.write(out.resolve("saved_model.pb"), model.toByteArray());
  }

  /**
   * The forward pass as a function: the signature's inputs (sorted by name), then one resource argument per variable (in
   * the object graph's bound-input order); results sorted by output name. Built from a copy of the graph, since TF Java adds
   * control-output ops to the graph a function is made from.
   */
  private static FunctionDef forwardFunction(
      Graph g, Map<String, Operand<?>> ins, Map<String, Operand<?>> outs, InferenceGraph ig) {
    try (Graph copy = new Graph()) {
      copy.importGraphDef(g.toGraphDef());
      Signature.Builder b = Signature.builder().key("tfweave_serving_default");
      ins.forEach((k, o) -> b.input(k, copy.outputOrThrow(o.op().name())));
      int i = 0;
      for (Operand<?> v : ig.variables.values())
        b.input("variable_" + i++, copy.outputOrThrow(v.op().name()));
      outs.forEach((k, o) -> b.output(k, copy.outputOrThrow(o.op().name())));
      try (ConcreteFunction f = ConcreteFunction.create(b.build(), copy)) {
        FunctionDef fd = f.getFunctionDef();
        OpDef sig = fd.getSignature();
        if (sig.getInputArgCount() != ins.size() + ig.variables.size()
            || sig.getOutputArgCount() != outs.size()) {
          throw new IllegalStateException(
              "The export's forward function has " + sig.getInputArgCount()
                  + " arguments and " + sig.getOutputArgCount() + " results; expected "
                  + (ins.size() + ig.variables.size())
                  + " and " + outs.size());
        }
        for (int k = 0; k < sig.getInputArgCount(); k++) {
          boolean resource = sig.getInputArg(k).getType() == DataType.DT_RESOURCE;
          if (resource != (k >= ins.size()))
            throw new IllegalStateException(
                "The export's forward function has its arguments out of order: " + sig);
        }
        return fd;
      }
    }
  }

  private static List<Tf2ObjectGraph.Spec> specs(Map<String, Operand<?>> tensors) {
    List<Tf2ObjectGraph.Spec> out = new ArrayList<>();
    tensors.forEach((k, o) -> out.add(new Tf2ObjectGraph.Spec(k, dtype(o), o.shape())));
    return out;
  }

  private static DataType dtype(Operand<?> o) {
    return o.asOutput().dataType();
  }

  private static SignatureDef signature(Map<String, Operand<?>> ins, Map<String, Operand<?>> outs) {
    SignatureDef.Builder b =
        SignatureDef.newBuilder().setMethodName(ExportOptions.METHOD_NAME_PREDICT);
    ins.forEach((k, o) -> b.putInputs(k, info(o)));
    outs.forEach((k, o) -> b.putOutputs(k, info(o)));
    return b.build();
  }

  private static TensorInfo info(Operand<?> o) {
    TensorShapeProto.Builder sp = TensorShapeProto.newBuilder();
    for (long d : o.shape().asArray())
      sp.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    return TensorInfo.newBuilder()
        .setName(o.op().name() + ":" + o.asOutput().index())
        .setDtype(dtype(o))
        .setTensorShape(sp)
        .build();
  }
}
