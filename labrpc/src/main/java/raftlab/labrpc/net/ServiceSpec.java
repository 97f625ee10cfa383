package raftlab.labrpc.net;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of an RPC service interface: each abstract method takes one argument and returns
 * {@code CompletableFuture<Reply>}. Methods are addressed as {@code Interface.method}.
 */
final class ServiceSpec {
    private static final Map<Class<?>, ServiceSpec> CACHE = new ConcurrentHashMap<>();

    record MethodSpec(String key, Method method, Type argType, Type replyType) {
    }

    final String name;
    final Map<String, MethodSpec> methods = new TreeMap<>();

    private ServiceSpec(Class<?> iface) {
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " must be an interface to be an RPC service");
        }
        this.name = iface.getSimpleName();
        for (Method m : iface.getMethods()) {
            if (!Modifier.isAbstract(m.getModifiers())) {
                continue;
            }
            String where = iface.getSimpleName() + "." + m.getName();
            if (m.getParameterCount() != 1) {
                throw new IllegalArgumentException(where + " must take exactly one argument (the request message)");
            }
            Type ret = m.getGenericReturnType();
            if (!(ret instanceof ParameterizedType p) || p.getRawType() != CompletableFuture.class) {
                throw new IllegalArgumentException(where + " must return CompletableFuture<Reply>");
            }
            String key = name + "." + m.getName();
            if (methods.containsKey(key)) {
                throw new IllegalArgumentException(where + " is overloaded; RPC methods need unique names");
            }
            methods.put(key, new MethodSpec(key, m, m.getGenericParameterTypes()[0], p.getActualTypeArguments()[0]));
        }
    }

    static ServiceSpec of(Class<?> iface) {
        return CACHE.computeIfAbsent(iface, ServiceSpec::new);
    }

    MethodSpec method(Method m) {
        return methods.get(name + "." + m.getName());
    }
}
