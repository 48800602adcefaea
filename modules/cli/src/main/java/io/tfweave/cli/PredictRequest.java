package io.tfweave.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.formats.SavedModelInfo.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The inputs of one {@code predict} call, read from a TF Serving REST request ({@code {"instances": [...]}} row format or
 * {@code {"inputs": ...}} columnar format), from {@code .npy} files or from CSV rows.
 *
 * @param batches one batch array per signature input key
 * @param rowFormat whether the answer uses TF Serving's row format ({@code "predictions"}) or columnar ({@code "outputs"})
 * @param signatureName the {@code signature_name} given in a JSON request, or null
 * @param flatRows input keys read from CSV rows, which may be reshaped to the signature's sample shape
 */
record PredictRequest(
    Map<String, NumericArray> batches,
    boolean rowFormat,
    String signatureName,
    List<String> flatRows) {
  /** TF Serving's JSON: NaN, Infinity and -Infinity are numbers. */
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  /**
   * Reads {@code specs} ({@code FILE} or {@code KEY=FILE}; {@code -} is a JSON request on {@code stdin}); {@code inputsOf}
   * gives the inputs of the signature a request names ({@code null}: the default one).
   */
  static PredictRequest read(
      List<String> specs, Function<String, List<TensorSpec>> inputsOf, InputStream stdin) {
    List<String> keys = inputsOf.apply(null).stream().map(TensorSpec::key).toList();
    Map<String, NumericArray> batches = new LinkedHashMap<>();
    List<String> flat = new ArrayList<>();
    for (String spec : specs) {
      String key = null;
      String file = spec;
      int eq = spec.indexOf('=');
      if (eq > 0 && keys.contains(spec.substring(0, eq))) {
        key = spec.substring(0, eq);
        file = spec.substring(eq + 1);
      }
      String lower = file.toLowerCase(java.util.Locale.ROOT);
      if (file.equals("-") || lower.endsWith(".json")) {
        if (specs.size() != 1 || key != null) {
          throw new CliException(
              "a JSON request holds every input: give it as the only --input, without KEY= (received "
                  + specs + ")");
        }
        return json(file.equals("-") ? readStdin(stdin) : readFile(Path.of(file)), file, inputsOf);
      }
      if (key == null) {
        if (keys.size() != 1) {
          throw new CliException("the signature has inputs " + keys + ": name the one '" + file
              + "' feeds, e.g. --input " + first(keys) + "=" + file);
        }
        key = first(keys);
      }
      if (batches.containsKey(key)) throw new CliException("input '" + key + "' is given twice");
      if (lower.endsWith(".npy")) {
        batches.put(key, NpyFiles.read(Path.of(file)));
      } else if (lower.endsWith(".csv")) {
        batches.put(key, CsvArrays.readRows(Path.of(file)));
        flat.add(key);
      } else {
        throw new CliException("cannot tell the format of '" + file
            + "': use a .json (TF Serving request), .npy or .csv"
            + " file, or - for JSON on stdin");
      }
    }
    return new PredictRequest(batches, true, null, flat);
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(CliFiles.inputFile(file, "JSON request"));
    } catch (IOException e) {
      throw new CliException("could not read JSON request '" + file + "': " + e.getMessage(), e);
    }
  }

  private static String readStdin(InputStream in) {
    try {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("could not read the JSON request from stdin: " + e.getMessage(), e);
    }
  }

  private static PredictRequest json(
      String text, String source, Function<String, List<TensorSpec>> inputsOf) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CliException("'" + source + "' is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
    }
    if (root == null || !root.isObject() || !(root.has("instances") ^ root.has("inputs"))) {
      throw new CliException(
          "'" + source
              + "' must be a TF Serving request: an object with either \"instances\" (a list,"
              + " one entry per example) or \"inputs\" (columnar), e.g. {\"instances\": [[1.0, 2.0], [3.0, 4.0]]}");
    }
    String signature =
        root.hasNonNull("signature_name") ? root.get("signature_name").asText() : null;
    List<TensorSpec> specs = inputsOf.apply(signature);
    List<String> keys = specs.stream().map(TensorSpec::key).toList();
    Map<String, org.tensorflow.proto.DataType> dtypes = new LinkedHashMap<>();
    for (TensorSpec t : specs) dtypes.put(t.key(), t.dtype());
    Map<String, NumericArray> batches = new LinkedHashMap<>();
    if (root.has("instances")) {
      JsonNode instances = root.get("instances");
      if (!instances.isArray() || instances.isEmpty()) {
        throw new CliException(
            "'" + source + "': \"instances\" must be a non-empty list, one entry per example");
      }
      if (instances.get(0).isObject()) {
        for (String key : namedKeys(instances.get(0), keys, source)) {
          List<NumericArray> items = new ArrayList<>();
          for (int i = 0; i < instances.size(); i++) {
            JsonNode inst = instances.get(i);
            if (!inst.isObject() || !inst.has(key)) {
              throw new CliException(
                  "'" + source + "': instance " + i + " has no value for input '" + key + "'");
            }
            items.add(JsonArrays.parse(
                inst.get(key),
                source + " instance " + i + " input '" + key + "'",
                dtypes.get(key)));
          }
          batches.put(key, NumericArray.stack(items, source + " input '" + key + "'"));
        }
      } else {
        String key = single(keys, source);
        List<NumericArray> items = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++)
          items.add(JsonArrays.parse(instances.get(i), source + " instance " + i, dtypes.get(key)));
        batches.put(key, NumericArray.stack(items, source));
      }
      return new PredictRequest(batches, true, signature, List.of());
    }
    JsonNode inputs = root.get("inputs");
    if (inputs.isObject()) {
      for (String key : namedKeys(inputs, keys, source)) {
        batches.put(
            key,
            JsonArrays.parse(inputs.get(key), source + " input '" + key + "'", dtypes.get(key)));
      }
    } else {
      String key = single(keys, source);
      batches.put(key, JsonArrays.parse(inputs, source + " \"inputs\"", dtypes.get(key)));
    }
    return new PredictRequest(batches, false, signature, List.of());
  }

  private static List<String> namedKeys(JsonNode object, List<String> keys, String source) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) names.add(it.next());
    List<String> unknown =
        names.stream().filter(n -> !keys.contains(n)).collect(Collectors.toList());
    if (!unknown.isEmpty()) {
      throw new CliException("'" + source + "' names inputs " + unknown
          + " that the signature does not have; its inputs" + " are " + keys);
    }
    return names;
  }

  private static String single(List<String> keys, String source) {
    if (keys.size() != 1) {
      throw new CliException("'" + source + "' gives unnamed values, but the signature has inputs "
          + keys + ": give objects keyed by input name, e.g. {\"instances\": [{\"" + first(keys)
          + "\": ...}]}");
    }
    return first(keys);
  }

  private static String first(List<String> keys) {
    return keys.isEmpty() ? "input" : keys.get(0);
  }
}
