package io.tfweave.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tfweave.formats.SavedModelInfo;
import io.tfweave.formats.SavedModelInfo.SignatureInfo;
import io.tfweave.formats.SavedModelInfo.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tfweave predict <savedmodel> --input FILE}: runs a signature of a SavedModel on a TF Serving style request and
 * prints TF Serving's answer: {@code {"predictions": [...]}} for {@code {"instances": ...}}, {@code .npy} and CSV
 * inputs, {@code {"outputs": ...}} for the columnar {@code {"inputs": ...}} format.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Run a SavedModel signature on JSON ({\"instances\": ...} or {\"inputs\": ...}), .npy or CSV input and "
          + "print TF Serving's JSON answer ({\"predictions\": ...} or {\"outputs\": ...}).",
      "Examples:",
      "  tfweave predict model/ --input request.json",
      "  tfweave predict model/ --input images.npy --output predictions.json",
      "  tfweave predict model/ --input features=rows.csv --input ids=ids.npy"
    })
final class PredictCommand implements Callable<Integer> {
  static final String SIGNATURE_DEFAULT = "serving_default";
  /** TF Serving writes NaN, Infinity and -Infinity as bare tokens, not strings. */
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .disable(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .build();

  @Spec
  CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SAVEDMODEL",
      description = "SavedModel directory (with saved_model.pb).")
  Path dir;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "[KEY=]FILE",
      description =
          "A .json request (or - for stdin), or a .npy / .csv batch for input KEY (KEY may be left out when the "
              + "signature has one input). Repeat for several inputs.")
  List<String> inputs;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the JSON answer here instead of stdout.")
  Path output;

  @Option(
      names = {"-s", "--signature"},
      paramLabel = "KEY",
      description = "Signature to run (default: the request's signature_name, else "
          + SIGNATURE_DEFAULT + ").")
  String signature;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Meta graph tag (default: ${DEFAULT-VALUE}).",
      defaultValue = "serve")
  String tag;

  @Override
  public Integer call() {
    CliFiles.savedModelDir(dir);
    SavedModelInfo info;
    try {
      info = SavedModelInfo.read(dir, tag);
    } catch (IllegalArgumentException | IOException e) {
      throw new CliException(
          "could not read " + dir.resolve("saved_model.pb") + ": " + e.getMessage(), e);
    }
    Map<String, SignatureInfo> sigs = info.signatures();
    PredictRequest request =
        PredictRequest.read(inputs, named -> signature(sigs, named).inputs(), System.in);
    SignatureInfo sig = signature(sigs, request.signatureName());
    Map<String, NumericArray> batches = checkInputs(sig, request);
    JsonNode answer = run(sig, batches, request.rowFormat());
    write(answer);
    return 0;
  }

  /** The signature to run: --signature, else the request's signature_name, else serving_default or the only one. */
  private SignatureInfo signature(Map<String, SignatureInfo> sigs, String requested) {
    String key = signature != null ? signature : requested != null ? requested : SIGNATURE_DEFAULT;
    SignatureInfo sig = sigs.get(key);
    if (sig == null && signature == null && requested == null && sigs.size() == 1)
      sig = sigs.values().iterator().next();
    if (sig == null) {
      throw new CliException("SavedModel '" + dir + "' has no signature '" + key + "'; it has "
          + sigs.keySet() + (signature == null ? ". Choose one with --signature" : ""));
    }
    return sig;
  }

  private Map<String, NumericArray> checkInputs(SignatureInfo sig, PredictRequest request) {
    Map<String, NumericArray> out = new LinkedHashMap<>();
    for (TensorSpec in : sig.inputs()) {
      NumericArray a = request.batches().get(in.key());
      if (a == null) {
        throw new CliException(
            "signature '" + sig.key() + "' needs input '" + in.key() + "' (" + in.dtype() + " "
                + CliFiles.shape(in.shape()) + "), but the request does not give it; inputs given: "
                + request.batches().keySet());
      }
      if (request.flatRows().contains(in.key())) a = reshapeRows(a, in);
      checkShape(a, in);
      out.put(in.key(), a);
    }
    for (String k : request.batches().keySet()) {
      if (out.get(k) == null)
        throw new CliException("signature '" + sig.key() + "' has no input '" + k
            + "'; its inputs are " + sig.inputs().stream().map(TensorSpec::key).toList());
    }
    return out;
  }

  /** CSV rows are flat: give them the signature's per-sample shape when it is known and has as many values. */
  private static NumericArray reshapeRows(NumericArray a, TensorSpec in) {
    long[] want = in.shape().isUnknown() ? null : in.shape().asArray();
    if (want == null || want.length < 2 || want.length == a.shape().length) return a;
    long size = 1;
    for (int i = 1; i < want.length; i++) size = want[i] < 0 ? -1 : size * want[i];
    if (size != a.shape()[1]) return a;
    long[] shape = want.clone();
    shape[0] = a.shape()[0];
    return a.reshape(shape);
  }

  private static void checkShape(NumericArray a, TensorSpec in) {
    if (in.shape().isUnknown()) return;
    long[] want = in.shape().asArray();
    boolean ok = want.length == a.shape().length;
    for (int i = 0; ok && i < want.length; i++) ok = want[i] < 0 || want[i] == a.shape()[i];
    if (!ok) {
      throw new CliException("input '" + in.key() + "' expects shape " + CliFiles.shape(in.shape())
          + " (-1 = any), but the" + " request gives shape "
          + CliFiles.shape(org.tensorflow.ndarray.Shape.of(a.shape())));
    }
  }

  private JsonNode run(SignatureInfo sig, Map<String, NumericArray> batches, boolean rowFormat) {
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    Map<String, JsonNode> outputs = new LinkedHashMap<>();
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), tag)) {
      for (TensorSpec in : sig.inputs())
        feeds.put(in.key(), Tensors.toTensor(batches.get(in.key()), in.dtype(), in.key()));
      try (Result r = bundle.function(sig.key()).call(feeds)) {
        for (TensorSpec o : sig.outputs()) {
          Tensor t = r.get(o.key())
              .orElseThrow(
                  () -> new CliException("the model returned no output '" + o.key() + "'"));
          outputs.put(o.key(), Tensors.toJson(t, o.key()));
        }
      }
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new CliException(
          "TensorFlow failed to run signature '" + sig.key() + "' of '" + dir + "': "
              + e.getMessage(),
          e);
    } finally {
      feeds.values().forEach(Tensor::close);
    }
    return answer(outputs, rowFormat);
  }

  /** TF Serving's layout: rows ({@code predictions}) when every output is batched alike, else columns ({@code outputs}). */
  private static JsonNode answer(Map<String, JsonNode> outputs, boolean rowFormat) {
    ObjectNode root = JSON.createObjectNode();
    int rows = -1;
    boolean batched = true;
    for (JsonNode o : outputs.values()) {
      batched &= o.isArray() && (rows < 0 || rows == o.size());
      if (o.isArray()) rows = o.size();
    }
    if (!rowFormat || !batched || outputs.isEmpty()) {
      if (outputs.size() == 1) root.set("outputs", outputs.values().iterator().next());
      else root.set("outputs", JSON.valueToTree(outputs));
      return root;
    }
    ArrayNode predictions = root.putArray("predictions");
    for (int i = 0; i < rows; i++) {
      if (outputs.size() == 1) {
        predictions.add(outputs.values().iterator().next().get(i));
      } else {
        ObjectNode row = predictions.addObject();
        for (Map.Entry<String, JsonNode> e : outputs.entrySet())
          row.set(e.getKey(), e.getValue().get(i));
      }
    }
    return root;
  }

  private void write(JsonNode answer) {
    try {
      String text = JSON.writeValueAsString(answer);
      if (output == null) {
        spec.commandLine().getOut().println(text);
      } else {
        if (output.getParent() != null) Files.createDirectories(output.getParent());
        Files.writeString(output, text + System.lineSeparator());
      }
    } catch (IOException e) {
      throw new CliException(
          "could not write the answer to '" + output + "': " + e.getMessage(), e);
    }
  }
}
