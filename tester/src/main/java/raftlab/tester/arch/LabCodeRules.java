package raftlab.tester.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;

/**
 * The rules lab code lives by (docs/architecture.md, "Rules, enforced by the build"): no wall clock,
 * no threads, no sleeps, no blocking waits, no unseeded randomness — time, timers and randomness come from the node's runtime. Breaking one
 * would make simulation runs irreproducible or deadlock the single simulation thread.
 */
public final class LabCodeRules {
    private LabCodeRules() {
    }

    /** Main (non-test) classes of the given packages. */
    public static JavaClasses mainClasses(String... packages) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(packages);
    }

    public static final ArchRule NO_WALL_CLOCK = noClasses()
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("now"))
                    .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                            com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("java.time")))))
            .because("lab code reads time from its Runtime (virtual in simulation), never from the wall clock");

    public static final ArchRule NO_THREADS_OR_SLEEPS = noClasses()
            .should().callConstructor(Thread.class)
            .orShould().callConstructor(Thread.class, Runnable.class)
            .orShould().callConstructor(Thread.class, Runnable.class, String.class)
            .orShould().callMethod(Thread.class, "sleep", long.class)
            .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
            .orShould().callMethod(Thread.class, "startVirtualThread", Runnable.class)
            .orShould().dependOnClassesThat().areAssignableTo(ExecutorService.class)
            .orShould().dependOnClassesThat().belongToAnyOf(Executors.class, java.util.Timer.class)
            .because("lab code schedules work with Runtime.schedule/execute; the runtime owns every thread");

    public static final ArchRule NO_BLOCKING_WAITS = noClasses()
            .should().callMethod(Object.class, "wait")
            .orShould().callMethod(Object.class, "wait", long.class)
            .orShould().callMethod(Future.class, "get")
            .orShould().callMethod(CompletableFuture.class, "get")
            .orShould().callMethod(CompletableFuture.class, "join")
            .orShould().callMethod(Thread.class, "join")
            .orShould().dependOnClassesThat().areAssignableTo(Condition.class)
            .orShould().dependOnClassesThat().belongToAnyOf(java.util.concurrent.CountDownLatch.class,
                    java.util.concurrent.Semaphore.class, java.util.concurrent.BlockingQueue.class)
            .because("a blocked handler stalls the single simulation thread; react to futures with callbacks instead");

    public static final ArchRule NO_UNSEEDED_RANDOMNESS = noClasses()
            .should().callMethod(Math.class, "random")
            .orShould().callConstructor(Random.class)
            .orShould().dependOnClassesThat().belongToAnyOf(ThreadLocalRandom.class, java.security.SecureRandom.class)
            .orShould().callMethod(java.util.UUID.class, "randomUUID")
            .because("lab code draws randomness from Runtime.random(), seeded from the run's seed");

    /** Every rule at once. */
    public static final ArchRule ALL = CompositeArchRule.of(NO_WALL_CLOCK).and(NO_THREADS_OR_SLEEPS)
            .and(NO_BLOCKING_WAITS).and(NO_UNSEEDED_RANDOMNESS);

    /** Main code of a lab never depends on the tester or the tools: only the labs' tests use them. */
    public static final ArchRule NO_GRADER_IN_MAIN_CODE = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("raftlab.tester..", "raftlab.tools..")
            .because("the tester and the tools depend on labs' tests, never the other way round");
}
