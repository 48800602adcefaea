package io.tfweave.bench.fuzz;

import io.tfweave.testing.ParserFuzzTargets;
import java.util.function.Consumer;

/** Jazzer's entry points for one of {@link ParserFuzzTargets}, chosen by the first target argument. */
public final class FuzzTarget {
  private static Consumer<byte[]> target;

  private FuzzTarget() {}

  /** Called once by Jazzer with {@code --target_args}: the target's name. */
  public static void fuzzerInitialize(String[] args) {
    if (args.length != 1 || !ParserFuzzTargets.all().containsKey(args[0])) {
      throw new IllegalArgumentException("--target_args must name one of "
          + ParserFuzzTargets.all().keySet() + ". Received: " + String.join(" ", args));
    }
    target = ParserFuzzTargets.all().get(args[0]);
  }

  /** Called by Jazzer with each input. */
  public static void fuzzerTestOneInput(byte[] input) {
    target.accept(input);
  }
}
