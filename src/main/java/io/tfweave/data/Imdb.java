package io.tfweave.data;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfweave.data.format.MalformedDataException;
import io.tfweave.data.format.NpyArray;
import io.tfweave.data.format.Npz;
import io.tfweave.data.internal.DatasetPaths;
import io.tfweave.data.internal.NumpyRandomState;
import io.tfweave.data.text.Tokenizer;
import io.tfweave.internal.DataChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the IMDB movie-review sentiment dataset, either Keras's preprocessed {@code imdb.npz}
 * ({@link #loadData}) or the raw review texts of {@code aclImdb/} ({@link #loadAclImdb}).
 *
 * <p>Nothing is downloaded: a missing file raises a {@link DatasetNotFoundException} that says
 * what to download and where to put it.
 */
public final class Imdb {
  /** Where Keras downloads {@code imdb.npz} from. */
  public static final String NPZ_URL =
      "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz";
  /** Where Keras downloads {@code imdb_word_index.json} from. */
  public static final String WORD_INDEX_URL =
      "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json";
  /** The Stanford archive with the raw review texts ({@code aclImdb/}). */
  public static final String ACL_IMDB_URL =
      "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz";
  /** Pass as {@code numWords} to {@link #loadAclImdb} to keep every word. */
  public static final int ALL_WORDS = Integer.MAX_VALUE;

  private Imdb() {}

  /**
   * Returns where Keras caches {@code imdb.npz}
   * in {@code $KERAS_HOME/datasets} or {@code ~/.keras/datasets}.
   */
  public static Path defaultNpzPath() {
    return DatasetPaths.kerasDatasets().resolve("imdb.npz");
  }

  /** Returns the default folder of the raw reviews, {@code aclImdb} beside {@code imdb.npz}. */
  public static Path defaultAclImdbPath() {
    return DatasetPaths.kerasDatasets().resolve("aclImdb");
  }

  /** Loads {@link #defaultNpzPath()} with Keras's default options. */
  public static TrainTest<LabeledSequences> loadData() {
    return loadData(defaultNpzPath(), ImdbOptions.defaults());
  }

  /**
   * Loads Keras's {@code imdb.npz} and prepares it exactly like Keras's {@code imdb.load_data}.
   *
   * <p>In order: train then test are shuffled with one numpy {@code RandomState(seed)} (the
   * test permutation continues the same random stream), bit for bit like Keras, unless
   * {@code shuffle(false)}; every word index {@code w} becomes {@code w + indexFrom} and
   * {@code startChar} is put in front; reviews with {@code maxlen} or more entries are
   * dropped; then every entry outside {@code [skipTop, numWords)} becomes {@code oovChar} (or
   * is removed when it is {@code null}). Like Keras, an unset {@code numWords} means the
   * largest index in the data, which itself then falls outside and becomes {@code oovChar}, and
   * the {@code skipTop} rule also applies to {@code startChar}.
   *
   * @throws DatasetNotFoundException if {@code npz} does not exist
   */
  public static TrainTest<LabeledSequences> loadData(Path npz, ImdbOptions options) {
    DataChecks.notNull("options", options);
    if (!Files.isRegularFile(npz)) {
      throw new DatasetNotFoundException(
          npz,
          "IMDB data not found: " + npz + " does not exist."
              + " Download " + NPZ_URL + " and save it as " + npz + ", for example: mkdir -p "
              + npz.toAbsolutePath().getParent() + " && curl -L -o " + npz + " " + NPZ_URL);
    }
    Map<String, NpyArray> arrays = Npz.read(npz);
    int[][] xTrain = member(arrays, "x_train", npz).toRaggedIntArray();
    int[] yTrain = member(arrays, "y_train", npz).toIntArray();
    int[][] xTest = member(arrays, "x_test", npz).toRaggedIntArray();
    int[] yTest = member(arrays, "y_test", npz).toIntArray();
    if (xTrain.length != yTrain.length || xTest.length != yTest.length) {
      throw new MalformedDataException(npz + ": x and y lengths differ: x_train has "
          + xTrain.length + ", y_train " + yTrain.length + ", x_test " + xTest.length
          + ", y_test " + yTest.length + " entries");
    }
    return prepare(
        new LabeledSequences(xTrain, yTrain), new LabeledSequences(xTest, yTest), options);
  }

  /** Applies Keras's {@code load_data} steps to the raw word-index sequences of the file. */
  static TrainTest<LabeledSequences> prepare(
      LabeledSequences rawTrain, LabeledSequences rawTest, ImdbOptions options) {
    LabeledSequences train = rawTrain;
    LabeledSequences test = rawTest;
    if (options.shuffle()) {
      NumpyRandomState rng = new NumpyRandomState(options.seed());
      train = permute(train, rng.permutation(train.size()));
      test = permute(test, rng.permutation(test.size()));
    }
    train = shift(train, options);
    test = shift(test, options);
    if (options.maxlen() != null) {
      train = dropLong(train, options.maxlen());
      test = dropLong(test, options.maxlen());
      if (train.size() == 0 || test.size() == 0) {
        throw new IllegalArgumentException("After filtering for sequences shorter than maxlen="
            + options.maxlen() + ", no sequence was kept. Increase maxlen.");
      }
    }
    int numWords;
    if (options.numWords() != null) {
      numWords = options.numWords();
    } else {
      numWords = 0;
      for (LabeledSequences part : List.of(train, test)) {
        for (int[] s : part.sequences()) {
          for (int w : s) {
            numWords = Math.max(numWords, w);
          }
        }
      }
    }
    return new TrainTest<>(cut(train, numWords, options), cut(test, numWords, options));
  }

  private static LabeledSequences permute(LabeledSequences part, int[] perm) {
    int[][] x = new int[perm.length][];
    int[] y = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      x[i] = part.sequences()[perm[i]];
      y[i] = part.labels()[perm[i]];
    }
    return new LabeledSequences(x, y);
  }

  private static LabeledSequences shift(LabeledSequences part, ImdbOptions options) {
    int start = options.startChar() == null ? 0 : 1;
    int[][] x = new int[part.size()][];
    for (int i = 0; i < x.length; i++) {
      int[] s = part.sequences()[i];
      int[] t = new int[s.length + start];
      if (start == 1) {
        t[0] = options.startChar();
      }
      for (int j = 0; j < s.length; j++) {
        t[j + start] = s[j] + options.indexFrom();
      }
      x[i] = t;
    }
    return new LabeledSequences(x, part.labels());
  }

  private static LabeledSequences dropLong(LabeledSequences part, int maxlen) {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < part.size(); i++) {
      if (part.sequences()[i].length < maxlen) {
        keep.add(i);
      }
    }
    return permute(part, keep.stream().mapToInt(Integer::intValue).toArray());
  }

  private static LabeledSequences cut(LabeledSequences part, int numWords, ImdbOptions options) {
    int[][] x = new int[part.size()][];
    Integer oov = options.oovChar();
    for (int i = 0; i < x.length; i++) {
      int[] s = part.sequences()[i];
      int[] t = new int[s.length];
      int n = 0;
      for (int w : s) {
        if (options.skipTop() <= w && w < numWords) {
          t[n++] = w;
        } else if (oov != null) {
          t[n++] = oov;
        }
      }
      x[i] = n == t.length ? t : java.util.Arrays.copyOf(t, n);
    }
    return new LabeledSequences(x, part.labels());
  }

  private static NpyArray member(Map<String, NpyArray> arrays, String name, Path npz) {
    NpyArray a = arrays.get(name);
    if (a == null) {
      throw new MalformedDataException(npz + " has no array '" + name
          + "'; an IMDB .npz needs x_train, y_train, x_test and y_test. Found: "
          + arrays.keySet());
    }
    return a;
  }

  /**
   * Reads Keras's {@code imdb_word_index.json}: word to index, 1 = most frequent. Add
   * {@code indexFrom} (3) to match the sequences of {@link #loadData}.
   *
   * @throws DatasetNotFoundException if {@code json} does not exist
   */
  public static Map<String, Integer> wordIndex(Path json) {
    if (!Files.isRegularFile(json)) {
      throw new DatasetNotFoundException(
          json,
          "IMDB word index not found: " + json + " does not exist. Download " + WORD_INDEX_URL
              + " and save it as " + json);
    }
    try {
      return new ObjectMapper()
          .readValue(json.toFile(), new TypeReference<Map<String, Integer>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + json + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the raw reviews of an extracted {@code aclImdb_v1.tar.gz} and tokenises them with a
   * Keras {@link Tokenizer} fitted on the training reviews.
   *
   * <p>Reviews are {@code train|test/neg|pos/<id>_<rating>.txt}, read in that class order and
   * by file name (the order of Keras's {@code text_dataset_from_directory} without shuffling);
   * {@code unsup/} is ignored. Each text has its {@code <br />} tags replaced by spaces, is
   * lowercased, has Keras's default filter characters replaced by spaces and is split on
   * spaces. Words are ranked by training-set frequency (ties: first seen first), index 1 being
   * the most frequent, and only indices below {@code numWords} are kept; other words, and
   * test words never seen in training, are dropped.
   *
   * @param dir the {@code aclImdb} folder, containing {@code train/} and {@code test/}
   * @param numWords keep the {@code numWords - 1} most frequent words; {@link #ALL_WORDS} keeps all
   * @throws DatasetNotFoundException if one of the four review folders is missing
   */
  public static AclImdb loadAclImdb(Path dir, int numWords) {
    DataChecks.positive("numWords", numWords);
    AclImdbReader reader = new AclImdbReader(dir);
    Tokenizer tokenizer = new Tokenizer();
    if (numWords != ALL_WORDS) {
      tokenizer.numWords(numWords);
    }
    AclImdbReader.Texts train = reader.read("train");
    AclImdbReader.Texts test = reader.read("test");
    tokenizer.fitOnTexts(train.texts());
    return new AclImdb(
        new LabeledSequences(tokenizer.textsToSequences(train.texts()), train.labels()),
        new LabeledSequences(tokenizer.textsToSequences(test.texts()), test.labels()),
        tokenizer.wordIndex());
  }
}
