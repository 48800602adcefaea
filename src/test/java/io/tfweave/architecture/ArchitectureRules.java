package io.tfweave.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;

/**
 * The architecture of tfweave as ArchUnit rules: no package cycles, and dependencies flowing one way, {@code shape → graph →
 * layers → blocks → models}, with {@code training}, {@code callbacks}, {@code saving} and {@code formats} beside {@code
 * models}. The ready models ({@code applications}) and the programs in {@code modules/} use exported packages only.
 */
final class ArchitectureRules {
  /** The layer families, each a sub-package of {@code io.tfweave.layers}. */
  static final List<String> FAMILIES = List.of(
      "core",
      "activations",
      "convolutional",
      "pooling",
      "recurrent",
      "normalization",
      "preprocessing",
      "merging",
      "reshaping",
      "regularization",
      "quadratic",
      "attention");

  private ArchitectureRules() {}

  /**
   * Every package under {@code root} is a slice, except that an {@code internal} package belongs to the package that owns it
   * (it is that package's implementation); no two slices may depend on each other both ways, directly or not.
   */
  static ArchRule noCycles(String root) {
    SliceAssignment byOwner = new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        String p = c.getPackageName();
        if (!p.equals(root) && !p.startsWith(root + ".")) return SliceIdentifier.ignore();
        int i = p.indexOf(".internal");
        return SliceIdentifier.of(i < 0 ? p : p.substring(0, i));
      }

      @Override
      public String getDescription() {
        return "packages under " + root + ", internal ones with their owner";
      }
    };
    return slices()
        .assignedFrom(byOwner)
        .should()
        .beFreeOfCycles()
        .as("no package cycles under " + root);
  }

  private static ArchRule below(String pkg, String... above) {
    return noClasses()
        .that()
        .resideInAPackage(pkg)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(above)
        .as(pkg + " stays below " + String.join(", ", above));
  }

  /** The layering rules. */
  static List<ArchRule> layering() {
    String shape = "io.tfweave.shape..";
    String graph = "io.tfweave.graph..";
    String layers = "io.tfweave.layers..";
    String blocks = "io.tfweave.blocks..";
    String models = "io.tfweave.models..";
    String training = "io.tfweave.training..";
    String callbacks = "io.tfweave.callbacks..";
    String saving = "io.tfweave.saving..";
    String formats = "io.tfweave.formats..";
    String distribute = "io.tfweave.distribute..";
    String apps = "io.tfweave.applications..";
    return List.of(
        below(shape, graph, layers, blocks, models, training, callbacks, saving, apps),
        below(graph, layers, blocks, models, training, callbacks, saving, apps),
        below(layers, blocks, models, training, callbacks, saving, apps),
        below(blocks, models, training, callbacks, saving, apps),
        below(models, callbacks, saving, formats, apps),
        below(training, models, callbacks, saving, distribute, apps),
        below(distribute, layers, blocks, models, callbacks, saving, apps),
        below(callbacks, models, saving, apps),
        below(formats, layers, blocks, models, training, callbacks, saving, apps),
        below(saving, callbacks, apps),
        noClasses()
            .that()
            .resideInAPackage("io.tfweave.layers")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                FAMILIES.stream().map(f -> "io.tfweave.layers." + f + "..").toArray(String[]::new))
            .as("the layers base package does not know its families"),
        publicOnly(apps));
  }

  /** Classes in {@code pkg} use no implementation ({@code internal}) package: they are written as a user would write them. */
  static ArchRule publicOnly(String pkg) {
    return noClasses()
        .that()
        .resideInAPackage(pkg)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..internal..")
        .as(pkg + " uses exported packages only");
  }
}
