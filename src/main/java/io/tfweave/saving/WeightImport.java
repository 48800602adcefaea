package io.tfweave.saving;

import io.tfweave.formats.CheckpointReader;
import io.tfweave.formats.CheckpointVariable;
import io.tfweave.graph.Weight;
import io.tfweave.models.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;

/**
 * Loads pretrained weights from a SavedModel (tfweave's exports, Keras 3 {@code model.export}, tf.keras
 * {@code model.save}, {@code tf.saved_model.save}) or a checkpoint into a tfweave model, matching by name and checking shapes.
 *
 * <pre>{@code
 * ImportReport r = WeightImport.from(Path.of("savedmodels/mobilenet/1")).excludeLayers("predictions").into(model);
 * System.out.println(r.summary());
 * }</pre>
 *
 * <p>Names are Keras-style {@code layer/weight} ({@link KerasWeightMap} resolves TF2 object-graph keys to them; TF1 keys map
 * to themselves). A model weight matches its variable name ({@code Model.variableName}), else its path, else its path with
 * the other Keras spelling of a depthwise kernel ({@code depthwise_kernel} in tf.keras, {@code kernel} in Keras 3). Weights
 * without a match keep their values and are listed as missing; checkpoint variables nothing used are listed as unused.
 * Optimizer and metric state (a Keras model saved after {@code fit} holds {@code Adam} slots, {@code iteration},
 * {@code learning_rate} and metric totals; see {@link KerasWeightMap#resolveAll}) is never loaded and never counted as
 * unused: the report lists it apart as {@link ImportReport#trainingState()}. In strict mode any missing, unused or mis-shaped
 * weight raises {@link WeightImportException} listing them, and nothing is loaded.
 */
public final class WeightImport {
  private final Path source;
  private boolean strict;
  private final Set<String> excluded = new LinkedHashSet<>();

  private WeightImport(Path source) {
    this.source = source;
  }

  /** An import from a SavedModel directory or a checkpoint (prefix, directory or {@code .index} file). */
  public static WeightImport from(Path savedModelDirOrCheckpoint) {
    return new WeightImport(
        Objects.requireNonNull(savedModelDirOrCheckpoint, "savedModelDirOrCheckpoint"));
  }

  /** Whether a mismatch is an error (default false: load what matches, report the rest). */
  public WeightImport strict(boolean b) {
    this.strict = b;
    return this;
  }

  /** Layers of the model to leave untouched (e.g. a new head that shares the old head's name). */
  public WeightImport excludeLayers(String... layerNames) {
    excluded.addAll(Arrays.asList(layerNames));
    return this;
  }

  /** Matches, checks and (unless strict mode finds a problem) loads the weights into {@code model}. */
  public ImportReport into(Model model) {
    for (String l : excluded) model.layer(l);
    Map<String, String> keys;
    KerasWeightMap.Resolution resolution;
    CheckpointReader ckpt;
    try {
      resolution = KerasWeightMap.resolveAll(source);
      keys = resolution.weights();
      ckpt = CheckpointReader.open(source);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read weights from " + source, e);
    }
    List<Weight> weights = model.weights();
    Map<Weight, String> plan = new IdentityHashMap<>();
    Set<String> used = new HashSet<>();
    List<String> loaded = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<ImportReport.ShapeMismatch> mismatches = new ArrayList<>();
    for (Weight w : weights) {
      String own = model.variableName(w);
      if (excluded.contains(w.layerName())) {
        skipped.add(own);
        continue;
      }
      String match = null;
      for (String c : candidates(own, w)) {
        if (keys.containsKey(c) && !used.contains(c)) {
          match = c;
          break;
        }
      }
      if (match == null) {
        missing.add(own);
        continue;
      }
      used.add(match);
      CheckpointVariable v = ckpt.variable(keys.get(match));
      if (!Arrays.equals(v.shape().asArray(), w.shape().asArray())) {
        mismatches.add(new ImportReport.ShapeMismatch(
            own, match, boxed(w.shape().asArray()), boxed(v.shape().asArray())));
        continue;
      }
      plan.put(w, match);
      loaded.add(own);
    }
    List<String> unused = new ArrayList<>();
    for (Map.Entry<String, String> e : keys.entrySet()) {
      if (!used.contains(e.getKey()) && isWeightLike(e.getKey(), ckpt.variable(e.getValue())))
        unused.add(e.getKey());
    }
    ImportReport report = new ImportReport(
        source,
        List.copyOf(loaded),
        List.copyOf(missing),
        List.copyOf(unused),
        List.copyOf(resolution.trainingState().keySet()),
        List.copyOf(mismatches),
        List.copyOf(skipped));
    if (strict && !report.complete()) {
      throw new WeightImportException(
          "Strict weight import into model '" + model.name() + "' failed; nothing was loaded. "
              + report.summary(),
          report);
    }
    if (!plan.isEmpty()) load(model, ckpt, keys, plan);
    return report;
  }

  private static void load(
      Model model, CheckpointReader ckpt, Map<String, String> keys, Map<Weight, String> plan) {
    List<FloatNdArray> values = new ArrayList<>(model.getWeights());
    List<Weight> weights = model.weights();
    try {
      for (int i = 0; i < weights.size(); i++) {
        String name = plan.get(weights.get(i));
        if (name == null) continue;
        float[] v = ckpt.readFloats(keys.get(name));
        values.set(i, NdArrays.wrap(weights.get(i).shape(), DataBuffers.of(v, true, false)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read weights from " + ckpt.prefix(), e);
    }
    model.setWeights(values);
  }

  private static List<String> candidates(String own, Weight w) {
    List<String> c = new ArrayList<>(List.of(own, w.path()));
    String alt =
        switch (w.name()) {
          case "depthwise_kernel" -> "kernel";
          case "kernel" -> "depthwise_kernel";
          default -> null;
        };
    if (alt != null) c.add(w.layerName() + "/" + alt);
    return c;
  }

  /** Float tensors other than optimizer state and bookkeeping. */
  private static boolean isWeightLike(String name, CheckpointVariable v) {
    if (v.dtype() != DataType.DT_FLOAT
        && v.dtype() != DataType.DT_DOUBLE
        && v.dtype() != DataType.DT_HALF
        && v.dtype() != DataType.DT_BFLOAT16) {
      return false;
    }
    return !name.contains(".OPTIMIZER_SLOT")
        && !name.startsWith("optimizer/")
        && !name.endsWith("save_counter")
        && !name.equals(CheckpointReader.OBJECT_GRAPH_KEY);
  }

  private static List<Long> boxed(long[] a) {
    return Arrays.stream(a).boxed().toList();
  }
}
