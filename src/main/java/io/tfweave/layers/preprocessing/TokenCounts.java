package io.tfweave.layers.preprocessing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token frequencies gathered by {@code adapt}, turned into a vocabulary in Keras's order: most frequent first, ties broken
 * by the tokens from high to low (Keras's {@code np.lexsort((tokens, counts))[::-1]}: strings by their UTF-8 bytes,
 * integers by value).
 *
 * @param <K> the token type
 */
final class TokenCounts<K> {
  /** Keras's order of string tokens: UTF-8 bytes, unsigned. */
  static final Comparator<String> BYTES = (a, b) -> Arrays.compareUnsigned(bytes(a), bytes(b));

  private final Map<K, Long> counts = new HashMap<>();
  private final Map<K, Long> documentCounts = new HashMap<>();
  private long documents;
  private final Comparator<? super K> order;

  /** Counts tokens ordered by {@code order} (ascending; ties go from high to low). */
  TokenCounts(Comparator<? super K> order) {
    this.order = order;
  }

  /** Counts one occurrence of {@code token}. */
  void add(K token) {
    counts.merge(token, 1L, Long::sum);
  }

  /** Counts one document holding {@code tokens} (each distinct token once), for inverse document frequencies. */
  void addDocument(java.util.Collection<K> tokens) {
    documents++;
    for (K t : new java.util.HashSet<>(tokens)) documentCounts.merge(t, 1L, Long::sum);
  }

  /** Keras's TF-IDF weights of {@code terms}: {@code log(1 + documents / (1 + documents holding the term))}. */
  double[] idf(List<K> terms) {
    double[] w = new double[terms.size()];
    for (int i = 0; i < w.length; i++)
      w[i] = Math.log1p(documents / (1.0 + documentCounts.getOrDefault(terms.get(i), 0L)));
    return w;
  }

  /** The vocabulary without {@code excluded} tokens, at most {@code limit} terms ({@code limit < 0}: all). */
  List<K> vocabulary(int limit, Set<?> excluded) {
    List<Map.Entry<K, Long>> entries = new ArrayList<>();
    for (Map.Entry<K, Long> e : counts.entrySet())
      if (!excluded.contains(e.getKey())) entries.add(e);
    entries.sort((a, b) -> {
      int byCount = Long.compare(b.getValue(), a.getValue());
      return byCount != 0 ? byCount : order.compare(b.getKey(), a.getKey());
    });
    List<K> out = new ArrayList<>();
    for (Map.Entry<K, Long> e : entries) {
      if (limit >= 0 && out.size() >= limit) break;
      out.add(e.getKey());
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
