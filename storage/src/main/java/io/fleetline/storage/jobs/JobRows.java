package io.fleetline.storage.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobConfigJson;
import io.fleetline.jobs.job.JobStatus;
import io.fleetline.jobs.job.TargetSelection;
import io.fleetline.jobs.rollout.RolloutState;
import io.fleetline.jobs.plan.JobPlanJson;
import io.fleetline.jobs.plan.PlanState;
import io.fleetline.jobs.template.JobTemplate;
import io.fleetline.storage.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Rows to jobs, executions and templates. Times are epoch milliseconds; a rollout rate of -1 is "no limit". */
final class JobRows {
    static final String JOB_COLUMNS = "job_id, status, target_selection, targets, document, description, config,"
            + " force_canceled, reason_code, comment, created_at, last_updated_at, completed_at, namespace_id,"
            + " job_template_arn, document_parameters, rollout_rate, rollout_allowance, rollout_refilled_at,"
            + " rollout_notified_mark, rollout_succeeded_mark";
    static final String EXECUTION_COLUMNS = "job_id, thing_name, status, execution_number, status_details, queued_at,"
            + " started_at, last_updated_at, version_number, force_canceled, retry_attempt, step_timeout_at,"
            + " in_progress_timeout_at";
    static final String ATTEMPT_COLUMNS = "job_id, thing_name, status, execution_number, status_details, queued_at,"
            + " started_at, last_updated_at, version_number, force_canceled, retry_attempt, NULL AS step_timeout_at,"
            + " NULL AS in_progress_timeout_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobRows() {
    }

    static Job job(ResultSet rs) throws SQLException {
        double rate = rs.getDouble("rollout_rate");
        double allowance = rs.getDouble("rollout_allowance");
        RolloutState rollout = new RolloutState(rate < 0 ? Double.POSITIVE_INFINITY : rate,
                allowance < 0 ? Double.POSITIVE_INFINITY : allowance, instant(rs, "rollout_refilled_at").orElseThrow(),
                rs.getLong("rollout_notified_mark"), rs.getLong("rollout_succeeded_mark"));
        return new Job(rs.getString("job_id"), JobStatus.valueOf(rs.getString("status")),
                TargetSelection.valueOf(rs.getString("target_selection")), Json.list(rs.getString("targets")),
                rs.getString("document"), Optional.ofNullable(rs.getString("description")),
                JobConfigJson.read(tree(rs.getString("config"))), rs.getInt("force_canceled") != 0,
                Optional.ofNullable(rs.getString("reason_code")), Optional.ofNullable(rs.getString("comment")),
                instant(rs, "created_at").orElseThrow(), instant(rs, "last_updated_at").orElseThrow(),
                instant(rs, "completed_at"), Optional.ofNullable(rs.getString("namespace_id")),
                Optional.ofNullable(rs.getString("job_template_arn")), Json.map(rs.getString("document_parameters")),
                rollout);
    }

    static JobExecution execution(ResultSet rs) throws SQLException {
        return new JobExecution(rs.getString("job_id"), rs.getString("thing_name"), rs.getLong("execution_number"),
                ExecutionStatus.valueOf(rs.getString("status")), Json.map(rs.getString("status_details")),
                instant(rs, "queued_at").orElseThrow(), instant(rs, "started_at"),
                instant(rs, "last_updated_at").orElseThrow(), rs.getLong("version_number"),
                rs.getInt("force_canceled") != 0, rs.getInt("retry_attempt"), instant(rs, "step_timeout_at"),
                instant(rs, "in_progress_timeout_at"));
    }

    static JobTemplate template(ResultSet rs) throws SQLException {
        return new JobTemplate(rs.getString("template_id"), rs.getString("description"), rs.getString("document"),
                JobConfigJson.read(tree(rs.getString("config"))), instant(rs, "created_at").orElseThrow(),
                Optional.ofNullable(rs.getString("source_job_arn")));
    }

    static PlanState plan(ResultSet rs) throws SQLException {
        String ends = rs.getString("cohort_ends");
        return new PlanState(rs.getString("job_id"), JobPlanJson.read(tree(rs.getString("plan"))),
                rs.getInt("paused") != 0, Optional.ofNullable(rs.getString("paused_reason")), rs.getInt("cohort_index"),
                rs.getInt("awaiting_approval") != 0, Optional.ofNullable(ends).map(JobRows::longs));
    }

    private static java.util.List<Long> longs(String json) {
        java.util.List<Long> values = new java.util.ArrayList<>();
        tree(json).forEach(n -> values.add(n.asLong()));
        return values;
    }

    static double storedRate(double value) {
        return Double.isInfinite(value) ? -1 : value;
    }

    static Long millis(Optional<Instant> instant) {
        return instant.map(Instant::toEpochMilli).orElse(null);
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    private static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored job configuration is corrupt", e);
        }
    }
}
