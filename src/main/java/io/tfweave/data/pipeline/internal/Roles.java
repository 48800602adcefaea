package io.tfweave.data.pipeline.internal;

import java.util.ArrayList;
import java.util.List;

/** Which components of a pipeline are a model's inputs and target: named ones, else Keras-like defaults. */
public final class Roles {
  private Roles() {}

  /** {@code named} if given (each must exist), else {@code x}, else {@code x0, x1, ...}. */
  public static List<String> inputs(List<String> named, List<String> names) {
    if (named != null) return check(named, names, "inputs");
    if (names.contains("x")) return List.of("x");
    List<String> xs = new ArrayList<>();
    for (int i = 0; names.contains("x" + i); i++) xs.add("x" + i);
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("The pipeline has components " + names
          + " but none is called x; name the model's " + "inputs with .inputs(\"...\")");
    }
    return xs;
  }

  /** {@code named} if given (it must exist), else {@code y} if there is one, else null. */
  public static String target(String named, List<String> names) {
    if (named != null) return check(List.of(named), names, "target").get(0);
    return names.contains("y") ? "y" : null;
  }

  /** {@code named}, which must exist among {@code names}; {@code what} names the role in the error. */
  public static String named(String named, List<String> names, String what) {
    return check(List.of(named), names, what).get(0);
  }

  private static List<String> check(List<String> wanted, List<String> names, String what) {
    for (String w : wanted) {
      if (!names.contains(w)) {
        throw new IllegalArgumentException("The pipeline's " + what + " name component '" + w
            + "', but its components are " + names);
      }
    }
    return wanted;
  }
}
