package io.fleetline.storage.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.ExecutionTerms;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobStatus;
import io.fleetline.jobs.job.TargetSelection;
import io.fleetline.jobs.rollout.RecentReleases;
import io.fleetline.jobs.rollout.RolloutState;
import io.fleetline.jobs.plan.JobPlan;
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
            + " job_template_arn, document_parameters, rollout_rate, rollout_recent, rollout_notified_mark,"
            + " rollout_succeeded_mark, document_source";
    static final String EXECUTION_COLUMNS = "job_id, thing_name, status, execution_number, status_details, queued_at,"
            + " started_at, last_updated_at, version_number, force_canceled, retry_attempt, step_timeout_at,"
            + " in_progress_timeout_at";
    static final String ATTEMPT_COLUMNS = "job_id, thing_name, status, execution_number, status_details, queued_at,"
            + " started_at, last_updated_at, version_number, force_canceled, retry_attempt, NULL AS step_timeout_at,"
            + " NULL AS in_progress_timeout_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobRows() {
    }

    /** A row of {@link #JOB_COLUMNS}, read by position: every device request reads its job. */
    static Job job(ResultSet rs) throws SQLException {
        double rate = rs.getDouble(17);
        RolloutState rollout = new RolloutState(rate < 0 ? Double.POSITIVE_INFINITY : rate, recent(rs.getString(18)),
                rs.getLong(19), rs.getLong(20));
        return new Job(rs.getString(1), JobStatus.valueOf(rs.getString(2)),
                TargetSelection.valueOf(rs.getString(3)), Json.list(rs.getString(4)),
                rs.getString(5), Optional.ofNullable(rs.getString(21)), Optional.ofNullable(rs.getString(6)),
                config(rs.getString(7)), rs.getInt(8) != 0,
                Optional.ofNullable(rs.getString(9)), Optional.ofNullable(rs.getString(10)),
                instant(rs, 11).orElseThrow(), instant(rs, 12).orElseThrow(),
                instant(rs, 13), Optional.ofNullable(rs.getString(14)),
                Optional.ofNullable(rs.getString(15)), Json.map(rs.getString(16)),
                rollout);
    }

    /** What {@link #terms} reads, from job {@code j} and job_plan {@code p} joined to it by {@link #PLAN_JOIN}. */
    static final String TERMS_COLUMNS = "j.document, j.config, p.plan";
    static final String PLAN_JOIN = " LEFT JOIN job_plan p ON p.job_id = j.job_id";

    /** A job's document, config and plan (NULL when it has none), read from {@code column} and the two after it. */
    static ExecutionTerms terms(String jobId, ResultSet rs, int column) throws SQLException {
        String plan = rs.getString(column + 2);
        return new ExecutionTerms(jobId, rs.getString(column), config(rs.getString(column + 1)),
                plan == null ? JobPlan.none() : PLANS.parsed(plan));
    }

    /** Configurations parsed once per text: every device request reads its job, and parsing checks cron and all. */
    private static final ParsedTexts<JobConfig> CONFIGS = new ParsedTexts<>(StoredJobConfig::read);
    /** Rollout plans, which come with the same reads. */
    private static final ParsedTexts<JobPlan> PLANS = new ParsedTexts<>(text -> JobPlanJson.read(tree(text)));

    private static JobConfig config(String json) {
        return CONFIGS.parsed(json);
    }

    /** Immutable values parsed from stored JSON, kept by their text; at most 1,024 before starting over. */
    private record ParsedTexts<T>(java.util.Map<String, T> byText, java.util.function.Function<String, T> parse) {
        ParsedTexts(java.util.function.Function<String, T> parse) {
            this(new java.util.concurrent.ConcurrentHashMap<>(), parse);
        }

        T parsed(String text) {
            T cached = byText.get(text);
            if (cached == null) {
                if (byText.size() > 1_024) {
                    byText.clear();
                }
                cached = parse.apply(text);
                byText.put(text, cached);
            }
            return cached;
        }
    }

    /**
     * An execution from a row of {@link #EXECUTION_COLUMNS} or {@link #ATTEMPT_COLUMNS}, read by position: it is
     * the hottest read of the device protocol, and sqlite-jdbc looks a column name up natively on every call.
     */
    static JobExecution execution(ResultSet rs) throws SQLException {
        return new JobExecution(rs.getString(1), rs.getString(2), rs.getLong(4), ExecutionStatus.valueOf(rs.getString(3)),
                Json.map(rs.getString(5)), instant(rs, 6).orElseThrow(), instant(rs, 7), instant(rs, 8).orElseThrow(),
                rs.getLong(9), rs.getInt(10) != 0, rs.getInt(11), instant(rs, 12), instant(rs, 13));
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    static JobTemplate template(ResultSet rs) throws SQLException {
        return new JobTemplate(rs.getString("template_id"), rs.getString("description"), rs.getString("document"),
                Optional.ofNullable(rs.getString("document_source")), StoredJobConfig.read(rs.getString("config")),
                instant(rs, "created_at").orElseThrow(),
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

    /** A rollout's releases of the last minute as {@code [[epochMillis, count], ...]}, oldest first. */
    static String storedRecent(RecentReleases recent) {
        if (recent.releases().isEmpty()) {
            return "[]";
        }
        StringBuilder text = new StringBuilder("[");
        for (RecentReleases.Release release : recent.releases()) {
            text.append(text.length() == 1 ? "[" : ",[").append(release.at().toEpochMilli()).append(',')
                    .append(release.count()).append(']');
        }
        return text.append(']').toString();
    }

    private static RecentReleases recent(String text) {
        if ("[]".equals(text)) {
            return RecentReleases.none();
        }
        java.util.List<RecentReleases.Release> releases = new java.util.ArrayList<>();
        tree(text).forEach(r -> releases.add(new RecentReleases.Release(Instant.ofEpochMilli(r.get(0).asLong()),
                r.get(1).asLong())));
        return new RecentReleases(releases);
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
            throw new IllegalStateException("stored JSON of a job is corrupt", e);
        }
    }
}
