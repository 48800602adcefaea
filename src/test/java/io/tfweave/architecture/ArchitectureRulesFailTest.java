package io.tfweave.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.tfweave.architecture.fixture.cycle.a.A;
import io.tfweave.architecture.fixture.cycle.b.B;
import io.tfweave.architecture.fixture.internaluse.internal.Hidden;
import io.tfweave.architecture.fixture.internaluse.user.User;
import org.junit.jupiter.api.Test;

/** The rules can fail: each one is evaluated on fixture classes that break it, and on ones that keep it. */
class ArchitectureRulesFailTest {
  @Test
  void cycleRuleReportsACycle() {
    JavaClasses both = new ClassFileImporter().importClasses(A.class, B.class);
    EvaluationResult r =
        ArchitectureRules.noCycles("io.tfweave.architecture.fixture.cycle").evaluate(both);
    assertTrue(r.hasViolation(), "a ↔ b must be reported");
    assertTrue(
        r.getFailureReport().toString().contains("Cycle detected"),
        r.getFailureReport().toString());
  }

  @Test
  void publicOnlyRuleReportsUseOfAnInternalPackage() {
    JavaClasses classes = new ClassFileImporter().importClasses(User.class, Hidden.class);
    ArchRule rule =
        ArchitectureRules.publicOnly("io.tfweave.architecture.fixture.internaluse.user..");
    EvaluationResult r = rule.evaluate(classes);
    assertTrue(r.hasViolation());
    assertTrue(
        r.getFailureReport().toString().contains("Hidden"), r.getFailureReport().toString());
    assertFalse(
        ArchitectureRules.publicOnly("io.tfweave.architecture.fixture.internaluse.internal..")
            .evaluate(classes)
            .hasViolation());
  }
}
