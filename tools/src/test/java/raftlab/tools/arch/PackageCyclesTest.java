package raftlab.tools.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The tester and the tools are layered: no package cycles, and the tester never reaches into the tools. */
class PackageCyclesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // the tester's fixtures, on this test's class path
            .importPackages("raftlab.tester", "raftlab.tools");

    @Test
    void packagesFormNoCycle() {
        slices().matching("raftlab.(*).(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theTesterNeverDependsOnTheTools() {
        noClasses().that().resideInAPackage("raftlab.tester..")
                .should().dependOnClassesThat().resideInAPackage("raftlab.tools..")
                .because("graded tests import the tester; the tools run them, not the other way round")
                .check(MAIN);
    }
}
