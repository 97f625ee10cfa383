package raftlab.tester.monitor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import raftlab.tester.harness.Applied;
import raftlab.tester.kv.KvCluster;

/** Every rule a monitor enforces names the clause of the Raft paper it comes from (Figure 2, 3, 8, 13 or a section). */
class MonitorRulesTest {
    @Test
    void everyRuleNamesItsClause() throws Exception {
        List<String> rules = new ArrayList<>();
        for (Class<?> c : List.of(ElectionSafety.class, TermMonotonic.class, VoteOncePerTerm.class, LogMonitors.class,
                ProgressMonitors.class, Applied.class, KvCluster.class)) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers()) && f.getType() == String.class
                        && (f.getName().startsWith("RULE") || f.getName().equals(f.getName().toUpperCase()))
                        && !f.getName().equals("REQUIRE")) {
                    rules.add(c.getSimpleName() + "." + f.getName() + " = " + f.get(null));
                }
            }
        }
        assertTrue(rules.size() >= 18, "all the rules: " + rules);
        for (String rule : rules) {
            assertTrue(rule.matches(".*(Figure \\d+|§\\d).*"), "a rule without its clause: " + rule);
        }
    }
}
