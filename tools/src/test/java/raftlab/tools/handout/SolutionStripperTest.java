package raftlab.tools.handout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SolutionStripperTest {

    @Test
    void replacesTheSolutionWithTheUncommentedStub() {
        String src = String.join("\n",
                "int f() {",
                "    // BEGIN SOLUTION",
                "    return 42;",
                "    // ELSE STUB",
                "    // return 0; // TODO",
                "    // END SOLUTION",
                "}");
        assertEquals("int f() {\n    return 0; // TODO\n}", SolutionStripper.strip(src, "F.java"));
    }

    @Test
    void keepingTheSolutionDropsMarkersAndStubs() {
        String src = "a\n// BEGIN SOLUTION\nreal();\n// ELSE STUB\n// stub();\n// END SOLUTION\nb";
        assertEquals("a\nreal();\nb", SolutionStripper.keepSolution(src, "F.java"));
    }

    @Test
    void aRegionWithoutStubDisappears() {
        String src = "a\n// BEGIN SOLUTION\nsecret\n// END SOLUTION\nb";
        assertEquals("a\nb", SolutionStripper.strip(src, "F.java"));
    }

    @Test
    void onlyWholeLineMarkersCount() {
        assertTrue(SolutionStripper.hasRegions("x\n  // BEGIN SOLUTION\n"));
        assertTrue(!SolutionStripper.hasRegions("String s = \"// BEGIN SOLUTION\";"));
    }

    @Test
    void malformedMarkersNameTheFileAndLine() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SolutionStripper.strip("x\n// BEGIN SOLUTION\ny", "A.java")).getMessage().startsWith("A.java:2:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SolutionStripper.strip("// END SOLUTION", "B.java")).getMessage().startsWith("B.java:1:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SolutionStripper.strip("// BEGIN SOLUTION\n// ELSE STUB\nnot commented\n// END SOLUTION", "C.java"))
                .getMessage().contains("commented"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SolutionStripper.strip("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "D.java"))
                .getMessage().contains("nested"));
    }

    @Test
    void aRegionTaggedWithALaterLabIsStubbedWithThatLab() {
        String src = String.join("\n",
                "record R(long a",
                "        // BEGIN SOLUTION lab2",
                "        , long b",
                "        // END SOLUTION",
                ") {",
                "    // BEGIN SOLUTION",
                "    int f() { return 1; }",
                "    // ELSE STUB",
                "    // int f() { return 0; }",
                "    // END SOLUTION",
                "}");
        String lab1Done = SolutionStripper.edition(src, "R.java", 1, lab -> lab >= 2);
        assertEquals("record R(long a\n) {\n    int f() { return 1; }\n}", lab1Done);
        String fresh = SolutionStripper.edition(src, "R.java", 1, lab -> lab >= 1);
        assertEquals("record R(long a\n) {\n    int f() { return 0; }\n}", fresh);
        assertEquals("record R(long a\n        , long b\n) {\n    int f() { return 1; }\n}",
                SolutionStripper.keepSolution(src, "R.java"));
    }

    @Test
    void aWholeSolutionFileNamesItsLab() {
        assertEquals(2, SolutionStripper.solutionFileLab("// SOLUTION FILE\npackage p;\n", 2));
        assertEquals(3, SolutionStripper.solutionFileLab("// SOLUTION FILE lab3\npackage p;\n", 2));
        assertEquals(0, SolutionStripper.solutionFileLab("package p;\n// SOLUTION FILE\n", 2));
        assertEquals("package p;\nclass A {}", SolutionStripper.keepSolution("// SOLUTION FILE\npackage p;\nclass A {}", "A.java"));
        assertTrue(SolutionStripper.hasRegions("// SOLUTION FILE\npackage p;"));
    }

    @Test
    void aVanishedRegionLeavesOneBlankLineAndStubsNoTrailingSpace() {
        String src = String.join("\n", "a", "", "// BEGIN SOLUTION", "x", "// END SOLUTION", "", "b",
                "    // BEGIN SOLUTION", "    y", "    // ELSE STUB", "    // c", "    //", "    // d", "    // END SOLUTION");
        assertEquals("a\n\nb\n    c\n\n    d", SolutionStripper.strip(src, "F.java"));
    }
}
