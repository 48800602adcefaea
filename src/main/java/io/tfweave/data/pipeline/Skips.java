package io.tfweave.data.pipeline;

import io.tfweave.data.pipeline.internal.BuildContext;
import io.tfweave.data.pipeline.internal.Built;
import io.tfweave.data.pipeline.internal.Counter;
import io.tfweave.data.pipeline.internal.DatasetOps;
import io.tfweave.data.pipeline.internal.SkipCount;
import io.tfweave.data.pipeline.internal.Stage;
import io.tfweave.data.pipeline.internal.Stages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * The counters that tell how many elements each {@code ignoreErrors()} stage skipped. Errors arise where records are parsed
 * (a source's decoder) and in map functions; each travels downstream as one failed element (a batch that meets one fails as
 * a whole) until an {@code ignoreErrors()} skips it. So every parsing source and map between the previous
 * {@code ignoreErrors()} (or the source) and this one gets a counter before and after it, and the sum of the differences,
 * read at the end of a pass, is the number of elements this stage skipped.
 */
final class Skips {
  private static final System.Logger LOG = System.getLogger("io.tfweave.data.pipeline");

  private record Skip(SkipCount count, List<Counter[]> pairs, long[] reported) {}

  private final List<Skip> skips = new ArrayList<>();
  private final Map<Integer, List<Counter>> enterBefore = new HashMap<>();
  private final Map<Integer, List<Counter>> leaveAfter = new HashMap<>();
  private final List<Counter> afterSource = new ArrayList<>();
  private final List<Op> resets = new ArrayList<>();
  private final List<Operand<TInt64>> reads = new ArrayList<>();
  private boolean ready;

  private Skips() {}

  /** Places the counters of every {@code ignoreErrors()} stage of {@code stages}. */
  static Skips plan(BuildContext ctx, List<Stage> stages) {
    Skips k = new Skips();
    int from = -1; // the source
    for (int i = 0; i < stages.size(); i++) {
      if (!(stages.get(i) instanceof Stages.IgnoreErrors ie)) continue;
      List<Counter[]> pairs = new ArrayList<>();
      if (from < 0) {
        Counter[] c = {new Counter(), new Counter()};
        ctx.countAtSource(c[0]);
        k.afterSource.add(c[1]);
        pairs.add(c);
      }
      for (int m = Math.max(from, 0); m < i; m++) {
        if (!(stages.get(m) instanceof Stages.Map)) continue;
        Counter[] c = {new Counter(), new Counter()};
        k.enterBefore.computeIfAbsent(m, x -> new ArrayList<>()).add(c[0]);
        k.leaveAfter.computeIfAbsent(m, x -> new ArrayList<>()).add(c[1]);
        pairs.add(c);
      }
      k.skips.add(new Skip(ie.skipped(), pairs, new long[1]));
      from = i + 1;
    }
    return k;
  }

  /** The source's output {@code b} (its raw records already counted), counted again. */
  Built afterSource(BuildContext ctx, Built b) {
    Built out = ctx.countRecords(b);
    for (Counter c : afterSource) out = c.count(ctx, out);
    return skips.isEmpty() ? out : out.withHandle(DatasetOps.withoutMapFusion(ctx.tf(), out));
  }

  /** Applies stage {@code i}, with the counters placed before and after it. */
  Built apply(BuildContext ctx, int i, Stage stage, Built in) {
    Built b = in;
    for (Counter c : enterBefore.getOrDefault(i, List.of())) b = c.count(ctx, b);
    b = stage.apply(ctx, b);
    for (Counter c : leaveAfter.getOrDefault(i, List.of())) b = c.count(ctx, b);
    return b;
  }

  /** Adds the ops that reset and read the counters. */
  void finish(Ops tf) {
    for (Skip s : skips) {
      for (Counter[] c : s.pairs()) {
        for (Counter one : c) {
          resets.add(one.reset(tf));
          reads.add(one.read(tf));
        }
      }
    }
  }

  /** Sets the counters to 0, once, before the first pass. */
  void reset(Session session) {
    if (ready || skips.isEmpty()) return;
    Session.Runner r = session.runner();
    resets.forEach(r::addTarget);
    r.run().close();
    ready = true;
  }

  /**
   * Adds what was skipped since the last call to each stage's count and logs it; with {@code count} false, only forgets it
   * (a pass abandoned after a peek, whose read-ahead would count as skipped).
   */
  void collect(Session session, Pipeline p, boolean count) {
    if (!ready) return;
    Session.Runner r = session.runner();
    reads.forEach(r::fetch);
    long fresh = 0;
    try (Result res = r.run()) {
      int at = 0;
      for (Skip s : skips) {
        long skipped = 0;
        for (int c = 0; c < s.pairs().size(); c++, at += 2)
          skipped += ((TInt64) res.get(at)).getLong() - ((TInt64) res.get(at + 1)).getLong();
        long delta = skipped - s.reported()[0];
        s.reported()[0] = skipped;
        if (delta > 0 && count) {
          s.count().add(delta);
          fresh += delta;
        }
      }
    }
    if (fresh > 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          "ignoreErrors() skipped {0} element(s) that failed to be produced in {1} ({2} in all so far)",
          fresh,
          p,
          p.skippedErrors());
    }
  }
}
