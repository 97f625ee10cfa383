package raftlab.kvservice;

import raftlab.tester.arch.LabArchitectureTest;

/** Lab 4's code obeys the runtime rules and never depends on the grader. */
class ArchitectureTest extends LabArchitectureTest {
    @Override
    protected String labPackage() {
        return "raftlab.kvservice";
    }
}
