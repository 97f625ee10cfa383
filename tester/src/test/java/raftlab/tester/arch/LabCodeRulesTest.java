package raftlab.tester.arch;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import fixtures.BadLabCode;
import fixtures.GoodLabCode;
import org.junit.jupiter.api.Test;

class LabCodeRulesTest {
    private final JavaClasses bad = new ClassFileImporter().importClasses(BadLabCode.class);
    private final JavaClasses good = new ClassFileImporter().importClasses(GoodLabCode.class);

    @Test
    void eachRuleCatchesItsViolation() {
        assertThrows(AssertionError.class, () -> LabCodeRules.NO_WALL_CLOCK.check(bad));
        assertThrows(AssertionError.class, () -> LabCodeRules.NO_THREADS_OR_SLEEPS.check(bad));
        assertThrows(AssertionError.class, () -> LabCodeRules.NO_UNSEEDED_RANDOMNESS.check(bad));
        assertThrows(AssertionError.class, () -> LabCodeRules.NO_BLOCKING_WAITS.check(bad));
    }

    @Test
    void cleanCodePasses() {
        LabCodeRules.ALL.check(good);
    }
}
