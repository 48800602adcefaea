package io.tfweave.data.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads numpy {@code .npz} archives ({@code np.savez} and {@code np.savez_compressed}): a zip
 * of {@code .npy} files, returned by name without the {@code .npy} suffix.
 */
public final class Npz {
  private Npz() {}

  /** Reads every {@code .npy} member of the archive at {@code path}, in archive order. */
  public static Map<String, NpyArray> read(Path path) {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || !name.endsWith(".npy")) {
          continue;
        }
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry))) {
          String key = name.substring(0, name.length() - ".npy".length());
          arrays.put(key, Npy.read(in, path.getFileName() + "!" + name));
        }
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new MalformedDataException(
          path + " is not a valid .npz (zip) archive: " + e.getMessage(), e);
    } catch (
        IllegalArgumentException e) { // ZipFile's answer to an entry name that is not valid UTF-8
      throw new MalformedDataException(
          path + " is not a valid .npz (zip) archive: an entry name is not valid UTF-8 ("
              + e.getMessage() + ")",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
    return Collections.unmodifiableMap(arrays);
  }
}
