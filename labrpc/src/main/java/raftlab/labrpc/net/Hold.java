package raftlab.labrpc.net;

import java.util.ArrayList;
import java.util.List;
import raftlab.labrpc.runtime.World;

/**
 * A tester's hand on the network ({@link Network#holdReplies}, {@link Network#holdRequests}): replies
 * (or requests) of one method between one caller and one server are parked instead of delivered,
 * until {@link #release()} or {@link #drop()}; a hold with a limit stops parking once it holds that
 * many. All state is guarded by the network's lock, since the network parks while holding it.
 */
public final class Hold {
    /** A parked reply: how to deliver it, and how to lose it. */
    private record Parked(Runnable delivery, Runnable loss) {
    }

    private final Object lock;
    private final World world;
    private final List<Hold> active;
    private final String caller;
    private final String server;
    private final String method;
    private final int limit;
    private final List<Parked> parked = new ArrayList<>();

    /** A hold that parks (at most {@code limit}) until it leaves {@code active}, the network's list of holds in force. */
    Hold(Object lock, World world, List<Hold> active, String caller, String server, String method, int limit) {
        this.lock = lock;
        this.world = world;
        this.active = active;
        this.caller = caller;
        this.server = server;
        this.method = method;
        this.limit = limit;
    }

    /** Whether this hold parks the reply of {@code rpc} from {@code serverName} to {@code callerNode}. */
    boolean matches(String callerNode, String serverName, String rpc) {
        return caller.equals(callerNode) && server.equals(serverName) && rpc.endsWith(method);
    }

    /** Parks one message; the caller holds the network's lock. At its limit, the hold stops matching. */
    void park(Runnable delivery, Runnable loss) {
        parked.add(new Parked(delivery, loss));
        if (parked.size() >= limit) {
            active.remove(this);
        }
    }

    /** Messages parked so far (and not yet released or dropped). */
    public int parked() {
        synchronized (lock) {
            return parked.size();
        }
    }

    /** Stops holding and loses every parked reply: those calls fail, as if the replies were dropped. */
    public void drop() {
        for (Parked p : end()) {
            world.schedule(0, p.loss());
        }
    }

    /** Stops holding and delivers every parked message now (requests only to a server still reachable). */
    public void release() {
        for (Parked p : end()) {
            world.schedule(0, p.delivery());
        }
    }

    private List<Parked> end() {
        synchronized (lock) {
            active.remove(this);
            List<Parked> out = List.copyOf(parked);
            parked.clear();
            return out;
        }
    }
}
