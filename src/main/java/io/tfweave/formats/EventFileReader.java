package io.tfweave.formats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tfweave.formats.internal.TensorProtos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.TensorProto;

/**
 * Reads TensorBoard event files ({@code events.out.tfevents.*}): TFRecord-framed
 * {@code org.tensorflow.proto.Event}s, with scalars and histograms grouped by tag.
 *
 * <p>Scalars are accepted both as TF1 {@code simple_value}s and as TF2 scalar tensors (plugin
 * {@code scalars}); histograms both as {@code HistogramProto}s and as TF2 {@code [k, 3]} tensors
 * (plugin {@code histograms}). As TF2 records a tag's plugin only with its first value, later
 * values of the tag inherit it.
 * <pre>{@code
 * EventFileReader events = EventFileReader.read(Path.of("logs/train"));
 * List<ScalarEvent> loss = events.scalars("loss");
 * }</pre>
 */
public final class EventFileReader {
  /** The plugin name TF2 gives scalar summaries. */
  public static final String SCALARS_PLUGIN = "scalars";
  /** The plugin name TF2 gives histogram summaries. */
  public static final String HISTOGRAMS_PLUGIN = "histograms";

  private final List<Event> events;
  private final Map<String, List<ScalarEvent>> scalars = new LinkedHashMap<>();
  private final Map<String, List<HistogramEvent>> histograms = new LinkedHashMap<>();
  private final Map<String, String> pluginByTag = new LinkedHashMap<>();

  private EventFileReader(List<Event> events) {
    this.events = Collections.unmodifiableList(events);
    for (Event e : events) {
      for (Summary.Value v : e.getSummary().getValueList()) {
        index(e, v);
      }
    }
  }

  /**
   * Reads one event file, or every file in a directory whose name contains {@code tfevents},
   * in name order (which is creation-time order for TF's file names).
   */
  public static EventFileReader read(Path fileOrLogDir) throws IOException {
    List<Path> files;
    if (Files.isDirectory(fileOrLogDir)) {
      try (Stream<Path> s = Files.list(fileOrLogDir)) {
        files = s.filter(p -> p.getFileName().toString().contains("tfevents"))
            .sorted()
            .collect(Collectors.toList());
      }
      if (files.isEmpty()) {
        throw new NoSuchFileException(
            fileOrLogDir.toString(),
            null,
            "expected at least one events.out.tfevents.* file in this directory, but found none");
      }
    } else {
      files = List.of(fileOrLogDir);
    }
    List<Event> events = new ArrayList<>();
    for (Path f : files) {
      List<byte[]> records = TfRecordReader.readAll(f);
      for (int i = 0; i < records.size(); i++) {
        try {
          events.add(Event.parseFrom(records.get(i)));
        } catch (InvalidProtocolBufferException e) {
          throw new CorruptFileException(
              f,
              "record " + i + " should be a serialized Event proto," + " but it does not parse",
              e);
        }
      }
    }
    return new EventFileReader(events);
  }

  /** Every event in file order, including the leading {@code file_version} event. */
  public List<Event> events() {
    return events;
  }

  /** The file version of the first event that has one (e.g. {@code brain.Event:2}), or {@code ""}. */
  public String fileVersion() {
    return events.stream()
        .filter(Event::hasFileVersion)
        .map(Event::getFileVersion)
        .findFirst()
        .orElse("");
  }

  /** Tags that have scalar values, in order of first appearance. */
  public Set<String> scalarTags() {
    return Collections.unmodifiableSet(scalars.keySet());
  }

  /** Scalar points for {@code tag} in file order; empty when the tag has none. */
  public List<ScalarEvent> scalars(String tag) {
    return Collections.unmodifiableList(scalars.getOrDefault(tag, List.of()));
  }

  /** Tags that have histogram values, in order of first appearance. */
  public Set<String> histogramTags() {
    return Collections.unmodifiableSet(histograms.keySet());
  }

  /** Histogram points for {@code tag} in file order; empty when the tag has none. */
  public List<HistogramEvent> histograms(String tag) {
    return Collections.unmodifiableList(histograms.getOrDefault(tag, List.of()));
  }

  /** Whether any event carries a serialized {@code GraphDef}. */
  public boolean hasGraph() {
    return events.stream().anyMatch(Event::hasGraphDef);
  }

  /** The last {@code GraphDef} written, if any. */
  public Optional<GraphDef> graph() throws CorruptFileException {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).hasGraphDef()) {
        try {
          return Optional.of(GraphDef.parseFrom(events.get(i).getGraphDef()));
        } catch (InvalidProtocolBufferException e) {
          throw new CorruptFileException(
              null,
              "event " + i + " holds graph_def bytes that do not" + " parse as a GraphDef",
              e);
        }
      }
    }
    return Optional.empty();
  }

  private void index(Event e, Summary.Value v) {
    // TF2 writes the summary metadata only with the first value of each tag.
    String plugin = v.getMetadata().getPluginData().getPluginName();
    if (plugin.isEmpty()) {
      plugin = pluginByTag.getOrDefault(v.getTag(), "");
    } else {
      pluginByTag.putIfAbsent(v.getTag(), plugin);
    }
    switch (v.getValueCase()) {
      case SIMPLE_VALUE:
        addScalar(v.getTag(), new ScalarEvent(e.getStep(), e.getWallTime(), v.getSimpleValue()));
        break;
      case HISTO:
        addHistogram(v.getTag(), histogram(e, v.getHisto()));
        break;
      case TENSOR:
        TensorProto t = v.getTensor();
        int rank = t.getTensorShape().getDimCount();
        if (plugin.equals(SCALARS_PLUGIN) || (plugin.isEmpty() && rank == 0 && isNumeric(t))) {
          addScalar(
              v.getTag(),
              new ScalarEvent(e.getStep(), e.getWallTime(), TensorProtos.toDoubles(t)[0]));
        } else if (plugin.equals(HISTOGRAMS_PLUGIN) && rank == 2) {
          addHistogram(v.getTag(), histogram(e, TensorProtos.toDoubles(t)));
        }
        break;
      default:
        break;
    }
  }

  private static boolean isNumeric(TensorProto t) {
    switch (t.getDtype()) {
      case DT_FLOAT:
      case DT_DOUBLE:
      case DT_HALF:
      case DT_BFLOAT16:
      case DT_INT32:
      case DT_INT64:
      case DT_INT16:
      case DT_INT8:
      case DT_UINT8:
      case DT_UINT16:
      case DT_BOOL:
        return true;
      default:
        return false;
    }
  }

  private void addScalar(String tag, ScalarEvent s) {
    scalars.computeIfAbsent(tag, k -> new ArrayList<>()).add(s);
  }

  private void addHistogram(String tag, HistogramEvent h) {
    histograms.computeIfAbsent(tag, k -> new ArrayList<>()).add(h);
  }

  private static HistogramEvent histogram(Event e, HistogramProto h) {
    return new HistogramEvent(
        e.getStep(),
        e.getWallTime(),
        h.getMin(),
        h.getMax(),
        h.getNum(),
        h.getSum(),
        h.getBucketLimitList(),
        h.getBucketList());
  }

  /** Converts TF2 rows of (left edge, right edge, count). */
  private static HistogramEvent histogram(Event e, double[] rows) {
    List<Double> limits = new ArrayList<>();
    List<Double> counts = new ArrayList<>();
    double total = 0;
    for (int i = 0; i + 2 < rows.length; i += 3) {
      limits.add(rows[i + 1]);
      counts.add(rows[i + 2]);
      total += rows[i + 2];
    }
    double min = rows.length >= 3 ? rows[0] : Double.NaN;
    double max = rows.length >= 3 ? rows[rows.length - 2] : Double.NaN;
    return new HistogramEvent(
        e.getStep(), e.getWallTime(), min, max, total, Double.NaN, limits, counts);
  }
}
