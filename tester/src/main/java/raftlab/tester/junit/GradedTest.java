package raftlab.tester.junit;

import java.lang.reflect.Method;

/** A graded test's identity, read from its method and {@link Graded} annotation. */
public record GradedTest(String id, String name, int lab, String part, int points, String description,
                         String className, String methodName, boolean optional) {

    public static GradedTest of(Method method) {
        Graded g = method.getAnnotation(Graded.class);
        if (g == null) {
            throw new IllegalArgumentException(method + " is not @Graded");
        }
        String name = Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
        return new GradedTest("lab" + g.lab() + "." + name, name, g.lab(), g.part(), g.points(), g.description(),
                method.getDeclaringClass().getName(), method.getName(), g.optional());
    }

    /** The test method itself. */
    public Method javaMethod() {
        try {
            Class<?> c = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(methodName) && m.isAnnotationPresent(Graded.class)) {
                    return m;
                }
            }
            throw new IllegalStateException("no graded method " + methodName + " in " + className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the class path", e);
        }
    }

    /** The command that reruns this test alone with one seed. */
    public String reproduceCommand(long seed, String mode) {
        return "./raftlab test lab" + lab + " " + name + " --seed " + seed + ("real".equals(mode) ? " --mode real" : "")
                + (RunSettings.referenceRaft() ? " --raft reference" : "");
    }
}
