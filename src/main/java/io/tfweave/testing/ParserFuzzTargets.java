package io.tfweave.testing;

import io.tfweave.data.CsvTable;
import io.tfweave.data.format.Idx;
import io.tfweave.data.format.IdxArray;
import io.tfweave.data.format.MalformedDataException;
import io.tfweave.data.format.Npy;
import io.tfweave.data.format.NpyArray;
import io.tfweave.data.format.Npz;
import io.tfweave.data.format.Pickle;
import io.tfweave.formats.CheckpointReader;
import io.tfweave.formats.CheckpointVariable;
import io.tfweave.formats.CorruptFileException;
import io.tfweave.formats.EventFileReader;
import io.tfweave.formats.SavedModelInfo;
import io.tfweave.formats.TfRecordReader;
import io.tfweave.internal.CheckpointState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fuzz targets of every pure-Java parser, shared by the short Jazzer runs of the test suite ({@code tools/fuzz}) and
 * the long runs of {@code modules/bench}'s {@code fuzz.LongFuzz}. Each target feeds its bytes to one parser and uses what it
 * returns; it returns normally when the input parses or is rejected with the parser's documented exception
 * ({@link MalformedDataException} for data files, {@link CorruptFileException} for TensorFlow files,
 * {@code IllegalArgumentException} for the checkpoint state file). Anything else escaping a target (another exception, an
 * {@code OutOfMemoryError}, {@code NegativeArraySizeException}, {@code ArrayIndexOutOfBoundsException}) is a finding.
 */
public final class ParserFuzzTargets {
  private static final Map<String, Consumer<byte[]>> TARGETS = new LinkedHashMap<>();

  static {
    TARGETS.put("idx", ParserFuzzTargets::idx);
    TARGETS.put("npy", ParserFuzzTargets::npy);
    TARGETS.put("npz", b -> io(() -> npz(b)));
    TARGETS.put("pickle", ParserFuzzTargets::pickle);
    TARGETS.put("csv", b -> io(() -> csv(b)));
    TARGETS.put("tfRecord", b -> io(() -> tfRecord(b)));
    TARGETS.put("checkpoint", b -> io(() -> checkpoint(b)));
    TARGETS.put("eventFile", b -> io(() -> eventFile(b)));
    TARGETS.put("savedModel", b -> io(() -> savedModel(b)));
    TARGETS.put("stateFile", ParserFuzzTargets::stateFile);
  }

  private ParserFuzzTargets() {}

  /** The targets by name ({@code idx}, {@code npy}, … {@code stateFile}), in a fixed order. */
  public static Map<String, Consumer<byte[]>> all() {
    return java.util.Collections.unmodifiableMap(TARGETS);
  }

  /** IDX (MNIST's format), then both array conversions when the array is small. */
  public static void idx(byte[] input) {
    try {
      IdxArray a = Idx.read(new ByteArrayInputStream(input), "fuzz.idx");
      if (a.size() < 1 << 20) {
        for (Runnable r : new Runnable[] {a::toFloatArray, a::toIntArray}) {
          try {
            r.run();
          } catch (IllegalStateException wrongKind) {
            // documented: the conversion does not fit the element type
          }
        }
      }
    } catch (MalformedDataException expected) {
      // documented
    }
  }

  /** A NumPy {@code .npy} file, then every conversion. */
  public static void npy(byte[] input) {
    try {
      touch(Npy.read(new ByteArrayInputStream(input), "fuzz.npy"));
    } catch (MalformedDataException expected) {
      // documented
    }
  }

  /** A NumPy {@code .npz} archive (a zip of {@code .npy} files). */
  public static void npz(byte[] input) throws IOException {
    Path file = Files.createTempFile("fuzz", ".npz");
    try {
      Files.write(file, input);
      for (NpyArray a : Npz.read(file).values()) touch(a);
    } catch (MalformedDataException expected) {
      // documented
    } finally {
      Files.delete(file);
    }
  }

  /** A Python pickle (the object arrays of Keras's {@code imdb.npz}). */
  public static void pickle(byte[] input) {
    try {
      Pickle.load(input); // (a pickle may build cyclic lists, so its value is not printed)
    } catch (MalformedDataException expected) {
      // documented
    }
  }

  /** A CSV file, then every column as strings, numbers and dates. */
  public static void csv(byte[] input) throws IOException {
    Path file = Files.createTempFile("fuzz", ".csv");
    try {
      Files.write(file, input);
      CsvTable t = CsvTable.read(file);
      for (String c : t.columnNames()) {
        t.strings(c);
        try {
          t.toFloatNdArray(c);
        } catch (MalformedDataException | IllegalArgumentException expected) {
          // not numeric: documented
        }
        try {
          t.dates(c);
        } catch (MalformedDataException | IllegalArgumentException expected) {
          // not dates: documented
        }
      }
    } catch (MalformedDataException expected) {
      // documented
    } finally {
      Files.delete(file);
    }
  }

  /** A TFRecord file, every record read. */
  public static void tfRecord(byte[] input) throws IOException {
    try (TfRecordReader r =
        new TfRecordReader(new ByteArrayInputStream(input), Path.of("fuzz.tfrecord"))) {
      while (r.next() != null) {
        // read every record
      }
    } catch (CorruptFileException expected) {
      // documented
    }
  }

  /** A checkpoint. Input: a 4-byte big-endian length, that many bytes of {@code ckpt.index}, the rest the data file. */
  public static void checkpoint(byte[] input) throws IOException {
    if (input.length < 4) return;
    int n = Math.min(Math.max(ByteBuffer.wrap(input, 0, 4).getInt(), 0), input.length - 4);
    Path dir = Files.createTempDirectory("fuzz-ckpt");
    try {
      Files.write(dir.resolve("ckpt.index"), Arrays.copyOfRange(input, 4, 4 + n));
      Files.write(
          dir.resolve("ckpt.data-00000-of-00001"), Arrays.copyOfRange(input, 4 + n, input.length));
      CheckpointReader c = CheckpointReader.open(dir.resolve("ckpt"));
      for (CheckpointVariable v : c.variables()) {
        try {
          c.readBytes(v.name());
        } catch (CorruptFileException | UnsupportedOperationException expected) {
          // damaged, or a sliced or non-numeric tensor: documented
        }
      }
    } catch (CorruptFileException expected) {
      // documented
    } finally {
      for (String f : new String[] {"ckpt.index", "ckpt.data-00000-of-00001"})
        Files.deleteIfExists(dir.resolve(f));
      Files.delete(dir);
    }
  }

  /** A TensorBoard event file: version, scalars, histograms and graph. */
  public static void eventFile(byte[] input) throws IOException {
    Path dir = Files.createTempDirectory("fuzz-events");
    Path file = dir.resolve("events.out.tfevents.1.fuzz");
    try {
      Files.write(file, input);
      EventFileReader r = EventFileReader.read(file);
      r.fileVersion();
      for (String t : r.scalarTags()) r.scalars(t);
      for (String t : r.histogramTags()) r.histograms(t);
      r.graph();
    } catch (CorruptFileException expected) {
      // documented
    } finally {
      Files.deleteIfExists(file);
      Files.delete(dir);
    }
  }

  /** A {@code saved_model.pb}: description, signatures, variables and op counts. */
  public static void savedModel(byte[] input) throws IOException {
    Path dir = Files.createTempDirectory("fuzz-sm");
    Path file = dir.resolve("saved_model.pb");
    try {
      Files.write(file, input);
      SavedModelInfo info = SavedModelInfo.read(dir);
      info.describe();
      info.signatures();
      info.variables();
      info.opTypeCounts();
    } catch (CorruptFileException expected) {
      // documented
    } catch (IllegalArgumentException e) {
      // documented for a proto that parses but has no usable meta graph: the message names the file
      if (!e.getMessage().startsWith(file.toString())) throw e;
    } finally {
      Files.deleteIfExists(file);
      Files.delete(dir);
    }
  }

  /** TensorFlow's {@code checkpoint} state file: parses and round-trips, or throws IllegalArgumentException. */
  public static void stateFile(byte[] input) {
    CheckpointState s;
    try {
      s = CheckpointState.parse(new String(input, StandardCharsets.UTF_8), "checkpoint");
    } catch (IllegalArgumentException expected) {
      return;
    }
    if (!CheckpointState.parse(s.format(), "formatted").equals(s))
      throw new AssertionError("no round trip: " + s);
  }

  /** Uses every conversion the array offers (conversions of unsuitable dtypes throw the documented exception). */
  private static void touch(NpyArray a) {
    if (a.isObjectArray()) {
      a.objects();
      try {
        a.toRaggedIntArray();
      } catch (MalformedDataException | IllegalStateException expected) {
        // not a ragged int array
      }
      return;
    }
    if (a.size() > 1 << 20) return;
    for (Runnable r :
        new Runnable[] {a::toLongArray, a::toIntArray, a::toDoubleArray, a::toFloatArray}) {
      try {
        r.run();
      } catch (MalformedDataException | IllegalStateException | ArithmeticException wrongKind) {
        // documented: the conversion does not fit the dtype, or a value does not fit an int
      }
    }
  }

  private interface IoBody {
    void run() throws IOException;
  }

  private static void io(IoBody body) {
    try {
      body.run();
    } catch (IOException e) { // undocumented (not CorruptFileException): escapes as a finding
      throw new UncheckedIOException(e);
    }
  }
}
