package raftlab.tools.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The grade prediction: Wilson intervals, the chance of passing every official run, safety predicts zero. */
class PredictionTest {
    @Test
    void wilsonIntervalMatchesKnownValues() {
        double[] allPass = new Prediction(20, 20, false, 51).interval();
        assertEquals(0.839, allPass[0], 0.001); // 20 of 20: the lower end is about 0.84
        assertEquals(1.0, allPass[1], 1e-9);
        double[] half = new Prediction(50, 100, false, 51).interval();
        assertEquals(0.404, half[0], 0.001);
        assertEquals(0.596, half[1], 0.001);
        assertEquals(0, new Prediction(0, 10, false, 51).interval()[0], 1e-9);
    }

    @Test
    void pointsNeedEveryOfficialRunToPass() {
        assertEquals(10.0, new Prediction(20, 20, false, 51).expectedPoints(10), 1e-9);
        assertEquals(10 * Math.pow(0.95, 51), new Prediction(19, 20, false, 51).expectedPoints(10), 1e-9);
        assertEquals(0.0, new Prediction(19, 20, true, 51).expectedPoints(10), 1e-9, "a safety violation predicts zero");
    }

    @Test
    void runsToGuaranteeHalfThePoints() {
        int runs = Prediction.runsToGuarantee(0.5, 51);
        assertTrue(new Prediction(runs, runs, false, 51).pointsAtLeast(100) >= 50, runs + " clean runs guarantee half");
        assertTrue(new Prediction(runs - 1, runs - 1, false, 51).pointsAtLeast(100) < 50, "and one fewer does not");
    }

    @Test
    void fewCleanRunsGuaranteeLittle() {
        assertTrue(new Prediction(20, 20, false, 51).pointsAtLeast(10) < 0.1, "20 clean runs guarantee next to nothing");
        assertEquals(9.5, new Prediction(3000, 3000, false, 51).pointsAtLeast(10), 0.05, "3,000 clean runs guarantee 95 %");
        assertEquals(0.0, new Prediction(3000, 3000, true, 51).pointsAtLeast(10), 1e-9);
    }

    @Test
    void theRuleOfThree() {
        double hidden = new Prediction(3000, 3000, false, 51).hiddenFailureRate();
        assertTrue(hidden > 0.0009 && hidden < 0.0014, "3,000 clean runs rule out about 1 in 1,000: " + hidden);
        assertEquals(3000, Prediction.seedsToRuleOut(1000));
    }
}
