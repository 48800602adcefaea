package io.tfweave.saving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tfweave.graph.Weight;
import io.tfweave.models.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;

/**
 * Writes a model's inference graph as a SavedModel that TF Serving, Python's {@code tf.saved_model.load} and
 * {@code SavedModelBundle.load(dir, "serve")} load: tag {@code serve}, signature {@code serving_default} (method
 * {@code tensorflow/serving/predict}) with inputs named after the model's input layers and outputs after its output layers,
 * batch dimension unknown, variables in {@code variables/} under their {@code layer/weight} names, and
 * {@code assets/model.json} with the architecture and provenance.
 *
 * <p>The graph is built fresh (see {@link InferenceGraph}): no optimizer state, no dropout or augmentation, BatchNorm with
 * its moving statistics. Weights travel through a checkpoint of the model ({@code Model.saveWeights}) restored into the new
 * graph. The export is written into a hidden sibling directory and renamed into place when complete, so a crash never leaves
 * a half-written model, and TF Serving's {@code <name>/<version>/} layout is supported by {@link #exportVersion}. With
 * {@code overwrite(true)} the target is a symbolic link to a hidden sibling, swapped atomically (see {@link StagingDirectory});
 * nothing is written outside the target's parent directory, and what a killed export left there is deleted by the next.
 */
public final class SavedModelExporter {
  /** Where {@code model.export()} writes, relative to the working directory: {@code savedmodels/<model name>/<version>}. */
  public static final Path DEFAULT_BASE = Path.of("savedmodels");
  /** The architecture and provenance file inside an export. */
  public static final String MODEL_JSON = "assets/model.json";
  /** The format tag in {@code model.json}. */
  public static final String FORMAT = "tfweave-savedmodel";
  /** The version of the {@code model.json} layout. */
  public static final int FORMAT_VERSION = 1;

  private SavedModelExporter() {}

  /** Exports {@code model} to {@code dir}; returns the absolute directory. */
  public static Path export(Model model, Path dir, ExportOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    Path target = dir.toAbsolutePath().normalize();
    if (Files.exists(target) && !options.overwrite()) {
      throw new IllegalArgumentException("SavedModel directory " + target + " already exists. Pass "
          + "ExportOptions.defaults().overwrite(true) to replace it, or export a new version.");
    }
    synchronized (io.tfweave.internal.AtomicFiles.lockFor(target)) {
      try (StagingDirectory staging = StagingDirectory.beside(target)) {
        Path out = staging.path();
        // The weights travel through a checkpoint beside the target (same file system; a killed
        // export leaves it hidden there
        // with its pid, and the next export to this target deletes it), never through the system
        // temp directory.
        Path ckpt = StagingDirectory.scratchBeside(target, "ckpt");
        try {
          Path prefix = model.saveWeights(ckpt.resolve("weights"));
          try (Graph g = new Graph();
              Session s = new Session(g)) {
            InferenceGraph ig = new InferenceGraph(model, g, options.portable());
            SavedModelWriter.write(g, s, ig, prefix, out);
            Path json = out.resolve(MODEL_JSON);
            Files.createDirectories(json.getParent());
            Files.write(json, mapper().writeValueAsBytes(modelJson(model, ig, options)));
          }
        } finally {
          StagingDirectory.deleteTree(ckpt);
        }
        return staging.commit(options.overwrite());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Could not export model '" + model.name() + "' to " + target, e);
      }
    }
  }

  /** Exports into TF Serving's layout, {@code base/<version>/}; versions are positive integers. */
  public static Path exportVersion(Model model, Path base, long version, ExportOptions options) {
    if (version <= 0)
      throw new IllegalArgumentException(
          "version must be a positive integer. Received: version=" + version);
    return export(model, base.resolve(Long.toString(version)), options);
  }

  /** One more than the largest numeric sub-directory of {@code base} (1 when there is none). */
  public static long nextVersion(Path base) {
    long max = 0;
    if (Files.isDirectory(base)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(base)) {
        for (Path p : ds) {
          String n = p.getFileName().toString();
          if (Files.isDirectory(p) && n.matches("\\d{1,18}"))
            max = Math.max(max, Long.parseLong(n));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list versions in " + base, e);
      }
    }
    return max + 1;
  }

  /** The library version from the jar's Maven metadata, or {@code "dev"} when running from classes. */
  public static String libraryVersion() {
    try (InputStream in = SavedModelExporter.class.getResourceAsStream(
        "/META-INF/maven/io.tfweave/tfweave/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "dev");
      }
    } catch (IOException e) {
      // fall through
    }
    String v = SavedModelExporter.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }

  static ObjectMapper mapper() {
    return new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(
            com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS
                .mappedFeature());
  }

  private static Map<String, Object> modelJson(
      Model model, InferenceGraph ig, ExportOptions options) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("model", ModelConfig.of(model));
    Map<String, Object> sig = new LinkedHashMap<>();
    sig.put("key", ExportOptions.SIGNATURE_KEY_DEFAULT);
    sig.put("method_name", ExportOptions.METHOD_NAME_PREDICT);
    sig.put("inputs", tensors(ig.inputs));
    sig.put("outputs", tensors(ig.outputs));
    root.put("signature", sig);
    List<Object> weights = new ArrayList<>();
    var access = model.graphAccess();
    var trainable = new java.util.HashSet<>(model.trainableWeights());
    for (Weight w : model.weights()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", access.variableName(w));
      e.put("shape", w.shape().asArray());
      e.put("trainable", trainable.contains(w));
      weights.add(e);
    }
    root.put("weights", weights);
    root.put("provenance", provenance(model, options));
    return root;
  }

  private static Map<String, Object> tensors(Map<String, ? extends Operand<?>> ops) {
    Map<String, Object> out = new LinkedHashMap<>();
    ops.forEach((k, o) -> {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("tensor", o.op().name() + ":0");
      t.put("dtype", o.type() == org.tensorflow.types.TFloat32.class ? "float32" : "int32");
      List<Object> shape = new ArrayList<>();
      for (long d : o.shape().asArray()) shape.add(d < 0 ? null : d);
      t.put("shape", shape);
      out.put(k, t);
    });
    return out;
  }

  private static Map<String, Object> provenance(Model model, ExportOptions options) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("library", "tfweave");
    p.put("library_version", libraryVersion());
    p.put("tensorflow_version", TensorFlow.version());
    p.put("java_version", System.getProperty("java.version"));
    p.put("created", Instant.now().toString());
    p.put("model_name", model.name());
    p.put("seed", model.seed());
    p.put("seed_fixed", model.seedFixed());
    p.put("optimizer", model.optimizer() == null ? null : model.optimizer().config());
    p.put("loss", model.loss() == null ? null : model.loss().name());
    p.put("epochs_trained", model.epochsTrained());
    p.put("last_metrics", model.lastMetrics());
    p.put("params", model.weights().stream().mapToLong(Weight::size).sum());
    p.put(
        "trainable_params",
        model.trainableWeights().stream().mapToLong(Weight::size).sum());
    p.put("metadata", options.metadata());
    return p;
  }
}
