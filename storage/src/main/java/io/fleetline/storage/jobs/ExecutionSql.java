package io.fleetline.storage.jobs;

import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.ExecutionTerms;
import io.fleetline.storage.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The job_execution table: waiting rows, the latest attempt of each (job, thing), and job_execution_attempt for the
 * attempts before it. Every read of executions leaves waiting rows out.
 */
final class ExecutionSql {
    static final String WAITING = "WAITING";
    private static final String COLUMNS = JobRows.EXECUTION_COLUMNS;

    /** Pending executions in their order; {@code status <> 'WAITING'} is the condition of the index by thing. */
    private static final String PENDING = pending("");
    /*
     * The device protocol's statements (a thing's pending list, an execution's update) go to JDBC directly: on
     * SQLite, JDBI's parsing, named binding and result machinery cost more than the database's own work on them.
     * A thing's pending list comes with each job's terms (document, configuration, plan): the device request that
     * reads the list needs them next, and on PostgreSQL a second statement is a second round trip. Columns are
     * qualified because the tables share names.
     */
    private static final String PENDING_OF_THING = "SELECT " + qualified("e", COLUMNS) + ", " + JobRows.TERMS_COLUMNS
            + " FROM job_execution e JOIN job j ON j.job_id = e.job_id" + JobRows.PLAN_JOIN + " WHERE e.thing_name = ?"
            + pending("e.");
    /** Column count of {@link #COLUMNS}: the terms follow them in {@link #PENDING_OF_THING}'s rows. */
    private static final int COLUMN_COUNT = COLUMNS.split(",").length;
    private static final String UPDATE = "UPDATE job_execution SET status = ?, execution_number = ?,"
            + " status_details = ?, queued_at = ?, started_at = ?, last_updated_at = ?, version_number = ?,"
            + " force_canceled = ?, retry_attempt = ?, step_timeout_at = ?, in_progress_timeout_at = ?, timeout_at = ?,"
            + " not_before = NULL WHERE job_id = ? AND thing_name = ?";

    private final Handle h;
    /** {@code FOR UPDATE} on the reads of rows a transaction may change, in a row-locking transaction. */
    private final String lock;

    ExecutionSql(Handle handle, boolean lockRows) {
        this.h = handle;
        this.lock = lockRows ? " FOR UPDATE" : "";
    }

    long addWaiting(String jobId, List<String> thingNames) {
        long next = nextSeq(jobId);
        PreparedBatch batch = h.prepareBatch("INSERT INTO job_execution (job_id, thing_name, seq, status, execution_number,"
                + " status_details, version_number, force_canceled, retry_attempt) VALUES (:job, :thing, :seq, 'WAITING',"
                + " 1, '{}', 0, 0, 0) ON CONFLICT (job_id, thing_name) DO NOTHING");
        for (String thing : thingNames) {
            batch.bind("job", jobId).bind("thing", thing).bind("seq", next++).add();
        }
        return thingNames.isEmpty() ? 0 : java.util.Arrays.stream(batch.execute()).sum();
    }

    /** One statement, so a job on a million things never brings them into the JVM. */
    long addWaitingFromGroups(String jobId, String groupPath) {
        long base = nextSeq(jobId);
        return h.createUpdate("INSERT INTO job_execution (job_id, thing_name, seq, status, execution_number,"
                        + " status_details, version_number, force_canceled, retry_attempt)"
                        + " SELECT :job, m.thing_name, :base + ROW_NUMBER() OVER (ORDER BY m.thing_name), 'WAITING', 1,"
                        + " '{}', 0, 0, 0 FROM (SELECT DISTINCT gm.thing_name FROM thing_group_member gm"
                        + " JOIN thing_group g ON g.name = gm.group_name"
                        + " WHERE substr(g.path, 1, :pathLen) = :path) m WHERE true"
                        // a job's first target cannot collide with rows it does not have yet, and PostgreSQL's
                        // speculative insertion costs a fair share of a million-row insert
                        + (base == 1 ? "" : " ON CONFLICT (job_id, thing_name) DO NOTHING"))
                .bind("job", jobId).bind("base", base).bind("path", groupPath).bind("pathLen", groupPath.length())
                .execute();
    }

    private long nextSeq(String jobId) {
        return h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM job_execution WHERE job_id = :job")
                .bind("job", jobId).mapTo(Long.class).one();
    }

    long countWaiting(String jobId) {
        return h.createQuery("SELECT COUNT(*) FROM job_execution WHERE job_id = :job AND status = 'WAITING'")
                .bind("job", jobId).mapTo(Long.class).one();
    }

    long dropWaiting(String jobId) {
        return h.createUpdate("DELETE FROM job_execution WHERE job_id = :job AND status = 'WAITING'")
                .bind("job", jobId).execute();
    }

    void dropWaitingOfThing(String thingName, Optional<String> jobId) {
        // waiting rows are not in the index by thing: they are found by primary key, through the jobs
        var delete = h.createUpdate("DELETE FROM job_execution WHERE thing_name = :thing AND status = 'WAITING'"
                + (jobId.isPresent() ? " AND job_id = :job" : " AND job_id IN (SELECT job_id FROM job)"))
                .bind("thing", thingName);
        jobId.ifPresent(job -> delete.bind("job", job));
        delete.execute();
    }

    List<String> release(String jobId, long max, Instant at, long upToPosition) {
        return h.createQuery("UPDATE job_execution SET status = 'QUEUED', queued_at = :at, last_updated_at = :at,"
                        + " version_number = 1 WHERE job_id = :job AND thing_name IN (SELECT thing_name FROM job_execution"
                        + " WHERE job_id = :job AND status = 'WAITING' AND seq <= :upTo ORDER BY seq LIMIT :max)"
                        + " RETURNING thing_name")
                .bind("job", jobId).bind("max", max).bind("at", at.toEpochMilli()).bind("upTo", upToPosition)
                .mapTo(String.class).list();
    }

    long countTargets(String jobId) {
        return h.createQuery("SELECT COUNT(*) FROM job_execution WHERE job_id = :job").bind("job", jobId)
                .mapTo(Long.class).one();
    }

    long targetPosition(String jobId, long offset) {
        return h.createQuery("SELECT seq FROM job_execution WHERE job_id = :job ORDER BY seq LIMIT 1 OFFSET :offset")
                .bind("job", jobId).bind("offset", offset).mapTo(Long.class).findOne().orElse(Long.MAX_VALUE);
    }

    Map<String, Long> countInRange(String jobId, long after, long upTo) {
        Map<String, Long> counts = new LinkedHashMap<>();
        h.createQuery("SELECT status, COUNT(*) FROM job_execution WHERE job_id = :job AND seq > :after AND seq <= :upTo"
                        + " GROUP BY status")
                .bind("job", jobId).bind("after", after).bind("upTo", upTo)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    List<JobExecution> dueRetries(Instant now, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM job_execution WHERE not_before IS NOT NULL"
                        + " AND not_before <= :now ORDER BY not_before LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).map((rs, ctx) -> JobRows.execution(rs)).list();
    }

    void showRetry(String jobId, String thingName) {
        h.createUpdate("UPDATE job_execution SET not_before = NULL WHERE job_id = :job AND thing_name = :thing")
                .bind("job", jobId).bind("thing", thingName).execute();
    }

    Optional<JobExecution> find(String jobId, String thingName) {
        return h.createQuery("SELECT " + COLUMNS + " FROM job_execution WHERE job_id = :job AND thing_name = :thing"
                        + " AND status <> 'WAITING'" + lock)
                .bind("job", jobId).bind("thing", thingName).map((rs, ctx) -> JobRows.execution(rs)).findOne();
    }

    Optional<JobExecution> find(String jobId, String thingName, long executionNumber) {
        return find(jobId, thingName).filter(e -> e.executionNumber() == executionNumber).or(() -> h.createQuery(
                        "SELECT " + JobRows.ATTEMPT_COLUMNS + " FROM job_execution_attempt WHERE job_id = :job"
                                + " AND thing_name = :thing AND execution_number = :n")
                .bind("job", jobId).bind("thing", thingName).bind("n", executionNumber)
                .map((rs, ctx) -> JobRows.execution(rs)).findOne());
    }

    void update(JobExecution e) {
        try (PreparedStatement update = h.getConnection().prepareStatement(UPDATE)) {
            update.setString(1, e.status().name());
            update.setLong(2, e.executionNumber());
            update.setString(3, Json.write(e.statusDetails()));
            update.setLong(4, e.queuedAt().toEpochMilli());
            update.setObject(5, JobRows.millis(e.startedAt()), Types.BIGINT);
            update.setLong(6, e.lastUpdatedAt().toEpochMilli());
            update.setLong(7, e.versionNumber());
            update.setInt(8, e.forceCanceled() ? 1 : 0);
            update.setInt(9, e.retryAttempt());
            update.setObject(10, JobRows.millis(e.stepTimeoutAt()), Types.BIGINT);
            update.setObject(11, JobRows.millis(e.inProgressTimeoutAt()), Types.BIGINT);
            update.setObject(12, JobRows.millis(e.timesOutAt()), Types.BIGINT);
            update.setString(13, e.jobId());
            update.setString(14, e.thingName());
            update.executeUpdate();
        } catch (SQLException x) {
            throw new UnableToExecuteStatementException("updating the execution of " + e.jobId() + " on "
                    + e.thingName(), x, null);
        }
    }

    void retry(JobExecution previous, JobExecution next, Optional<Instant> notBefore) {
        h.createUpdate("INSERT INTO job_execution_attempt (job_id, thing_name, execution_number, status, status_details,"
                        + " queued_at, started_at, last_updated_at, version_number, force_canceled, retry_attempt)"
                        + " VALUES (:job, :thing, :number, :status, :details, :queuedAt, :startedAt, :updatedAt, :version,"
                        + " :forced, :retry)")
                .bindMap(parameters(previous)).execute();
        update(next);
        notBefore.ifPresent(at -> h.createUpdate("UPDATE job_execution SET not_before = :at WHERE job_id = :job"
                + " AND thing_name = :thing").bind("at", at.toEpochMilli()).bind("job", next.jobId())
                .bind("thing", next.thingName()).execute());
    }

    void delete(String jobId, String thingName, long executionNumber) {
        h.createUpdate("DELETE FROM job_execution WHERE job_id = :job AND thing_name = :thing AND execution_number = :n"
                        + " AND status <> 'WAITING'")
                .bind("job", jobId).bind("thing", thingName).bind("n", executionNumber).execute();
        h.createUpdate("DELETE FROM job_execution_attempt WHERE job_id = :job AND thing_name = :thing"
                        + " AND execution_number = :n")
                .bind("job", jobId).bind("thing", thingName).bind("n", executionNumber).execute();
    }

    /** A thing's pending executions, in order; each one's job terms go to {@code terms}. */
    List<JobExecution> pending(String thingName, Consumer<ExecutionTerms> terms) {
        // OF e: the executions are locked, never the job row every device of the job reads
        try (PreparedStatement select = h.getConnection().prepareStatement(PENDING_OF_THING
                + (lock.isEmpty() ? "" : lock + " OF e"))) {
            select.setString(1, thingName);
            List<JobExecution> pending = new ArrayList<>(2);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    JobExecution execution = JobRows.execution(rows);
                    pending.add(execution);
                    terms.accept(JobRows.terms(execution.jobId(), rows, COLUMN_COUNT + 1));
                }
            }
            if (!lock.isEmpty()) {
                // PostgreSQL sorts before it locks: a row that changed while this waited for its lock comes back in
                // its old place. Sorted again (stably, so ties keep the database's collation order)
                pending.sort(java.util.Comparator.comparing(JobExecution::queuedAt));
            }
            return pending;
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("reading the pending executions of " + thingName, e, null);
        }
    }

    Map<String, List<JobExecution>> pending(java.util.Collection<String> thingNames) {
        Map<String, List<JobExecution>> byThing = new java.util.HashMap<>();
        List<String> all = List.copyOf(thingNames);
        for (int from = 0; from < all.size(); from += 500) {
            h.createQuery("SELECT " + COLUMNS + " FROM job_execution WHERE thing_name IN (<things>)" + PENDING)
                    .bindList("things", all.subList(from, Math.min(all.size(), from + 500)))
                    .map((rs, ctx) -> JobRows.execution(rs))
                    .forEach(e -> byThing.computeIfAbsent(e.thingName(), t -> new java.util.ArrayList<>()).add(e));
        }
        return byThing;
    }

    boolean hasUnfinished(String jobId) {
        return h.createQuery("SELECT 1 FROM job_execution WHERE job_id = :job"
                        + " AND status IN ('WAITING', 'QUEUED', 'IN_PROGRESS') LIMIT 1")
                .bind("job", jobId).mapTo(Integer.class).findOne().isPresent();
    }

    List<JobExecution> ofJob(String jobId, Optional<ExecutionStatus> status, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM job_execution WHERE job_id = :job");
        sql.append(status.isPresent() ? " AND status = :status" : " AND status <> 'WAITING'");
        page.after().ifPresent(a -> sql.append(" AND thing_name > :after"));
        Query q = h.createQuery(sql.append(" ORDER BY thing_name LIMIT :limit").toString()).bind("job", jobId)
                .bind("limit", page.limit() + 1);
        status.ifPresent(s -> q.bind("status", s.name()));
        page.after().ifPresent(a -> q.bind("after", a));
        return q.map((rs, ctx) -> JobRows.execution(rs)).list();
    }

    List<JobExecution> ofThing(String thingName, Optional<ExecutionStatus> status, Optional<String> jobId,
                               PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM job_execution WHERE thing_name = :thing");
        sql.append(" AND status <> 'WAITING'");  // the condition of the index by thing
        status.ifPresent(s -> sql.append(" AND status = :status"));
        jobId.ifPresent(j -> sql.append(" AND job_id = :job"));
        page.after().ifPresent(a -> sql.append(" AND job_id > :after"));
        Query q = h.createQuery(sql.append(" ORDER BY job_id LIMIT :limit").toString()).bind("thing", thingName)
                .bind("limit", page.limit() + 1);
        status.ifPresent(s -> q.bind("status", s.name()));
        jobId.ifPresent(j -> q.bind("job", j));
        page.after().ifPresent(a -> q.bind("after", a));
        return q.map((rs, ctx) -> JobRows.execution(rs)).list();
    }

    Map<String, Long> countByStatus(String jobId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        h.createQuery("SELECT status, COUNT(*) FROM job_execution WHERE job_id = :job GROUP BY status")
                .bind("job", jobId).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    List<JobExecution> in(String jobId, Set<ExecutionStatus> statuses, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM job_execution WHERE job_id = :job AND status IN (<statuses>)"
                        + " ORDER BY seq LIMIT :limit")
                .bind("job", jobId).bindList("statuses", statuses.stream().map(Enum::name).toList())
                .bind("limit", limit).map((rs, ctx) -> JobRows.execution(rs)).list();
    }

    List<JobExecution> timedOut(Instant now, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM job_execution WHERE timeout_at IS NOT NULL"
                        + " AND timeout_at <= :now AND status = 'IN_PROGRESS' ORDER BY timeout_at LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).map((rs, ctx) -> JobRows.execution(rs)).list();
    }

    /** {@link #PENDING}'s condition and order, with each column prefixed by {@code prefix} ("" or an alias and dot). */
    private static String pending(String prefix) {
        return " AND " + prefix + "status <> 'WAITING' AND " + prefix + "status IN ('QUEUED', 'IN_PROGRESS')"
                + " AND " + prefix + "not_before IS NULL ORDER BY " + prefix + "queued_at, " + prefix + "job_id";
    }

    /** {@code columns}, a comma-separated list, each prefixed with {@code alias.}. */
    private static String qualified(String alias, String columns) {
        return java.util.Arrays.stream(columns.split(",")).map(c -> alias + "." + c.strip())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static Map<String, Object> parameters(JobExecution e) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("job", e.jobId());
        p.put("thing", e.thingName());
        p.put("status", e.status().name());
        p.put("number", e.executionNumber());
        p.put("details", Json.write(e.statusDetails()));
        p.put("queuedAt", e.queuedAt().toEpochMilli());
        p.put("startedAt", JobRows.millis(e.startedAt()));
        p.put("updatedAt", e.lastUpdatedAt().toEpochMilli());
        p.put("version", e.versionNumber());
        p.put("forced", e.forceCanceled() ? 1 : 0);
        p.put("retry", e.retryAttempt());
        p.put("step", JobRows.millis(e.stepTimeoutAt()));
        p.put("inProgress", JobRows.millis(e.inProgressTimeoutAt()));
        p.put("timeout", JobRows.millis(e.timesOutAt()));
        return p;
    }
}
