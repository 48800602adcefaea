package io.tfweave.data.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz tests of the data-file parsers (IDX, NPY, NPZ, pickle): any input either parses or throws {@link
 * MalformedDataException}; never another exception, an {@code OutOfMemoryError}, a hang or a crash. {@code mvn test} runs
 * the committed seeds and findings ({@code FormatFuzzTestInputs/<method>/}); {@code JAZZER_FUZZ=1} fuzzes one method for
 * its {@code maxDuration}.
 */
class FormatFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void idx(byte[] input) {
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

  @FuzzTest(maxDuration = "5s")
  void npy(byte[] input) {
    try {
      touch(Npy.read(new ByteArrayInputStream(input), "fuzz.npy"));
    } catch (MalformedDataException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "5s")
  void npz(byte[] input) throws IOException {
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

  @FuzzTest(maxDuration = "5s")
  void pickle(byte[] input) {
    try {
      Pickle.load(input); // (a pickle may build cyclic lists, so its value is not printed)
    } catch (MalformedDataException expected) {
      // documented
    }
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
}
