package raftlab.replication;

import raftlab.tester.arch.LabArchitectureTest;

/** Lab 2's code obeys the runtime rules and never depends on the grader. */
class ArchitectureTest extends LabArchitectureTest {
    @Override
    protected String labPackage() {
        return "raftlab.replication";
    }
}
