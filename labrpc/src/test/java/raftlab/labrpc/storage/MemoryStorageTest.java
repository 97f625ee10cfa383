package raftlab.labrpc.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryStorageTest {

    @Test
    void aCrashKeepsExactlyWhatWasSaved() {
        MemoryStorage s = new MemoryStorage();
        assertEquals(HardState.INITIAL, s.hardState());
        s.saveHardState(new HardState(3, 1));
        MemoryStorage restarted = s.afterCrash();
        s.saveHardState(new HardState(9, 2)); // the crashed zombie writes on; the successor must not see it
        assertEquals(new HardState(3, 1), restarted.hardState());
        assertEquals(new HardState(9, 2), s.hardState());
        assertTrue(restarted.sizeBytes() > 0);
    }

    @Test
    void invalidHardStateIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new HardState(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new HardState(1, -2));
    }
}
