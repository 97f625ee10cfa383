package raftlab.persistence;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import raftlab.grading.arch.LabCodeRules;

/** Lab 3's code obeys the runtime rules and never depends on the grader. */
class ArchitectureTest {
    private final JavaClasses lab = LabCodeRules.mainClasses("raftlab.persistence");

    @Test
    void usesOnlyItsRuntimeForTimeThreadsAndRandomness() {
        LabCodeRules.ALL.check(lab);
    }

    @Test
    void doesNotDependOnTheGrader() {
        LabCodeRules.NO_GRADER_IN_MAIN_CODE.check(lab);
    }
}
