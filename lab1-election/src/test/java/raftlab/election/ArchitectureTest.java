package raftlab.election;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import raftlab.grading.arch.LabCodeRules;

/** Lab 1's code obeys the runtime rules (no wall clock, threads, sleeps, blocking or unseeded randomness). */
class ArchitectureTest {
    private final JavaClasses lab = LabCodeRules.mainClasses("raftlab.election");

    @Test
    void usesOnlyItsRuntimeForTimeThreadsAndRandomness() {
        LabCodeRules.ALL.check(lab);
    }

    @Test
    void doesNotDependOnTheGrader() {
        LabCodeRules.NO_GRADER_IN_MAIN_CODE.check(lab);
    }
}
