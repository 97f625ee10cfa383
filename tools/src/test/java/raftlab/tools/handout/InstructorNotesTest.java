package raftlab.tools.handout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InstructorNotesTest {
    @Test
    void dropsInstructorPassagesAndKeepsTheStudentLine() {
        String md = "a\n<!-- BEGIN INSTRUCTOR -->\nsecret\n<!-- STUDENT: for you -->\n<!-- END INSTRUCTOR -->\nb";
        assertEquals("a\nfor you\nb", InstructorNotes.strip(md, "R.md"));
    }

    @Test
    void unbalancedMarkersAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> InstructorNotes.strip("<!-- BEGIN INSTRUCTOR -->\nx", "R.md"));
        assertThrows(IllegalArgumentException.class, () -> InstructorNotes.strip("<!-- END INSTRUCTOR -->", "R.md"));
    }
}
