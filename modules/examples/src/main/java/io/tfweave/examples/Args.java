package io.tfweave.examples;

import java.util.HashMap;
import java.util.Map;

/** Minimal {@code --key value} / {@code --flag} parsing for the example programs (the CLI uses picocli). */
public final class Args {
  private Args() {}

  /** Parses {@code args} over {@code defaults}; a flag without a value maps to "true". */
  public static Map<String, String> parse(String[] args, Map<String, String> defaults) {
    Map<String, String> out = new HashMap<>(defaults);
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--"))
        throw new IllegalArgumentException("Expected --option, got '" + args[i] + "'");
      String key = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) out.put(key, args[++i]);
      else out.put(key, "true");
    }
    return out;
  }
}
