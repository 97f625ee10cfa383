package raftlab.election;

import raftlab.tester.arch.LabArchitectureTest;

/** Lab 1's code obeys the runtime rules and never depends on the grader. */
class ArchitectureTest extends LabArchitectureTest {
    @Override
    protected String labPackage() {
        return "raftlab.election";
    }
}
