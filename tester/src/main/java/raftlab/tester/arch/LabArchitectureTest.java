package raftlab.tester.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * Each lab's architecture check: its main code obeys the runtime rules and never depends on the
 * grader. A lab extends this with its package name.
 */
public abstract class LabArchitectureTest {

    /** The lab's root package, e.g. {@code raftlab.election}. */
    protected abstract String labPackage();

    private JavaClasses lab() {
        return LabCodeRules.mainClasses(labPackage());
    }

    @Test
    void usesOnlyItsRuntimeForTimeThreadsAndRandomness() {
        LabCodeRules.ALL.check(lab());
    }

    @Test
    void doesNotDependOnTheGrader() {
        LabCodeRules.NO_GRADER_IN_MAIN_CODE.check(lab());
    }
}
