// SOLUTION FILE
package raftlab.kvservice;

/** A submission that will not be answered by this server: it lost (or never had) leadership. */
final class LostLeadership extends RuntimeException {
    LostLeadership(String why) {
        super(why, null, false, false);
    }
}
