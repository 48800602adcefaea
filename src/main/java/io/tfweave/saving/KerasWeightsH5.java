package io.tfweave.saving;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import io.tfweave.graph.Weight;
import io.tfweave.internal.AtomicFiles;
import io.tfweave.models.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras 3's weights file, {@code model.save_weights("m.weights.h5")} / {@code model.load_weights(...)}: an HDF5 file with
 * one {@code vars} group per layer ({@code layers/dense_1/vars/0} is the second Dense layer's kernel; see {@link
 * #paths}). Matching is by structure, as Keras's own loader does: the n-th layer of each class in the model's layer order,
 * not by layer name, so the Keras model and the tfweave model must list the same layers in the same order. Reached
 * through {@code model.saveWeights(Path.of("m.weights.h5"))} and {@code model.loadWeights(...)} (any path ending in
 * {@code .weights.h5}).
 *
 * <p>HDF5 is read and written with jHDF ({@code io.jhdf:jhdf}), a maintained pure-Java HDF5 library, so no native HDF5
 * build has to ship with the jar. Written: the weights (float32), as Keras lays them out (the {@code vars} groups of
 * layers without weights are left out; Keras reads a missing group as empty); not written: optimizer state
 * (Keras's {@code optimizer/vars} group, which Keras loads only into a compiled, built optimizer). On load, an {@code
 * optimizer} group is ignored.
 */
public final class KerasWeightsH5 {
  /** The file name suffix Keras 3 requires for {@code save_weights}. */
  public static final String SUFFIX = ".weights.h5";

  private KerasWeightsH5() {}

  /** The {@code vars} groups Keras uses for {@code model}, each with the weights (variable names) it holds. */
  public static Map<String, List<String>> paths(Network model) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (KerasH5Layout.Entry e : KerasH5Layout.of(model)) {
      out.put(e.path(), e.weights().stream().map(Weight::path).toList());
    }
    return out;
  }

  /**
   * Writes {@code model}'s weights to {@code file} (crash-safe: a temporary beside it, then one rename; readable by other
   * users, {@code rw-r--r--}). Returns {@code file}. Thread-safe: one completed step's weights are written.
   */
  public static Path save(Network model, Path file) {
    Objects.requireNonNull(model, "model");
    Path target = checkSuffix(file).toAbsolutePath().normalize();
    List<KerasH5Layout.Entry> layout = KerasH5Layout.of(model);
    List<FloatNdArray> values = model.getWeights();
    Map<Weight, FloatNdArray> byWeight = new IdentityHashMap<>();
    List<Weight> weights = model.weights();
    for (int i = 0; i < weights.size(); i++) byWeight.put(weights.get(i), values.get(i));
    synchronized (AtomicFiles.lockFor(target)) {
      try {
        Files.createDirectories(target.getParent());
        AtomicFiles.deleteStaleTemporaries(target, true, null);
        Path tmp = target.resolveSibling(AtomicFiles.tempPrefix(target, "tmp")
            + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
        try {
          try (WritableHdfFile h5 = HdfFile.write(tmp)) {
            for (KerasH5Layout.Entry e : layout) {
              // Groups without weights are left out: Keras reads a missing group as empty, and jHDF
              // 0.13 writes
              // a file its own reader and h5py reject when an empty group sits beside a group with
              // datasets.
              if (e.weights().isEmpty()) continue;
              WritableGroup vars = group(h5, e.path());
              if (e.layer() != null) vars.putAttribute("name", e.layer().name());
              for (int i = 0; i < e.weights().size(); i++) {
                vars.putDataset(
                    Integer.toString(i), nested(byWeight.get(e.weights().get(i))));
              }
            }
          }
          StagingDirectory.shareReadOnly(tmp);
          AtomicFiles.fsync(tmp);
          AtomicFiles.move(tmp, target);
          AtomicFiles.fsyncDirectory(target.getParent());
        } finally {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot write Keras weights of model '" + model.name() + "' to " + target, e);
      }
    }
    return target;
  }

  /**
   * Loads a Keras {@code .weights.h5} file into {@code model}. Every group and shape is checked before any weight is
   * assigned: a failed load changes nothing. Thread-safe as {@code setWeights}.
   */
  public static void load(Network model, Path file) {
    Objects.requireNonNull(model, "model");
    checkSuffix(file);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Keras weights file " + file + " does not exist (or is not a file).");
    }
    try (HdfFile h5 = new HdfFile(file)) {
      load(model, h5, file.toString());
    } catch (HdfException e) {
      throw new IllegalArgumentException(
          "Cannot read " + file + " as an HDF5 file: " + e.getMessage(), e);
    }
  }

  /** Loads the weights from an open HDF5 file ({@code source} names it in errors); used for {@code .keras} files too. */
  static void load(Network model, HdfFile h5, String source) {
    List<Weight> weights = model.weights();
    List<FloatNdArray> values = new ArrayList<>(model.getWeights());
    Map<Weight, Integer> index = new IdentityHashMap<>();
    for (int i = 0; i < weights.size(); i++) index.put(weights.get(i), i);
    List<String> problems = new ArrayList<>();
    TreeSet<String> expected = new TreeSet<>();
    for (KerasH5Layout.Entry e : KerasH5Layout.of(model)) {
      expected.add(e.path());
      Node n = find(h5, e.path());
      String who = e.layer() == null
          ? "the model"
          : "layer '" + e.layer().name() + "' (" + e.layer().className() + ")";
      if (!(n instanceof Group g)) {
        if (!e.weights().isEmpty()) problems.add("no group " + e.path() + " for " + who);
        continue;
      }
      int count = g.getChildren().size();
      if (count != e.weights().size()) {
        problems.add(
            who + " has " + e.weights().size() + " weights, but " + e.path() + " holds " + count);
        continue;
      }
      for (int i = 0; i < count; i++) {
        Weight w = e.weights().get(i);
        if (!(g.getChild(Integer.toString(i)) instanceof Dataset d)) {
          problems.add(e.path() + "/" + i + " is missing (" + w.path() + ")");
          continue;
        }
        long[] shape = d.isScalar() ? new long[0] : d.getDimensionsAsLong();
        if (!Arrays.equals(shape, w.shape().asArray())) {
          problems.add(w.path() + ": model " + Arrays.toString(w.shape().asArray()) + " vs "
              + e.path() + "/" + i + " " + Arrays.toString(shape));
          continue;
        }
        values.set(index.get(w), NdArrays.wrap(w.shape(), DataBuffers.of(flat(d), true, false)));
      }
    }
    List<String> extra = new ArrayList<>();
    collectVarsGroups(h5, extra);
    extra.removeIf(p -> expected.contains(p) || p.startsWith("optimizer/"));
    extra.removeIf(p -> find(h5, p) instanceof Group g && g.getChildren().isEmpty());
    for (String p : extra) problems.add("the file's " + p + " matches no layer of the model");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot load Keras weights " + source + " into model '" + model.name()
              + "'; nothing was loaded. Keras matches layers by class and position (the n-th Dense is layers/dense_<n>),"
              + " so build the model with the same layers in the same order. Problems: " + problems
              + ". The file's groups: " + varsGroups(h5));
    }
    model.setWeights(values);
  }

  /** The node at {@code path} below {@code root}, or null. */
  private static Node find(Group root, String path) {
    Node n = root;
    for (String part : path.split("/")) {
      if (!(n instanceof Group g)) return null;
      n = g.getChildren().get(part);
      if (n == null) return null;
    }
    return n;
  }

  private static List<String> varsGroups(HdfFile h5) {
    List<String> all = new ArrayList<>();
    collectVarsGroups(h5, all);
    return all;
  }

  private static void collectVarsGroups(Group g, List<String> out) {
    for (Node n : g.getChildren().values()) {
      if (!(n instanceof Group child)) continue;
      String p = child.getPath().replaceAll("^/+|/+$", "");
      if (child.getName().equals("vars")) out.add(p);
      else collectVarsGroups(child, out);
    }
  }

  private static WritableGroup group(WritableGroup root, String path) {
    WritableGroup g = root;
    for (String part : path.split("/")) {
      Node existing = g.getChildren().get(part);
      g = existing instanceof WritableGroup w ? w : g.putGroup(part);
    }
    return g;
  }

  /** A float32 value as jHDF writes it: a nested Java array of the weight's shape, or a boxed scalar. */
  private static Object nested(FloatNdArray v) {
    float[] flat = new float[(int) v.shape().size()];
    v.copyTo(DataBuffers.of(flat, false, false));
    Shape s = v.shape();
    if (s.numDimensions() == 0) return flat[0];
    int[] dims = Arrays.stream(s.asArray()).mapToInt(Math::toIntExact).toArray();
    Object out = Array.newInstance(float.class, dims);
    fill(out, flat, new int[] {0});
    return out;
  }

  private static void fill(Object array, float[] flat, int[] pos) {
    if (array instanceof float[] row) {
      System.arraycopy(flat, pos[0], row, 0, row.length);
      pos[0] += row.length;
      return;
    }
    for (int i = 0; i < Array.getLength(array); i++) fill(Array.get(array, i), flat, pos);
  }

  private static float[] flat(Dataset d) {
    Object data = d.isScalar() ? d.getData() : d.getDataFlat();
    if (data instanceof float[] f) return f;
    if (data instanceof Float f) return new float[] {f};
    if (data instanceof double[] a) {
      float[] f = new float[a.length];
      for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
      return f;
    }
    if (data instanceof Double x) return new float[] {x.floatValue()};
    throw new IllegalArgumentException("Dataset " + d.getPath() + " holds " + d.getJavaType()
        + "; Keras weights are float32 (or float64)");
  }

  private static Path checkSuffix(Path file) {
    Objects.requireNonNull(file, "file");
    if (!file.getFileName().toString().endsWith(SUFFIX)) {
      throw new IllegalArgumentException("A Keras weights file name must end in " + SUFFIX
          + " (as Keras 3 requires)." + " Received: " + file);
    }
    return file;
  }
}
