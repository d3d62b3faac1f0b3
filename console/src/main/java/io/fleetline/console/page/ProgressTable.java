package io.fleetline.console.page;

import io.fleetline.console.html.Html;
import io.fleetline.console.live.JobProgress;
import io.fleetline.jobs.execution.ExecutionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A job's executions by status as an accessible table: on the page beside the chart, and what each live update
 * swaps in (the chart reads its points from the table, so what is drawn is what is written).
 */
public final class ProgressTable {
    private ProgressTable() {
    }

    public static Html render(JobProgress.Sample sample) {
        List<Html> rows = new ArrayList<>();
        for (ExecutionStatus status : ExecutionStatus.values()) {
            rows.add(Html.of("<tr data-status=\"{}\"><th scope=\"row\">{}</th><td data-count=\"{}\">{}</td></tr>",
                    status, words(status), sample.count(status), sample.count(status)));
        }
        return Html.of("""
                <table id="progress-counts" data-at="{}"><caption>Executions by status at {}</caption>
                <thead><tr><th scope="col">Status</th><th scope="col">Devices</th></tr></thead><tbody>{}</tbody></table>""",
                sample.at().toEpochMilli(), Layout.time(sample.at()), rows);
    }

    /** The samples so far, one row each: the chart's history, and its text alternative. */
    static Html history(List<JobProgress.Sample> samples) {
        List<Html> header = new ArrayList<>();
        for (ExecutionStatus status : ExecutionStatus.values()) {
            header.add(Html.of("<th scope=\"col\" data-status=\"{}\">{}</th>", status, words(status)));
        }
        List<Html> rows = samples.stream().map(sample -> {
            List<Html> cells = new ArrayList<>();
            for (ExecutionStatus status : ExecutionStatus.values()) {
                cells.add(Html.of("<td>{}</td>", sample.count(status)));
            }
            return Html.of("<tr data-at=\"{}\"><th scope=\"row\">{}</th>{}</tr>", sample.at().toEpochMilli(),
                    Layout.time(sample.at()), cells);
        }).toList();
        return Html.of("""
                <table id="progress-history"><caption>Counts each time they changed</caption>
                <thead><tr><th scope="col">Time</th>{}</tr></thead><tbody>{}</tbody></table>""", header, rows);
    }

    static String words(ExecutionStatus status) {
        String lower = status.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
