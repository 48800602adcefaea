package io.tfweave.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.tfweave.models.Model;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The programs of {@code modules/} (examples, bench, cli) are written as users would write them: they depend only on the
 * packages that the library's module descriptor exports, never on an {@code internal} package.
 */
class ModulesUsePublicApiTest {
  @Test
  void programsUseOnlyExportedPackages() throws Exception {
    Path jar =
        Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor library = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
    Set<String> exported = library.exports().stream()
        .filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet());
    assertTrue(
        exported.contains("io.tfweave.models") && !exported.contains("io.tfweave.internal"),
        exported.toString());
    Set<String> hidden =
        library.packages().stream().filter(p -> !exported.contains(p)).collect(Collectors.toSet());
    assertTrue(!hidden.isEmpty(), "the library hides its internal packages");

    List<Path> dirs = List.of(
        Path.of("target/classes"),
        Path.of("../examples/target/classes"),
        Path.of("../bench/target/classes"));
    for (Path d : dirs)
      assertTrue(Files.isDirectory(d), "build the modules first: " + d.toAbsolutePath());
    JavaClasses programs = new ClassFileImporter().importPaths(dirs);
    assertTrue(programs.size() > 40, "imported " + programs.size() + " classes");
    DescribedPredicate<JavaClass> notExported = DescribedPredicate.describe(
        "in a package io.tfweave does not export", c -> hidden.contains(c.getPackageName()));
    noClasses()
        .that()
        .resideInAnyPackage("io.tfweave.examples..", "io.tfweave.bench..", "io.tfweave.cli..")
        .should()
        .dependOnClassesThat(notExported)
        .check(programs);
  }
}
