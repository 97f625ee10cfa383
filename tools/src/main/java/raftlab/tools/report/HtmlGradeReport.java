package raftlab.tools.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import raftlab.tester.junit.GradedTest;

/** The score table as one self-contained HTML page ({@code report.html} next to grade.json). */
final class HtmlGradeReport {
    private HtmlGradeReport() {
    }

    static void write(Path file, GradeReport report) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>RaftLab grade</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;font-size:14px}")
                .append("td.n{text-align:right}.pass{background:#e5f4e5}.fail{background:#fbe3e3}")
                .append("pre{background:#f6f6f6;padding:8px;white-space:pre-wrap;font-size:12px}</style></head><body>");
        h.append("<h1>").append(esc(report.title())).append("</h1>");
        h.append(String.format(Locale.ROOT, "<p><b>Score %s</b>; predicted %.1f at the pass rates seen, at least %.1f with 95%%"
                        + " confidence — %.1f s wall. A test scores its points only if it passes on every run.</p><p>%s</p>",
                esc(report.scoreText().replace("/", " / ")), report.predictedScore(), report.guaranteedScore(), report.wallSeconds(),
                esc(report.predictionNote())));
        h.append("<table><tr><th>test</th><th>description</th><th>points</th><th>passed</th><th>pass rate (95%)</th>"
                + "<th>predicted</th><th>CPU/run</th><th>sim: virtual</th><th>sim: wall</th><th>real: wall</th></tr>");
        for (TestScore s : report.scores()) {
            GradedTest t = s.test();
            Prediction p = s.prediction(report.officialRuns());
            h.append("<tr class=\"").append(s.score() == t.points() ? "pass" : "fail").append("\"><td>")
                    .append(esc(t.id() + (t.optional() ? " (optional)" : ""))).append("</td><td>").append(esc(t.description())).append("</td><td class=\"n\">")
                    .append(s.score()).append(" / ").append(t.points()).append("</td><td class=\"n\">")
                    .append(s.passes()).append(" / ").append(s.runs().size()).append("</td><td class=\"n\">")
                    .append(p.intervalText()).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%.1f", p.expectedPoints(t.points()))).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%.2f s", s.meanCpuSeconds())).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%.1f s", s.meanVirtualSeconds())).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%.2f s", s.meanWallSeconds())).append("</td><td class=\"n\">")
                    .append(s.realWallSeconds() < 0 ? "–" : String.format(Locale.ROOT, "%.1f s", s.realWallSeconds()))
                    .append("</td></tr>");
        }
        h.append("</table>");
        for (TestScore s : report.scores()) {
            for (Outcome o : s.failures()) {
                h.append("<h3>").append(esc(s.test().id())).append(" — seed ").append(o.seed()).append(" (")
                        .append(o.mode().lower()).append(")").append(o.safety() ? " — safety violation" : "").append("</h3>");
                String page = GradeReport.timeline(o);
                if (page.endsWith(".html")) {
                    h.append("<p><a href=\"").append(esc(Path.of(page).toAbsolutePath().toUri().toString()))
                            .append("\">timeline of this run</a> · <code>").append(esc(s.test().reproduceCommand(o.seed(), o.mode().lower())))
                            .append("</code></p>");
                }
                h.append("<pre>").append(esc(o.message())).append("</pre>");
            }
        }
        h.append("</body></html>");
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
