package io.tfweave.layers.preprocessing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token frequencies gathered by {@code adapt}, turned into a vocabulary in Keras's order: most frequent first, ties broken
 * by the tokens' UTF-8 bytes from high to low (Keras's {@code np.lexsort((tokens, counts))[::-1]}).
 */
final class TokenCounts {
  private final Map<String, Long> counts = new HashMap<>();

  /** Counts one occurrence of {@code token}. */
  void add(String token) { counts.merge(token, 1L, Long::sum); }

  /** The vocabulary without {@code excluded} tokens, at most {@code limit} terms ({@code limit < 0}: all). */
  List<String> vocabulary(int limit, Set<String> excluded) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) if (!excluded.contains(e.getKey())) entries.add(e);
    entries.sort((a, b) -> {
      int byCount = Long.compare(b.getValue(), a.getValue());
      return byCount != 0 ? byCount : Arrays.compareUnsigned(bytes(b.getKey()), bytes(a.getKey()));
    });
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : entries) {
      if (limit >= 0 && out.size() >= limit) break;
      out.add(e.getKey());
    }
    return out;
  }

  private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
