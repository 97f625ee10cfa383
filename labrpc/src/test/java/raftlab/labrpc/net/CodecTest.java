package raftlab.labrpc.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CodecTest {
    static final class WithTransient {
        transient int lost = 5;
        int kept = 6;
    }

    static final class WithObject {
        Object anything = 1;
    }

    @SuppressWarnings("rawtypes")
    static final class WithRawList {
        List items = List.of();
    }

    record Command(String op, long n) {
    }

    @Test
    void copiesAreDeepAndEqual() {
        Echo.Args a = new Echo.Args("deep", 1, List.of(1, 2));
        Echo.Args b = Codec.copy(a, Echo.Args.class);
        assertEquals(a, b);
        assertNotSame(a, b);
        assertNotSame(a.list(), b.list());
    }

    @Test
    void opaqueKeepsTheTypeOfRegisteredValues() {
        record Holder(Opaque v) {
        }
        Codec.register(Command.class);
        for (Object v : List.of(42, 42L, "text", true, new Command("put", 3))) {
            Holder h = Codec.copy(new Holder(Opaque.of(v)), Holder.class);
            assertEquals(v, h.v().value());
            assertEquals(v.getClass(), h.v().value().getClass());
        }
        byte[] bytes = {1, 2, 3};
        assertArrayEquals(bytes, (byte[]) Codec.copy(new Holder(Opaque.of(bytes)), Holder.class).v().value());
    }

    @Test
    void unregisteredOpaqueTypesAreRefusedClearly() {
        record Unknown(int x) {
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Opaque.of(new Unknown(1)));
        assertTrue(e.getMessage().contains("Codec.register"), e.getMessage());
        assertThrows(com.google.gson.JsonParseException.class,
                () -> Codec.decode("[\"java.lang.Runtime\", {}]", Opaque.class));
    }

    @Test
    void warnsAboutStateThatWouldNotTravel() {
        Codec.encode(new WithTransient());
        Codec.encode(new WithObject());
        Codec.encode(new WithRawList());
        List<String> w = Codec.warnings();
        assertTrue(w.stream().anyMatch(s -> s.contains("lost") && s.contains("transient")), w.toString());
        assertTrue(w.stream().anyMatch(s -> s.contains("anything") && s.contains("Opaque")), w.toString());
        assertTrue(w.stream().anyMatch(s -> s.contains("items") && s.contains("raw")), w.toString());
    }

    /** A handler that hands back one mutable reply object for every call. */
    public interface Reuse {
        final class Reply {
            public int value;
        }

        CompletableFuture<Reply> get(String key);
    }

    @Test
    void warnsWhenAHandlerReusesAMutableReply() {
        Reuse.Reply shared = new Reuse.Reply();
        try (NetFixture f = new NetFixture(true, 1)) {
            f.net.addServer("reuse", new Server(f.serverRuntime).add(Reuse.class, key -> CompletableFuture.completedFuture(shared)));
            ClientEnd end = f.net.makeEnd("reuse-end", f.client);
            f.net.connect("reuse-end", "reuse");
            f.net.enable("reuse-end", true);
            f.result(end.stub(Reuse.class).get("a"));
            f.result(end.stub(Reuse.class).get("b"));
        }
        assertTrue(Codec.warnings().stream().anyMatch(s -> s.contains("same mutable reply")), Codec.warnings().toString());
    }

    @Test
    void malformedServiceInterfacesAreRejectedWithTheReason() {
        interface TwoArgs {
            CompletableFuture<String> m(String a, String b);
        }
        interface NotAFuture {
            String m(String a);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Service.of(TwoArgs.class, (a, b) -> null))
                .getMessage().contains("exactly one argument"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Service.of(NotAFuture.class, a -> a))
                .getMessage().contains("CompletableFuture"));
    }

    @Test
    void byteLengthIsUtf8Length() {
        for (String s : List.of("", "abc", "é", "€", "😀", "a€😀é")) {
            assertEquals(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, Codec.byteLength(s), s);
        }
    }
}
