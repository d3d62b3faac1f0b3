package io.fleetline.storage.jobs;

import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.JobTx;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.ExecutionTerms;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobFilter;
import io.fleetline.jobs.job.JobStatus;
import io.fleetline.jobs.plan.JobPlanJson;
import io.fleetline.jobs.plan.PlanState;
import io.fleetline.jobs.template.JobTemplate;
import io.fleetline.storage.Json;
import io.fleetline.storage.ResourceTags;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Jobs and templates over one JDBC transaction; executions are {@link ExecutionSql}'s. */
final class JdbcJobTx implements JobTx {
    private final Handle h;
    private final ExecutionSql executions;
    /** The terms of the jobs whose executions this transaction read with a thing's pending list. */
    private final Map<String, ExecutionTerms> termsRead = new java.util.HashMap<>();

    /** @param lockRows whether reads of executions lock them ({@link JdbcJobStore#transactLockingRows}) */
    JdbcJobTx(Handle handle, boolean lockRows) {
        this.h = handle;
        this.executions = new ExecutionSql(handle, lockRows);
    }

    @Override
    public Optional<Job> findJob(String jobId) {
        return h.createQuery("SELECT " + JobRows.JOB_COLUMNS + " FROM job WHERE job_id = :id").bind("id", jobId)
                .map((rs, ctx) -> JobRows.job(rs)).findOne();
    }

    @Override
    public Optional<ExecutionTerms> findTerms(String jobId) {
        ExecutionTerms known = termsRead.get(jobId);
        if (known != null) {
            return Optional.of(known);  // read with the thing's pending list, in this transaction
        }
        // every device request reads these: straight JDBC, as ExecutionSql does for the device's statements
        try (PreparedStatement select = h.getConnection().prepareStatement(
                "SELECT " + JobRows.TERMS_COLUMNS + " FROM job j" + JobRows.PLAN_JOIN + " WHERE j.job_id = ?")) {
            select.setString(1, jobId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(JobRows.terms(jobId, row, 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("reading job " + jobId, e, null);
        }
    }

    @Override
    public void insertJob(Job job) {
        h.createUpdate("INSERT INTO job (" + JobRows.JOB_COLUMNS + ") VALUES (:jobId, :status, :targetSelection,"
                        + " :targets, :document, :description, :config, :forceCanceled, :reasonCode, :comment, :createdAt,"
                        + " :lastUpdatedAt, :completedAt, :namespaceId, :jobTemplateArn, :documentParameters, :rate,"
                        + " :recent, :notifiedMark, :succeededMark, :documentSource)")
                .bindMap(jobParameters(job)).execute();
    }

    @Override
    public void updateJob(Job job) {
        termsRead.remove(job.jobId());
        h.createUpdate("UPDATE job SET status = :status, targets = :targets, description = :description,"
                        + " config = :config, force_canceled = :forceCanceled, reason_code = :reasonCode,"
                        + " comment = :comment, last_updated_at = :lastUpdatedAt, completed_at = :completedAt,"
                        + " rollout_rate = :rate, rollout_recent = :recent,"
                        + " rollout_notified_mark = :notifiedMark, rollout_succeeded_mark = :succeededMark"
                        + " WHERE job_id = :jobId")
                .bindMap(jobParameters(job)).execute();
    }

    private static Map<String, Object> jobParameters(Job job) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("jobId", job.jobId());
        p.put("status", job.status().name());
        p.put("targetSelection", job.targetSelection().name());
        p.put("targets", Json.write(job.targets()));
        p.put("document", job.document());
        p.put("documentSource", job.documentSource().orElse(null));
        p.put("description", job.description().orElse(null));
        p.put("config", StoredJobConfig.write(job.config()));
        p.put("forceCanceled", job.forceCanceled() ? 1 : 0);
        p.put("reasonCode", job.reasonCode().orElse(null));
        p.put("comment", job.comment().orElse(null));
        p.put("createdAt", job.createdAt().toEpochMilli());
        p.put("lastUpdatedAt", job.lastUpdatedAt().toEpochMilli());
        p.put("completedAt", JobRows.millis(job.completedAt()));
        p.put("namespaceId", job.namespaceId().orElse(null));
        p.put("jobTemplateArn", job.jobTemplateArn().orElse(null));
        p.put("documentParameters", Json.write(job.documentParameters()));
        p.put("rate", JobRows.storedRate(job.rollout().ratePerMinute()));
        p.put("recent", JobRows.storedRecent(job.rollout().recent()));
        p.put("notifiedMark", job.rollout().notifiedAtIncrease());
        p.put("succeededMark", job.rollout().succeededAtIncrease());
        return p;
    }

    @Override
    public void deleteJob(String jobId) {
        termsRead.remove(jobId);
        h.createUpdate("DELETE FROM job_execution WHERE job_id = :id").bind("id", jobId).execute();
        h.createUpdate("DELETE FROM job_execution_attempt WHERE job_id = :id").bind("id", jobId).execute();
        h.createUpdate("DELETE FROM job_plan WHERE job_id = :id").bind("id", jobId).execute();
        h.createUpdate("DELETE FROM job WHERE job_id = :id").bind("id", jobId).execute();
    }

    @Override
    public List<Job> listJobs(JobFilter filter, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + JobRows.JOB_COLUMNS + " FROM job WHERE status <> 'DELETION_IN_PROGRESS'");
        filter.status().ifPresent(s -> sql.append(" AND status = :status"));
        filter.targetSelection().ifPresent(s -> sql.append(" AND target_selection = :selection"));
        filter.targetArn().ifPresent(s -> sql.append(" AND targets LIKE :target ESCAPE '!'"));
        filter.namespaceId().ifPresent(s -> sql.append(" AND namespace_id = :namespace"));
        page.after().ifPresent(a -> sql.append(" AND job_id > :after"));
        sql.append(" ORDER BY job_id LIMIT :limit");
        Query q = h.createQuery(sql.toString()).bind("limit", page.limit() + 1);
        filter.status().ifPresent(s -> q.bind("status", s.name()));
        filter.targetSelection().ifPresent(s -> q.bind("selection", s.name()));
        filter.targetArn().ifPresent(arn -> q.bind("target", "%" + likeLiteral(Json.write(arn)) + "%"));
        filter.namespaceId().ifPresent(n -> q.bind("namespace", n));
        page.after().ifPresent(a -> q.bind("after", a));
        return q.map((rs, ctx) -> JobRows.job(rs)).list();
    }

    /** {@code text} matched literally by LIKE ... ESCAPE '!'. */
    private static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    @Override
    public List<Job> activeJobs() {
        return h.createQuery("SELECT " + JobRows.JOB_COLUMNS + " FROM job WHERE status IN ('SCHEDULED', 'IN_PROGRESS')"
                + " ORDER BY created_at, job_id").map((rs, ctx) -> JobRows.job(rs)).list();
    }

    @Override
    public List<Job> jobsBeingDeleted() {
        return h.createQuery("SELECT " + JobRows.JOB_COLUMNS + " FROM job WHERE status = 'DELETION_IN_PROGRESS'"
                + " ORDER BY created_at, job_id").map((rs, ctx) -> JobRows.job(rs)).list();
    }

    @Override
    public List<Job> jobsEndedBefore(Instant cutoff, int limit) {
        return h.createQuery("SELECT " + JobRows.JOB_COLUMNS + " FROM job WHERE status IN ('COMPLETED', 'CANCELED')"
                        + " AND completed_at < :cutoff ORDER BY completed_at, job_id LIMIT :limit")
                .bind("cutoff", cutoff.toEpochMilli()).bind("limit", limit).map((rs, ctx) -> JobRows.job(rs)).list();
    }

    @Override
    public long addWaiting(String jobId, List<String> thingNames) {
        return executions.addWaiting(jobId, thingNames);
    }

    @Override
    public long addWaitingFromGroups(String jobId, String groupPath) {
        return executions.addWaitingFromGroups(jobId, groupPath);
    }

    @Override
    public long countActiveJobs(io.fleetline.jobs.job.TargetSelection selection) {
        return h.createQuery("SELECT COUNT(*) FROM job WHERE target_selection = :selection"
                        + " AND status IN ('SCHEDULED', 'IN_PROGRESS')")
                .bind("selection", selection.name()).mapTo(Long.class).one();
    }

    @Override
    public long countWaiting(String jobId) {
        return executions.countWaiting(jobId);
    }

    @Override
    public long dropWaiting(String jobId) {
        return executions.dropWaiting(jobId);
    }

    @Override
    public void dropWaitingOfThing(String thingName, Optional<String> jobId) {
        executions.dropWaitingOfThing(thingName, jobId);
    }

    @Override
    public List<String> release(String jobId, long max, Instant at, long upToPosition) {
        return executions.release(jobId, max, at, upToPosition);
    }

    @Override
    public long countTargets(String jobId) {
        return executions.countTargets(jobId);
    }

    @Override
    public long targetPosition(String jobId, long offset) {
        return executions.targetPosition(jobId, offset);
    }

    @Override
    public Map<String, Long> countTargetsInRange(String jobId, long after, long upTo) {
        return executions.countInRange(jobId, after, upTo);
    }

    @Override
    public Optional<PlanState> findPlan(String jobId) {
        return h.createQuery("SELECT job_id, plan, paused, paused_reason, cohort_index, awaiting_approval, cohort_ends"
                        + " FROM job_plan WHERE job_id = :id").bind("id", jobId)
                .map((rs, ctx) -> JobRows.plan(rs)).findOne();
    }

    @Override
    public void savePlan(PlanState state) {
        termsRead.remove(state.jobId());
        h.createUpdate("INSERT INTO job_plan (job_id, plan, paused, paused_reason, cohort_index, awaiting_approval,"
                        + " cohort_ends) VALUES (:id, :plan, :paused, :reason, :cohort, :approval, :ends)"
                        + " ON CONFLICT (job_id) DO UPDATE SET plan = excluded.plan, paused = excluded.paused,"
                        + " paused_reason = excluded.paused_reason, cohort_index = excluded.cohort_index,"
                        + " awaiting_approval = excluded.awaiting_approval, cohort_ends = excluded.cohort_ends")
                .bind("id", state.jobId()).bind("plan", JobPlanJson.write(state.plan()).toString())
                .bind("paused", state.paused() ? 1 : 0).bind("reason", state.pausedReason().orElse(null))
                .bind("cohort", state.cohortIndex()).bind("approval", state.awaitingApproval() ? 1 : 0)
                .bind("ends", state.cohortEnds().map(Json::write).orElse(null)).execute();
    }

    @Override
    public List<JobExecution> dueRetries(Instant now, int limit) {
        return executions.dueRetries(now, limit);
    }

    @Override
    public void showRetry(String jobId, String thingName) {
        executions.showRetry(jobId, thingName);
    }

    @Override
    public Optional<JobExecution> findExecution(String jobId, String thingName) {
        return executions.find(jobId, thingName);
    }

    @Override
    public Optional<JobExecution> findExecution(String jobId, String thingName, long executionNumber) {
        return executions.find(jobId, thingName, executionNumber);
    }

    @Override
    public void updateExecution(JobExecution execution) {
        executions.update(execution);
    }

    @Override
    public List<ExecutionStatus> earlierAttempts(String jobId, String thingName) {
        return h.createQuery("SELECT status FROM job_execution_attempt WHERE job_id = :job AND thing_name = :thing"
                        + " ORDER BY execution_number")
                .bind("job", jobId).bind("thing", thingName).mapTo(String.class).map(ExecutionStatus::valueOf).list();
    }

    @Override
    public void retryExecution(JobExecution previous, JobExecution next, Optional<Instant> notBefore) {
        executions.retry(previous, next, notBefore);
    }

    @Override
    public void deleteExecution(String jobId, String thingName, long executionNumber) {
        executions.delete(jobId, thingName, executionNumber);
    }

    @Override
    public List<JobExecution> pendingExecutions(String thingName) {
        return executions.pending(thingName, terms -> termsRead.put(terms.jobId(), terms));
    }

    @Override
    public Map<String, List<JobExecution>> pendingExecutions(Collection<String> thingNames) {
        return executions.pending(thingNames);
    }

    @Override
    public boolean hasUnfinished(String jobId) {
        return executions.hasUnfinished(jobId);
    }

    @Override
    public List<JobExecution> executionsOfJob(String jobId, Optional<ExecutionStatus> status, PageRequest page) {
        return executions.ofJob(jobId, status, page);
    }

    @Override
    public List<JobExecution> executionsOfThing(String thingName, Optional<ExecutionStatus> status,
                                                Optional<String> jobId, PageRequest page) {
        return executions.ofThing(thingName, status, jobId, page);
    }

    @Override
    public Map<ExecutionStatus, Long> countExecutions(String jobId) {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        executions.countByStatus(jobId).forEach((status, n) -> {
            if (!status.equals(ExecutionSql.WAITING)) {
                counts.put(ExecutionStatus.valueOf(status), n);
            }
        });
        return counts;
    }

    @Override
    public List<JobExecution> executionsIn(String jobId, Set<ExecutionStatus> statuses, int limit) {
        return executions.in(jobId, statuses, limit);
    }

    @Override
    public List<JobExecution> timedOut(Instant now, int limit) {
        return executions.timedOut(now, limit);
    }

    @Override
    public List<JobExecution> pendingExecutionsOfJobs(String thingName, Collection<String> jobIds) {
        return pendingExecutions(thingName).stream().filter(e -> jobIds.contains(e.jobId())).toList();
    }

    @Override
    public Optional<JobTemplate> findTemplate(String templateId) {
        return h.createQuery("SELECT * FROM job_template WHERE template_id = :id").bind("id", templateId)
                .map((rs, ctx) -> JobRows.template(rs)).findOne();
    }

    @Override
    public void insertTemplate(JobTemplate template) {
        h.createUpdate("INSERT INTO job_template (template_id, description, document, document_source, config,"
                        + " created_at, source_job_arn)"
                        + " VALUES (:id, :description, :document, :documentSource, :config, :createdAt, :source)")
                .bind("id", template.templateId()).bind("description", template.description())
                .bind("document", template.document())
                .bind("documentSource", template.documentSource().orElse(null))
                .bind("config", StoredJobConfig.write(template.config()))
                .bind("createdAt", template.createdAt().toEpochMilli())
                .bind("source", template.sourceJobArn().orElse(null)).execute();
    }

    @Override
    public void deleteTemplate(String templateId) {
        h.createUpdate("DELETE FROM job_template WHERE template_id = :id").bind("id", templateId).execute();
    }

    @Override
    public List<JobTemplate> listTemplates(PageRequest page) {
        Query q = h.createQuery("SELECT * FROM job_template" + (page.after().isPresent() ? " WHERE template_id > :after" : "")
                + " ORDER BY template_id LIMIT :limit").bind("limit", page.limit() + 1);
        page.after().ifPresent(a -> q.bind("after", a));
        return q.map((rs, ctx) -> JobRows.template(rs)).list();
    }

    @Override
    public Map<String, String> tags(String arn) {
        return ResourceTags.of(h, arn);
    }

    @Override
    public void putTags(String arn, Map<String, String> tags) {
        ResourceTags.put(h, arn, tags);
    }

    @Override
    public void deleteTags(String arn) {
        ResourceTags.removeAll(h, arn);
    }

    @Override
    public Optional<String> setting(String name) {
        return h.createQuery("SELECT value FROM account_setting WHERE name = :name").bind("name", name)
                .mapTo(String.class).findOne();
    }

    @Override
    public void putSetting(String name, String value) {
        h.createUpdate("INSERT INTO account_setting (name, value) VALUES (:name, :value)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value").bind("name", name).bind("value", value).execute();
    }

    static JobStatus status(String text) {
        return JobStatus.valueOf(text);
    }
}
