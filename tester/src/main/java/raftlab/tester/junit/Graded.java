package raftlab.tester.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A graded lab test. Its stable id is {@code lab<N>.<Name>}, where Name is the method name with
 * its first letter capitalised (e.g. {@code lab1.InitialElection}); the id names the test in score
 * tables, reports, traces and reproduce commands, so renaming a method is a grading change.
 *
 * <p>The test method takes a {@link raftlab.tester.harness.LabRun} parameter: the seeded run it
 * lives in.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@Tag("graded")
@ExtendWith(RaftLabExtension.class)
public @interface Graded {
    /** The lab number, 1–5. */
    int lab();

    /** The part within the lab ("A", "B"), if the lab has parts. */
    String part() default "";

    /** Points earned when the test passes on every seed it is run with. */
    int points();

    /** One sentence: what the test checks. */
    String description();

    /**
     * A test of an optional part: its points are extra credit, reported with the others but left out
     * of the lab's maximum, so full marks never require them.
     */
    boolean optional() default false;
}
