package io.tfweave.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the example programs on the classpath: classes with a {@code public static void main(String[])} in
 * {@code io.tfweave.examples.<area>} (directories or jars), named by their area ({@code imdb}, {@code spirals}, {@code cnn},
 * {@code weather}, {@code transfer}, ...).
 */
final class ExampleCatalog {
  static final String PACKAGE = "io.tfweave.examples";

  /** One runnable example: its area (the short name) and main class. */
  record Example(String area, String mainClass) {
    String label() {
      return area + "." + mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }
  }

  private final ClassLoader loader;
  private final List<Example> examples;

  ExampleCatalog(ClassLoader loader) {
    this.loader = loader;
    this.examples = discover(loader);
  }

  /** Every example found, sorted by area and class. */
  List<Example> examples() {
    return examples;
  }

  /**
   * The main class for {@code name}: an area ({@code imdb}), {@code area.Class}, or a fully qualified class name; fails
   * listing what is available.
   */
  Example resolve(String name) {
    Optional<Example> exact = examples.stream()
        .filter(e -> e.mainClass().equals(name) || e.label().equals(name))
        .findFirst();
    if (exact.isPresent()) return exact.get();
    if (name.contains(".")) {
      String cls =
          name.startsWith(PACKAGE + ".") ? name : hasMain(name) ? name : PACKAGE + "." + name;
      if (hasMain(cls)) {
        String area = cls.startsWith(PACKAGE + ".")
            ? cls.substring(PACKAGE.length() + 1).split("\\.")[0]
            : cls.substring(0, Math.max(0, cls.lastIndexOf('.')));
        return new Example(area, cls);
      }
      throw new CliException(
          "no class '" + cls + "' with a main method on the classpath. " + available());
    }
    String area = name.toLowerCase(Locale.ROOT);
    List<Example> inArea = examples.stream().filter(e -> e.area().equals(area)).toList();
    if (inArea.size() == 1) return inArea.get(0);
    if (inArea.isEmpty())
      throw new CliException("no example '" + name + "' on the classpath. " + available());
    List<Example> preferred = inArea.stream()
        .filter(e -> {
          String simple =
              e.mainClass().substring(e.mainClass().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
          return simple.equals(area)
              || simple.equals(area + "example")
              || simple.equals(area + "main")
              || simple.equals("main");
        })
        .toList();
    if (preferred.size() == 1) return preferred.get(0);
    throw new CliException("example '" + name + "' has several programs: "
        + String.join(", ", inArea.stream().map(Example::label).toList())
        + "; run one by name, e.g. tfweave train "
        + inArea.get(0).label());
  }

  /** A sentence listing the available examples, or how to build them. */
  String available() {
    if (examples.isEmpty()) {
      return "No examples are on the classpath: build them with 'mvn -B -q -f modules/pom.xml install' (tools/tfweave adds "
          + "modules/examples/target/classes).";
    }
    return "Available examples: "
        + String.join(", ", new TreeSet<>(examples.stream().map(Example::area).toList()))
        + " (programs: "
        + String.join(", ", examples.stream().map(Example::label).toList()) + ").";
  }

  /** Runs the example's {@code main} with {@code args}. */
  void run(Example e, String[] args) throws ReflectiveOperationException {
    Method main = Class.forName(e.mainClass(), true, loader).getMethod("main", String[].class);
    main.invoke(null, (Object) args);
  }

  private boolean hasMain(String className) {
    try {
      Method m = Class.forName(className, false, loader).getMethod("main", String[].class);
      return Modifier.isStatic(m.getModifiers())
          && Modifier.isPublic(m.getModifiers())
          && m.getReturnType() == void.class;
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError ex) {
      return false;
    }
  }

  private List<Example> discover(ClassLoader cl) {
    TreeSet<String> classes = new TreeSet<>();
    String root = PACKAGE.replace('.', '/') + "/";
    try {
      Enumeration<URL> urls = cl.getResources(root);
      for (URL url : Collections.list(urls)) {
        if (url.getProtocol().equals("file")) scanDirectory(Path.of(url.toURI()), classes);
        else if (url.getProtocol().equals("jar"))
          scanJar(((JarURLConnection) url.openConnection()).getJarFile(), root, classes);
      }
    } catch (IOException | URISyntaxException ex) {
      throw new CliException(
          "could not list the examples on the classpath: " + ex.getMessage(), ex);
    }
    List<Example> out = new ArrayList<>();
    for (String cls : classes) {
      String rest = cls.substring(PACKAGE.length() + 1);
      int dot = rest.indexOf('.');
      if (dot < 0 || rest.indexOf('.', dot + 1) >= 0 || !hasMain(cls)) continue;
      out.add(new Example(rest.substring(0, dot), cls));
    }
    return List.copyOf(out);
  }

  private static void scanDirectory(Path dir, TreeSet<String> out) throws IOException {
    Path base = dir;
    for (int i = 0; i < PACKAGE.split("\\.").length; i++) base = base.getParent();
    Path top = base;
    try (Stream<Path> s = Files.walk(dir, 2)) {
      s.filter(p -> isTopLevelClass(p.getFileName().toString()))
          .forEach(p -> out.add(className(top.relativize(p).toString())));
    } catch (UncheckedIOException ex) {
      throw ex.getCause();
    }
  }

  private static void scanJar(JarFile jar, String root, TreeSet<String> out) {
    for (JarEntry entry : Collections.list(jar.entries())) {
      String n = entry.getName();
      if (n.startsWith(root) && isTopLevelClass(n.substring(n.lastIndexOf('/') + 1)))
        out.add(className(n));
    }
  }

  private static boolean isTopLevelClass(String fileName) {
    return fileName.endsWith(".class")
        && !fileName.contains("$")
        && !fileName.equals("package-info.class");
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length())
        .replace('\\', '/')
        .replace('/', '.');
  }
}
