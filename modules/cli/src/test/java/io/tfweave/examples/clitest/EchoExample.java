package io.tfweave.examples.clitest;

import java.util.ArrayList;
import java.util.List;

/** A stand-in example program for the CLI's {@code train} tests: records its arguments. */
public final class EchoExample {
  /** The arguments of every run. */
  public static final List<List<String>> RUNS = new ArrayList<>();

  private EchoExample() {}

  /** Records {@code args}; fails when asked to. */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("--fail"))
      throw new IllegalStateException("asked to fail");
    RUNS.add(List.of(args));
  }
}
