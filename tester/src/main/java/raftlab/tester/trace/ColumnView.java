package raftlab.tester.trace;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A trace in the terminal, one column per server (6.824's dslogs idea, from the trace itself): each
 * event in its node's column, colored by topic; what the tester did spans the width. Options pick
 * the servers, topics and time window.
 */
public final class ColumnView {
    /** What to show; null collections mean "all". */
    public record Options(Collection<Integer> lanes, Set<String> topics, Set<String> hidden, long from, long to,
                          int width, boolean color) {
    }

    private static final int TIME = 8;

    private final Timeline timeline;

    public ColumnView(Timeline timeline) {
        this.timeline = timeline;
    }

    /** Every topic the trace has (built-in and the student's own), for validating {@code --topics}. */
    public Set<String> topics() {
        Set<String> out = new TreeSet<>(Topics.descriptions().keySet());
        timeline.entries().forEach(e -> out.add(e.topic()));
        return out;
    }

    public void print(Options o, PrintStream out) {
        List<Integer> columns = new ArrayList<>(o.lanes());
        int col = Math.max(12, (o.width() - TIME - columns.size()) / Math.max(1, columns.size()));
        StringBuilder header = new StringBuilder(pad("ms", TIME));
        for (int lane : columns) {
            header.append(' ').append(pad(timeline.lanes().get(lane).name(), col));
        }
        out.println(paint(o, Topics.TEST, header.toString().stripTrailing()));
        int shown = 0;
        for (Timeline.Entry e : timeline.entries()) {
            if (e.t() < o.from() || e.t() > o.to() || !visible(o, e.topic())) {
                continue;
            }
            if (e.lane() == Timeline.TESTER) {
                String line = pad(Long.toString(e.t()), TIME) + " ── " + e.text() + " ──";
                out.println(paint(o, e.topic(), line));
                shown++;
                continue;
            }
            int at = columns.indexOf(e.lane());
            if (at < 0) {
                continue;
            }
            List<String> wrapped = wrap(e.text(), col);
            for (int k = 0; k < wrapped.size(); k++) {
                StringBuilder row = new StringBuilder(pad(k == 0 ? Long.toString(e.t()) : "", TIME));
                row.append(" ".repeat(at * (col + 1) + 1));
                row.append(paint(o, e.topic(), wrapped.get(k)));
                out.println(row.toString().stripTrailing());
            }
            shown++;
        }
        out.println(paint(o, Topics.TEST, "(" + shown + " of " + timeline.entries().size() + " events shown)"));
        Timeline.Failure f = timeline.failure();
        if (f != null && f.t() >= o.from() && f.t() <= o.to()) {
            out.println();
            out.println(paint(o, Topics.FAILURE, f.kind().equals("safety") ? "the run ended in a safety violation:" : "the run failed:"));
            f.message().lines().forEach(out::println);
        }
    }

    private static boolean visible(Options o, String topic) {
        if (topic.equals(Topics.TEST) || topic.equals(Topics.FAILURE)) {
            return true; // what the tester did frames everything else
        }
        return (o.topics() == null || o.topics().contains(topic)) && (o.hidden() == null || !o.hidden().contains(topic));
    }

    private static String paint(Options o, String topic, String text) {
        return o.color() ? "\u001b[" + Topics.ansi(topic) + "m" + text + "\u001b[0m" : text;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** Word-wraps {@code text} into lines of at most {@code width} characters (at most 4; the rest elided). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > width) {
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        if (lines.size() > 4) {
            List<String> cut = new ArrayList<>(lines.subList(0, 4));
            String last = cut.get(3);
            cut.set(3, (last.length() >= width ? last.substring(0, width - 1) : last) + "…");
            return cut;
        }
        return lines;
    }
}
