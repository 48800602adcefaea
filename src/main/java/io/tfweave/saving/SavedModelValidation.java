package io.tfweave.saving;

import io.tfweave.formats.SavedModelInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a tfweave export as a whole before {@code Model.load} returns: {@code saved_model.pb} parses and has a {@code serve}
 * meta graph whose {@code serving_default} signature has the inputs and outputs {@code model.json} lists, and the graph's
 * variables are exactly the weights {@code model.json} lists, with the same shapes. (The weights' values are checked against
 * the same list when they are imported.) Each failure names the file, what was expected, what was found, and the fix.
 */
final class SavedModelValidation {
  private static final String FIX =
      " Export the model again; the directory was damaged or mixed with another export.";

  private SavedModelValidation() {}

  @SuppressWarnings("unchecked")
  static void check(Path dir, Map<String, Object> modelJson) {
    Path pb = dir.resolve("saved_model.pb");
    SavedModelInfo info;
    try {
      info = SavedModelInfo.read(dir, ExportOptions.TAG_SERVE);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          pb + " is not a valid SavedModel for tag 'serve': " + e.getMessage() + "." + FIX, e);
    }
    Map<String, Object> sig =
        modelJson.get("signature") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    String key = String.valueOf(sig.getOrDefault("key", ExportOptions.SIGNATURE_KEY_DEFAULT));
    SavedModelInfo.SignatureInfo s = info.signatures().get(key);
    if (s == null) {
      throw new IllegalArgumentException(pb + " has no signature '" + key
          + "' (model.json names it); it has " + info.signatures().keySet() + "." + FIX);
    }
    compare(
        pb,
        key + " inputs",
        keys(sig.get("inputs")),
        s.inputs().stream().map(SavedModelInfo.TensorSpec::key).toList());
    compare(
        pb,
        key + " outputs",
        keys(sig.get("outputs")),
        s.outputs().stream().map(SavedModelInfo.TensorSpec::key).toList());
    List<String> expected = new ArrayList<>();
    Map<String, List<Long>> shapes = new java.util.HashMap<>();
    if (modelJson.get("weights") instanceof List<?> ws) {
      for (Object o : ws) {
        if (o instanceof Map<?, ?> w) {
          expected.add(String.valueOf(w.get("name")));
          if (w.get("shape") instanceof List<?> dims)
            shapes.put(
                String.valueOf(w.get("name")),
                dims.stream().map(d -> ((Number) d).longValue()).toList());
        }
      }
    }
    List<String> found = new ArrayList<>();
    for (SavedModelInfo.VariableInfo v : info.variables()) {
      found.add(v.name());
      List<Long> want = shapes.get(v.name());
      List<Long> got = java.util.Arrays.stream(v.shape().asArray()).boxed().toList();
      if (want != null && !want.equals(got)) {
        throw new IllegalArgumentException(pb + ": variable '" + v.name() + "' has shape " + got
            + ", but model.json says " + want + "." + FIX);
      }
    }
    compare(pb, "variables", expected, found);
  }

  private static List<String> keys(Object tensors) {
    return tensors instanceof Map<?, ?> m
        ? m.keySet().stream().map(String::valueOf).toList()
        : List.of();
  }

  private static void compare(Path pb, String what, List<String> expected, List<String> found) {
    Set<String> e = new TreeSet<>(expected);
    Set<String> f = new TreeSet<>(found);
    if (e.equals(f)) return;
    Set<String> missing = new LinkedHashSet<>(e);
    missing.removeAll(f);
    Set<String> extra = new LinkedHashSet<>(f);
    extra.removeAll(e);
    throw new IllegalArgumentException(
        pb + ": the " + what + " do not match assets/model.json: expected " + e + ", found " + f
            + (missing.isEmpty() ? "" : "; missing " + missing)
            + (extra.isEmpty() ? "" : "; unexpected " + extra) + "." + FIX);
  }
}
