package io.fleetline.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    /** Ten healthy devices updated, four failing ones rolled back, two never reached. */
    private static Report report() {
        List<Facts.Device> devices = new ArrayList<>();
        List<Facts.Execution> executions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            devices.add(new Facts.Device("ok-" + i, "healthy", "2.0.0", 1, 0));
            executions.add(new Facts.Execution("ok-" + i, "SUCCEEDED", i == 9 ? 2 : 0, T0,
                    T0.plusSeconds(10 + i * 10L)));
        }
        for (int i = 0; i < 6; i++) {
            devices.add(new Facts.Device("bad-" + i, "failHealthCheck", "1.0.0", i < 4 ? 2 : 0, 1));
            if (i < 4) {
                executions.add(new Facts.Execution("bad-" + i, "FAILED", 0, T0, T0.plusSeconds(30)));
            }
        }
        List<Report.TimelinePoint> timeline = List.of(
                new Report.TimelinePoint(T0, Map.of("QUEUED", 14L)),
                new Report.TimelinePoint(T0.plusSeconds(50), Map.of("IN_PROGRESS", 7L, "SUCCEEDED", 5L, "FAILED", 2L)),
                new Report.TimelinePoint(T0.plusSeconds(100), Map.of("SUCCEEDED", 10L, "FAILED", 4L)));
        Report header = new Report("Hubs<&>", 0, 7, T0, T0.plusSeconds(100), "settled",
                new Report.Provisioning(16, 0, 1.5), List.of(), List.of(), timeline);
        return Facts.report(header, devices, List.of(new Facts.Job("fw-2", "CANCELED", executions)));
    }

    @Test
    void counts_each_cohorts_outcomes_versions_and_retries() {
        Report report = report();

        assertThat(report.fleet()).isEqualTo(16);
        assertThat(report.cohorts()).extracting(Report.CohortSummary::cohort).containsExactly("healthy",
                "failHealthCheck");
        assertThat(report.cohorts().get(1).versions()).isEqualTo(Map.of("1.0.0", 6L));
        assertThat(report.cohorts().get(1).powerCycles()).isEqualTo(8);
        Report.JobOutcome job = report.jobs().getFirst();
        assertThat(job.cohorts().get(0).outcomes()).isEqualTo(Map.of("SUCCEEDED", 10L));
        assertThat(job.cohorts().get(0).retries()).isEqualTo(2);
        assertThat(job.cohorts().get(1).outcomes()).isEqualTo(Map.of("FAILED", 4L, Report.NOT_REACHED, 2L));
    }

    @Test
    void takes_nearest_rank_percentiles_of_the_ended_executions() {
        Report.Percentiles seconds = report().jobs().getFirst().cohorts().getFirst().seconds();

        assertThat(seconds).isEqualTo(new Report.Percentiles(50, 100, 100));
        assertThat(Report.Percentiles.of(List.of())).isEqualTo(new Report.Percentiles(0, 0, 0));
        assertThat(Report.Percentiles.of(List.of(3.0))).isEqualTo(new Report.Percentiles(3, 3, 3));
    }

    @Test
    void writes_json_with_iso_times_and_every_section() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportJson.write(report()));

        assertThat(json.path("startedAt").asText()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(json.path("stoppedBecause").asText()).isEqualTo("settled");
        assertThat(json.path("provisioning").path("created").asInt()).isEqualTo(16);
        assertThat(json.path("cohorts").get(1).path("versions").path("1.0.0").asLong()).isEqualTo(6);
        JsonNode failing = json.path("jobs").get(0).path("cohorts").get(1);
        assertThat(failing.path("outcomes").path("NOT_REACHED").asLong()).isEqualTo(2);
        assertThat(failing.path("seconds").path("p95").asDouble()).isEqualTo(30.0);
        assertThat(json.path("timeline")).hasSize(3);
        assertThat(json.path("timeline").get(2).path("executions").path("SUCCEEDED").asLong()).isEqualTo(10);
    }

    @Test
    void writes_a_self_contained_page_whose_chart_draws_each_status_that_occurred() {
        String html = ReportHtml.write(report());

        assertThat(html).doesNotContain("src=", "href=", "<link", "@import", "url(");
        assertThat(html).contains("Fleet Hubs&lt;&amp;&gt;").doesNotContain("Hubs<&>");
        assertThat(html).contains("data-status=\"QUEUED\"", "data-status=\"IN_PROGRESS\"",
                "data-status=\"SUCCEEDED\"", "data-status=\"FAILED\"").doesNotContain("data-status=\"TIMED_OUT\"");
        // SUCCEEDED on a plot from y 272 (0) to y 48 (14, the most): 0 at the start, 5 half-way, 10 at the end (x 852)
        assertThat(html).contains("points=\"48.0,272.0 450.0,192.0 852.0,112.0\"");
        assertThat(html).contains("<td>failHealthCheck</td><td>6</td>", "FAILED 4, NOT_REACHED 2");
    }

    @Test
    void prints_a_line_per_cohort_and_per_job_cohort() {
        String text = ReportText.write(report());

        assertThat(text).contains("Job fw-2 (CANCELED)");
        assertThat(text.lines().filter(l -> l.startsWith("failHealthCheck"))).hasSize(2);
        assertThat(text).contains("FAILED 4, NOT_REACHED 2");
    }
}
