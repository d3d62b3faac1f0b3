package io.fleetline.simulator.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A report as one self-contained HTML page: inline CSS, the rollout timeline as an inline SVG chart (the jobs'
 * executions by status over time), and the cohort and job tables. Nothing is fetched from anywhere.
 */
public final class ReportHtml {
    /** The statuses charted, in legend order, with their colours. */
    private static final Map<String, String> COLOURS = colours();
    private static final int WIDTH = 900;
    private static final int HEIGHT = 320;
    private static final int MARGIN = 48;

    private ReportHtml() {
    }

    private static Map<String, String> colours() {
        Map<String, String> colours = new LinkedHashMap<>();
        colours.put("QUEUED", "#9e9e9e");
        colours.put("IN_PROGRESS", "#1e88e5");
        colours.put("SUCCEEDED", "#43a047");
        colours.put("FAILED", "#e53935");
        colours.put("TIMED_OUT", "#fb8c00");
        colours.put("REJECTED", "#6d4c41");
        colours.put("CANCELED", "#8e24aa");
        colours.put("REMOVED", "#212121");
        return colours;
    }

    public static void write(Report report, Path file) throws IOException {
        Files.writeString(file, write(report));
    }

    public static String write(Report report) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <title>Fleetline simulation: %1$s</title>
                <style>
                body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
                table{border-collapse:collapse;margin:.5em 0 1.5em}
                th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}
                th:first-child,td:first-child{text-align:left}
                .legend span{display:inline-block;margin-right:1.2em}
                .legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em}
                svg text{font:11px sans-serif;fill:#555}
                </style></head><body>
                <h1>Fleet %1$s</h1>
                <p>%2$d devices, seed %3$d, from %4$s to %5$s; stopped: %6$s. Provisioning: %7$d made, %8$d reused,
                %9$.1f s.</p>
                <h2>Rollout timeline</h2>
                %10$s
                <h2>Cohorts</h2>
                %11$s
                %12$s
                </body></html>
                """.formatted(escape(report.group()), report.fleet(), report.seed(), report.startedAt(),
                report.endedAt(), escape(report.stoppedBecause()), report.provisioning().created(),
                report.provisioning().reused(), report.provisioning().seconds(), chart(report.timeline()),
                cohortTable(report.cohorts()), jobTables(report.jobs()));
    }

    /** Executions by status over time: a line per status that ever had one. */
    static String chart(List<Report.TimelinePoint> timeline) {
        if (timeline.isEmpty()) {
            return "<p>No job was seen.</p>";
        }
        long max = Math.max(1, timeline.stream().flatMap(p -> p.executions().values().stream())
                .mapToLong(Long::longValue).max().orElse(1));
        long span = Math.max(1, Duration.between(timeline.getFirst().at(), timeline.getLast().at()).toMillis());
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
                        + "aria-label=\"executions by status over time\">%n", WIDTH, HEIGHT));
        axes(svg, max, span);
        StringBuilder legend = new StringBuilder("<p class=\"legend\">");
        COLOURS.forEach((status, colour) -> {
            if (timeline.stream().noneMatch(p -> p.executions().getOrDefault(status, 0L) > 0)) {
                return;
            }
            String points = timeline.stream().map(p -> String.format(Locale.ROOT, "%.1f,%.1f",
                    x(Duration.between(timeline.getFirst().at(), p.at()).toMillis(), span),
                    y(p.executions().getOrDefault(status, 0L), max))).collect(Collectors.joining(" "));
            svg.append(String.format(Locale.ROOT, "<polyline data-status=\"%s\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"2\" points=\"%s\"/>%n", status, colour, points));
            legend.append(String.format("<span><i style=\"background:%s\"></i>%s</span>", colour, status));
        });
        return svg.append("</svg>\n").append(legend).append("</p>").toString();
    }

    private static void axes(StringBuilder svg, long max, long spanMillis) {
        int bottom = HEIGHT - MARGIN;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", MARGIN, MARGIN, MARGIN, bottom,
                MARGIN, bottom, WIDTH - MARGIN, bottom));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>%n"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n", MARGIN - 6, MARGIN + 4, max, MARGIN - 6,
                bottom + 4));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">0 s</text>%n"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f s</text>%n", MARGIN, bottom + 18, WIDTH - MARGIN,
                bottom + 18, spanMillis / 1000.0));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time since the first"
                + " sample</text>%n", WIDTH / 2, HEIGHT - 10));
    }

    private static double x(long millis, long spanMillis) {
        return MARGIN + (WIDTH - 2.0 * MARGIN) * millis / spanMillis;
    }

    private static double y(long count, long max) {
        return HEIGHT - MARGIN - (HEIGHT - 2.0 * MARGIN) * count / max;
    }

    private static String cohortTable(List<Report.CohortSummary> cohorts) {
        StringBuilder table = new StringBuilder("<table><tr><th>cohort</th><th>devices</th><th>power cycles</th>"
                + "<th>reconnects</th><th>versions at the end</th></tr>\n");
        for (Report.CohortSummary c : cohorts) {
            table.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td>"
                    + "</tr>%n", escape(c.cohort()), c.devices(), c.powerCycles(), c.reconnects(), counts(c.versions())));
        }
        return table.append("</table>").toString();
    }

    private static String jobTables(List<Report.JobOutcome> jobs) {
        StringBuilder html = new StringBuilder();
        for (Report.JobOutcome job : jobs) {
            html.append(String.format("<h2>Job %s (%s)</h2>%n<table><tr><th>cohort</th><th>devices</th><th>p50 s</th>"
                    + "<th>p95 s</th><th>max s</th><th>retries</th><th>outcomes</th></tr>%n", escape(job.jobId()),
                    escape(job.status())));
            for (Report.CohortOutcome c : job.cohorts()) {
                html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.1f</td><td>%.1f</td>"
                        + "<td>%.1f</td><td>%d</td><td>%s</td></tr>%n", escape(c.cohort()), c.devices(),
                        c.seconds().p50(), c.seconds().p95(), c.seconds().max(), c.retries(), counts(c.outcomes())));
            }
            html.append("</table>\n");
        }
        return html.toString();
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> escape(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
