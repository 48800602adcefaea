package io.tfweave.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the library's compiled classes against {@link ArchitectureRules} and its module descriptor's exports. */
class ArchitectureTest {
  private static final Path CLASSES = Path.of("target", "classes");
  private static JavaClasses library;

  @BeforeAll
  static void importLibrary() {
    assertTrue(
        Files.isDirectory(CLASSES.resolve("io/tfweave")),
        "run from the project root after compiling: " + CLASSES);
    library = new ClassFileImporter().importPath(CLASSES);
    assertTrue(library.size() > 200, "imported only " + library.size() + " classes");
  }

  @Test
  void noPackageCycles() {
    ArchitectureRules.noCycles("io.tfweave").check(library);
  }

  @Test
  void dependenciesFlowOneWay() {
    for (ArchRule r : ArchitectureRules.layering()) r.check(library);
  }

  @Test
  void moduleExportsEveryPublicPackageAndNoInternalOne() throws IOException {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("io.tfweave", d.name());
    Set<String> exported = d.exports().stream()
        .filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>();
    for (String p : d.packages())
      if (!p.endsWith(".internal") && !p.contains(".internal.")) expected.add(p);
    assertEquals(
        expected, exported, "module-info.java must export exactly the non-internal packages");
    assertTrue(d.uses().contains("io.tfweave.layers.LayerProvider"), d.uses().toString());
    assertTrue(
        d.provides().stream()
            .anyMatch(p -> p.service().equals("io.tfweave.layers.LayerProvider")
                && p.providers().size() >= ArchitectureRules.FAMILIES.size()),
        d.provides().toString());
  }

  @Test
  void everyLayerProviderIsListedForTheClassPathToo() throws IOException {
    Set<String> listed;
    try (Stream<String> lines =
        Files.lines(CLASSES.resolve("META-INF/services/io.tfweave.layers.LayerProvider"))) {
      listed = lines
          .map(String::trim)
          .filter(l -> !l.isEmpty())
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> implementations = library.stream()
        .filter(c -> c.getInterfaces().stream()
            .anyMatch(i -> i.toErasure().getName().equals("io.tfweave.layers.LayerProvider")))
        .map(c -> c.getName())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(implementations, listed);
  }
}
