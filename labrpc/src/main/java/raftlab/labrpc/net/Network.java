package raftlab.labrpc.net;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import raftlab.labrpc.runtime.Thrown;
import raftlab.labrpc.runtime.World;
import raftlab.labrpc.trace.TraceEvent;

/**
 * The simulated lossy network of MIT 6.5840's labrpc, on either runtime. Partitions are modelled by
 * enabling and disabling directional ends. Fault numbers follow labrpc exactly:
 * <ul>
 *   <li>unreliable: each request waits 0–26 ms, 10 % of requests and 10 % of replies are lost;</li>
 *   <li>a call to a disabled, unconnected or deleted target fails after 0–6999 ms with long delays
 *       on (Raft tests), otherwise after 0–99 ms;</li>
 *   <li>long reordering delays 2/3 of replies by 200–2199 ms (skewed low);</li>
 *   <li>a handler still running is abandoned (the call fails) within 100 ms of its end being
 *       disabled or its server deleted; a deleted or replaced server never acknowledges a call.</li>
 * </ul>
 */
public final class Network implements RpcTransport {
    public static final int SHORT_DELAY_MS = 27;
    public static final int LONG_DELAY_MS = 7000;
    public static final int SHORT_FAIL_DELAY_MS = 100;
    public static final int HANDLER_CHECK_MS = 100;

    private final World world;
    private final Random random;
    private final Map<String, EndState> ends = new HashMap<>();
    private final Map<String, Server> servers = new HashMap<>();
    private final Map<String, Long> counts = new HashMap<>();
    private final List<NetworkObserver> observers = new ArrayList<>();
    private final List<SendObserver> sendObservers = new ArrayList<>();
    private final List<Hold> holds = new ArrayList<>();
    private final List<Hold> requestHolds = new ArrayList<>();
    private boolean reliable = true;
    private boolean longDelays;
    private boolean longReordering;
    private boolean closed;
    private long totalCalls;
    private long totalBytes;
    private long largestMessage;
    private long nextCallId;

    private static final class EndState {
        final ClientEnd end;
        boolean enabled;
        String server;

        EndState(ClientEnd end) {
            this.end = end;
        }
    }

    public Network(World world) {
        this.world = world;
        this.random = world.randomStream("network");
    }

    public World world() {
        return world;
    }

    /** A new end owned by the node whose runtime is given; it starts disabled and unconnected. */
    public synchronized ClientEnd makeEnd(String name, raftlab.labrpc.runtime.Runtime owner) {
        if (ends.containsKey(name)) {
            throw new IllegalArgumentException("an end named " + name + " already exists");
        }
        ClientEnd end = new ClientEnd(this, name, owner);
        ends.put(name, new EndState(end));
        return end;
    }

    public synchronized void deleteEnd(String name) {
        ends.remove(name);
    }

    public synchronized void connect(String endName, String serverName) {
        state(endName).server = serverName;
    }

    public synchronized void enable(String endName, boolean enabled) {
        state(endName).enabled = enabled;
    }

    public synchronized boolean enabled(String endName) {
        EndState s = ends.get(endName);
        return s != null && s.enabled;
    }

    public synchronized void addServer(String name, Server server) {
        servers.put(name, server);
    }

    /** Removes a server, as a crash does: its pending calls fail and it never acknowledges again. */
    public synchronized void deleteServer(String name) {
        servers.remove(name);
    }

    public synchronized void reliable(boolean yes) {
        reliable = yes;
    }

    public synchronized boolean isReliable() {
        return reliable;
    }

    public synchronized void longDelays(boolean yes) {
        longDelays = yes;
    }

    public synchronized void longReordering(boolean yes) {
        longReordering = yes;
    }

    public synchronized void observe(NetworkObserver observer) {
        observers.add(observer);
    }

    public synchronized void observeSends(SendObserver observer) {
        sendObservers.add(observer);
    }

    /**
     * A tester's hand on the network: replies of {@code method} from {@code serverName} to calls made
     * by {@code callerNode} are parked instead of delivered, until {@link Hold#release()}. This is how
     * a test makes one reply arrive late — after a term change, say — without relying on chance.
     */
    public synchronized Hold holdReplies(String callerNode, String serverName, String method) {
        Hold h = new Hold(this, world, holds, callerNode, serverName, method, Integer.MAX_VALUE);
        holds.add(h);
        return h;
    }

    /**
     * The next {@code count} requests of {@code method} from {@code callerNode} to {@code serverName}
     * are parked instead of delivered; {@link Hold#release()} delivers them then. This is how a test
     * makes an old copy of a request arrive after its caller has given up on it and moved on (what
     * 6.5840's long delays do by chance), and the caller's call fails only by its own timeout.
     */
    public synchronized Hold holdRequests(String callerNode, String serverName, String method, int count) {
        Hold h = new Hold(this, world, requestHolds, callerNode, serverName, method, count);
        requestHolds.add(h);
        return h;
    }

    /** RPCs delivered to the named server (including ones whose reply was then lost). */
    public synchronized long count(String serverName) {
        return counts.getOrDefault(serverName, 0L);
    }

    /** Every call that entered the network, delivered or not. */
    public synchronized long totalCount() {
        return totalCalls;
    }

    /** The largest request or delivered reply so far (bytes). */
    public synchronized long largestMessage() {
        return largestMessage;
    }

    /** Request bytes of every call plus reply bytes of every reply delivered. */
    public synchronized long totalBytes() {
        return totalBytes;
    }

    /** Shuts the network: pending and future calls fail. */
    public synchronized void cleanup() {
        closed = true;
    }

    private EndState state(String endName) {
        EndState s = ends.get(endName);
        if (s == null) {
            throw new IllegalArgumentException("no end named " + endName);
        }
        return s;
    }

    /** One call in flight. */
    private final class Call {
        final long id;
        final ClientEnd end;
        final String method;
        final Type replyType;
        final CompletableFuture<Object> result;
        final AtomicBoolean settled = new AtomicBoolean();
        /** The handler has answered: from here on only reply loss, reordering or a hold can delay it. */
        volatile boolean handled;

        Call(long id, ClientEnd end, String method, Type replyType) {
            this.id = id;
            this.end = end;
            this.method = method;
            this.replyType = replyType;
            this.result = new LabFuture<>(world::reportFailure, end.owner()::execute);
        }

        void fail(String reason) {
            if (settled.compareAndSet(false, true)) {
                world.trace().event("fail").put("id", id).put("from", end.owner().name())
                        .put("rpc", method).put("why", reason).emit();
                result.completeExceptionally(new RpcException(method + ": " + reason));
            }
        }

        void succeed(String replyJson, String serverName) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            synchronized (Network.this) {
                totalBytes += Codec.byteLength(replyJson);
                largestMessage = Math.max(largestMessage, Codec.byteLength(replyJson));
            }
            Object copy = Codec.decode(replyJson, replyType);
            world.trace().event("reply").put("id", id).put("from", serverName).put("to", end.owner().name())
                    .put("rpc", method).put("bytes", Codec.byteLength(replyJson)).emit();
            result.complete(copy);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> call(ClientEnd end, String method, Object args, Type argType, Type replyType) {
        String argsJson = Codec.encode(args); // copied now: later changes by the caller do not travel
        int argBytes = Codec.byteLength(argsJson);
        EndState s;
        Server server;
        String serverName;
        boolean deliver;
        long delay;
        Call call;
        List<SendObserver> watching;
        synchronized (this) {
            watching = sendObservers.isEmpty() ? List.of() : List.copyOf(sendObservers);
            totalCalls++;
            totalBytes += argBytes;
            largestMessage = Math.max(largestMessage, argBytes);
            call = new Call(++nextCallId, end, method, replyType);
            s = ends.get(end.name());
            serverName = s == null ? null : s.server;
            server = serverName == null ? null : servers.get(serverName);
            deliver = !closed && s != null && s.enabled && server != null;
            if (deliver) {
                delay = reliable ? 0 : random.nextInt(SHORT_DELAY_MS);
            } else {
                delay = random.nextInt(longDelays ? LONG_DELAY_MS : SHORT_FAIL_DELAY_MS);
            }
        }
        boolean oversized = argBytes > MAX_MESSAGE_BYTES; // a node's bug, not a network fault: the run fails with the reason
        TraceEvent sent = world.trace().event("send").put("id", call.id).put("from", end.owner().name())
                .put("to", serverName == null ? "?" : serverName).put("rpc", method).put("bytes", argBytes)
                .put("reachable", deliver && !oversized);
        (oversized ? sent : sent.putJson("args", argsJson)).emit();
        if (oversized) {
            String why = RpcTransport.tooLarge(end.owner().name() + "'s " + method + " arguments", argBytes);
            world.reportFailure(new IllegalStateException(why));
            world.schedule(0, () -> call.fail(why));
            return (CompletableFuture<R>) call.result;
        }
        for (SendObserver o : watching) {
            o.sent(end.owner().name(), serverName, method, deliver, () -> Codec.decode(argsJson, argType));
        }
        if (deliver && parkRequest(call, serverName, () -> {
            if (stillReachable(s, serverName, server)) {
                deliver(call, s, serverName, server, argsJson, argType);
            } else {
                call.fail("target unreachable");
            }
        })) {
            world.trace().event("held").put("id", call.id).put("rpc", method).emit();
        } else if (deliver) {
            world.schedule(delay, () -> deliver(call, s, serverName, server, argsJson, argType));
        } else {
            world.schedule(delay, () -> call.fail(closed ? "network shut down" : "target unreachable"));
        }
        return (CompletableFuture<R>) call.result;
    }

    private void deliver(Call call, EndState end, String serverName, Server server, String argsJson, Type argType) {
        boolean dropRequest;
        synchronized (this) {
            dropRequest = !reliable && random.nextInt(1000) < 100;
            if (!dropRequest) {
                counts.merge(serverName, 1L, Long::sum);
            }
        }
        if (dropRequest) {
            call.fail("request lost");
            return;
        }
        server.spec(call.method); // unknown methods fail loudly, naming what the server offers
        Object args = Codec.decode(argsJson, argType);
        world.trace().event("deliver").put("id", call.id).put("to", serverName).put("rpc", call.method).emit();
        server.runtime().execute(() -> server.invoke(call.method, args).whenComplete((reply, error) -> {
            try {
                if (error != null) {
                    call.fail("handler threw " + error);
                    world.reportFailure(new IllegalStateException(call.method + " handler on " + serverName + " threw "
                            + Thrown.describe(error), error));
                    return;
                }
                String replyJson = Codec.encode(reply);
                call.handled = true;
                // The answer as it left the handler: its content shows even if the reply is then lost or delayed.
                world.trace().event("handled").put("id", call.id).put("at", serverName).put("rpc", call.method)
                        .putJson("reply", replyJson).emit();
                if (isCurrent(serverName, server)) { // a crashed incarnation's late answer reaches nobody: watchers ignore it
                    notifyObservers(call, serverName, args, replyJson);
                }
                world.schedule(0, () -> finish(call, end, serverName, server, replyJson));
            } catch (RuntimeException | Error e) {
                call.fail("reply could not be sent: " + e);
                world.reportFailure(e);
            }
        }));
        watch(call, end, serverName, server);
    }

    /** Abandons a call whose handler is still running once its end is disabled or its server is gone. */
    private void watch(Call call, EndState end, String serverName, Server server) {
        world.schedule(HANDLER_CHECK_MS, () -> {
            if (call.settled.get() || call.handled) {
                return;
            }
            if (!stillReachable(end, serverName, server)) {
                call.fail("server crashed or disconnected while handling");
            } else {
                watch(call, end, serverName, server);
            }
        });
    }

    private synchronized boolean isCurrent(String serverName, Server server) {
        return servers.get(serverName) == server;
    }

    private synchronized boolean stillReachable(EndState end, String serverName, Server server) {
        return !closed && end.enabled && servers.get(serverName) == server;
    }

    private void finish(Call call, EndState end, String serverName, Server server, String replyJson) {
        boolean dropReply;
        String reason = "reply lost";
        long reorderDelay = 0;
        synchronized (this) {
            if (closed || servers.get(serverName) != server) {
                dropReply = true; // never acknowledge for a server that was deleted meanwhile
                reason = "server deleted before replying";
            } else {
                dropReply = !reliable && random.nextInt(1000) < 100;
                if (!dropReply && longReordering && random.nextInt(900) < 600) {
                    reorderDelay = 200 + random.nextInt(1 + random.nextInt(2000));
                }
            }
        }
        if (!dropReply && park(call, serverName, () -> call.succeed(replyJson, serverName))) {
            return;
        }
        if (dropReply) {
            call.fail(reason);
        } else if (reorderDelay > 0) {
            world.schedule(reorderDelay, () -> call.succeed(replyJson, serverName));
        } else {
            call.succeed(replyJson, serverName);
        }
    }

    private synchronized boolean parkRequest(Call call, String serverName, Runnable delivery) {
        for (Hold h : List.copyOf(requestHolds)) {
            if (h.matches(call.end.owner().name(), serverName, call.method)) {
                h.park(delivery, () -> call.fail("request lost (dropped by the tester)"));
                return true;
            }
        }
        return false;
    }

    private synchronized boolean park(Call call, String serverName, Runnable delivery) {
        for (Hold h : holds) {
            if (h.matches(call.end.owner().name(), serverName, call.method)) {
                h.park(delivery, () -> call.fail("reply lost (dropped by the tester)"));
                world.trace().event("hold").put("id", call.id).put("from", serverName).put("rpc", call.method).emit();
                return true;
            }
        }
        return false;
    }

    private void notifyObservers(Call call, String serverName, Object args, String replyJson) {
        List<NetworkObserver> copy;
        synchronized (this) {
            copy = List.copyOf(observers);
        }
        if (copy.isEmpty()) {
            return;
        }
        Object reply = Codec.decode(replyJson, call.replyType);
        for (NetworkObserver o : copy) {
            o.handled(call.end.owner().name(), serverName, call.method, args, reply);
        }
    }
}
