package raftlab.election;

/**
 * Seam: what an election needs to know about the log — where it ends. Lab 1 has no log
 * ({@link #EMPTY}); lab 2 supplies its replicated log here.
 */
public interface LogView {
    long lastIndex();

    long lastTerm();

    /**
     * The election restriction (§5.4.1): true if a candidate whose log ends at
     * ({@code candidateLastIndex}, {@code candidateLastTerm}) is at least as up to date as this log.
     * Lab 2 implements it; every log is at least as up to date as an empty one.
     */
    boolean candidateUpToDate(long candidateLastIndex, long candidateLastTerm);

    LogView EMPTY = new LogView() {
        @Override
        public long lastIndex() {
            return 0;
        }

        @Override
        public long lastTerm() {
            return 0;
        }

        @Override
        public boolean candidateUpToDate(long candidateLastIndex, long candidateLastTerm) {
            return true;
        }
    };
}
