package raftlab.labrpc.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A failure of node code is told with its type, message, causes and where it was thrown. */
class ThrownTest {
    @Test
    void namesTheExceptionItsMessageItsCauseAndWhere() {
        Throwable t = new CompletionException(new IllegalArgumentException("append at 6 but the log ends at 6; truncate first",
                new IllegalStateException("inner")));
        String d = Thrown.describe(t);
        assertTrue(d.startsWith("java.lang.IllegalArgumentException: append at 6 but the log ends at 6; truncate first"), d);
        assertTrue(d.contains("caused by java.lang.IllegalStateException: inner"), d);
        assertTrue(d.contains("\n    at raftlab.labrpc.runtime.ThrownTest"), "frames when none is lab code: " + d);
    }
}
