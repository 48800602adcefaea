package io.tfweave.bench.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a long run must keep flat, read from the JVM and from Linux's {@code /proc/self}: resident memory (native
 * TensorFlow memory included), Java heap in use, open file descriptors and live threads.
 */
record ProcessGauges(long rssKb, long heapKb, long openFds, int threads) {
  /** The current values (the heap after a collection, so that garbage not yet collected does not count). */
  static ProcessGauges read() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long heap = (rt.totalMemory() - rt.freeMemory()) / 1024;
    return new ProcessGauges(
        readRssKb(), heap, readOpenFds(), ManagementFactory.getThreadMXBean().getThreadCount());
  }

  private static long readRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D+", ""));
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static long readOpenFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      return -1;
    }
  }
}
