package raftlab.tools.report;

import java.util.Locale;

/**
 * What local runs say about a test's grade (docs/grading.md, "Predicting your grade"). A test earns
 * its points in the official run only if it passes every one of its {@code officialRuns} runs, so a
 * test that passes with probability p keeps its points with probability p^officialRuns. The pass
 * rate seen locally estimates p; the Wilson score interval says how sure that estimate is; any
 * safety violation predicts zero, since one in the official run scores zero.
 */
public record Prediction(int passes, int runs, boolean safety, int officialRuns) {
    /** z for a two-sided 95 % interval. */
    private static final double Z = 1.959964;

    public double passRate() {
        return runs == 0 ? 0 : (double) passes / runs;
    }

    /** The 95 % Wilson score interval of the pass rate: {lower, upper}. */
    public double[] interval() {
        if (runs == 0) {
            return new double[] {0, 1};
        }
        double p = passRate();
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * runs)) / (1 + z2 / runs);
        double half = Z / (1 + z2 / runs) * Math.sqrt(p * (1 - p) / runs + z2 / (4.0 * runs * runs));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** The chance of passing every official run if the test passes at the locally seen rate. */
    public double chanceOfPoints() {
        return safety ? 0 : Math.pow(passRate(), officialRuns);
    }

    /** Expected points: {@code points} times the chance of passing every official run, at the rate seen. */
    public double expectedPoints(int points) {
        return points * chanceOfPoints();
    }

    /**
     * The points these runs guarantee with 95 % confidence: as {@link #expectedPoints}, but at the
     * lowest pass rate they cannot rule out. Few clean runs guarantee little: 20 give almost nothing
     * against 51 official runs, 3,000 give 95 % of the points.
     */
    public double pointsAtLeast(int points) {
        return safety ? 0 : points * Math.pow(1 - hiddenFailureRate(), officialRuns);
    }

    /**
     * The largest failure rate these runs could still hide, with 95 % confidence. With no failure it
     * is the exact one-sided bound 1 - 0.05^(1/runs), about 3/runs (the "rule of three"); otherwise
     * 1 minus the interval's lower end.
     */
    public double hiddenFailureRate() {
        if (runs > 0 && passes == runs) {
            return 1 - Math.pow(0.05, 1.0 / runs);
        }
        return 1 - interval()[0];
    }

    /** "[0.84, 1.00]" */
    public String intervalText() {
        double[] ci = interval();
        return String.format(Locale.ROOT, "[%.2f, %.2f]", ci[0], ci[1]);
    }

    /**
     * Clean runs per test needed before they guarantee {@code fraction} of a test's points with 95 %
     * confidence: the fewest runs whose hidden failure rate h still leaves (1 - h)^officialRuns at
     * {@code fraction}.
     */
    public static int runsToGuarantee(double fraction, int officialRuns) {
        double hidden = 1 - Math.pow(fraction, 1.0 / officialRuns);
        return (int) Math.ceil(Math.log(0.05) / Math.log(1 - hidden));
    }

    /** Seeds to run, all passing, before a failure rate of 1 in {@code oneIn} is ruled out (95 %): the rule of three. */
    public static long seedsToRuleOut(long oneIn) {
        return 3 * oneIn;
    }
}
