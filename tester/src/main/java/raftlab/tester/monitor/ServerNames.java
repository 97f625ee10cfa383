package raftlab.tester.monitor;

/** The tester names servers {@code S0 … S(n-1)}; clerks, the tester's own ends and others are not servers. */
public final class ServerNames {
    private ServerNames() {
    }

    /** The index of server {@code name} in a cluster of {@code n}, or -1 if it names no server of it. */
    public static int index(String name, int n) {
        if (name == null || name.length() < 2 || name.length() > 10 || name.charAt(0) != 'S') {
            return -1;
        }
        int i = 0;
        for (int k = 1; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            i = i * 10 + (c - '0');
        }
        return i < n ? i : -1;
    }
}
