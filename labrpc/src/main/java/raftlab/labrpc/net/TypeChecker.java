package raftlab.labrpc.net;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Walks a message type and reports what would not survive encoding (labgob's checks, for Java). */
final class TypeChecker {
    private final Consumer<String> report;
    private final Set<Type> seen = new HashSet<>();

    TypeChecker(Consumer<String> report) {
        this.report = report;
    }

    void check(Type type) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                check(arg);
            }
            check(p.getRawType());
            return;
        }
        if (type instanceof GenericArrayType g) {
            check(g.getGenericComponentType());
            return;
        }
        if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(b);
            }
            return;
        }
        if (!(type instanceof Class<?> c) || isLeaf(c)) {
            return;
        }
        if (c.isArray()) {
            check(c.getComponentType());
            return;
        }
        if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
            return; // element types are checked through the field's generic type
        }
        if (c.isAnonymousClass() || c.isLocalClass() && !c.isRecord() && !Modifier.isStatic(c.getModifiers())) {
            report.accept(c.getName() + " is an anonymous or inner local class: Gson encodes it as null; use a named class or a record");
            return;
        }
        if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
            report.accept("inner class " + c.getName() + " is not static: make it static (or a record) to travel");
        }
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                checkField(c, f);
            }
        }
    }

    private void checkField(Class<?> owner, Field f) {
        int mod = f.getModifiers();
        if (Modifier.isStatic(mod) || f.isSynthetic()) {
            return;
        }
        String where = "field " + f.getName() + " of " + owner.getSimpleName();
        if (Modifier.isTransient(mod)) {
            report.accept(where + " is transient: it will not travel in an RPC or survive persistence");
            return;
        }
        Class<?> raw = f.getType();
        boolean container = Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw);
        if (raw == Object.class || (!container && !raw.isPrimitive() && !raw.isArray()
                && (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) && !isLeaf(raw))) {
            report.accept(where + " is declared as " + raw.getSimpleName()
                    + ": the receiver cannot know which class to build; declare a concrete type, or wrap the value in Opaque");
            return;
        }
        if (container && !(f.getGenericType() instanceof ParameterizedType)) {
            report.accept(where + " is a raw " + raw.getSimpleName() + ": give it element types (e.g. List<LogEntry>)");
            return;
        }
        if (f.getGenericType() instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                if (arg == Object.class) {
                    report.accept(where + " holds elements declared as Object: they decode as maps and doubles; use a concrete type or Opaque");
                }
            }
        }
        check(f.getGenericType());
    }

    private static boolean isLeaf(Class<?> c) {
        return c.isPrimitive() || c.isEnum() || c == String.class || c == Opaque.class
                || Number.class.isAssignableFrom(c) && c.getName().startsWith("java.")
                || c == Boolean.class || c == Character.class;
    }
}
