package io.fleetline.jobs;

import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.ExecutionTerms;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobFilter;
import io.fleetline.jobs.plan.PlanState;
import io.fleetline.jobs.template.JobTemplate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The jobs' reads and writes inside one transaction.
 *
 * <p>A job's targets become executions in two steps. At creation (and when targets are added) every targeted
 * thing gets a <em>waiting</em> row, in target order: not an execution yet, invisible to every read below. The
 * rollout engine then {@linkplain #release releases} waiting rows at the job's rate, which makes them QUEUED
 * executions. Only the latest attempt of a (job, thing) is "the" execution; earlier attempts of retried executions
 * are kept for DescribeJobExecution by execution number.
 *
 * <p>List methods return up to {@code page.limit() + 1} items after {@code page.after()}, so the caller can tell
 * whether there is another page.
 */
public interface JobTx {
    Optional<Job> findJob(String jobId);

    /** The document, configuration and plan of a job, without its rollout state. */
    Optional<ExecutionTerms> findTerms(String jobId);

    void insertJob(Job job);

    void updateJob(Job job);

    /** Deletes the job with its executions, earlier attempts and waiting rows. */
    void deleteJob(String jobId);

    /** Jobs ordered by id. */
    List<Job> listJobs(JobFilter filter, PageRequest page);

    /** Jobs that are SCHEDULED or IN_PROGRESS. */
    List<Job> activeJobs();

    /** Jobs that are DELETION_IN_PROGRESS. */
    List<Job> jobsBeingDeleted();

    /** COMPLETED or CANCELED jobs that ended before {@code cutoff}, those that ended first first. */
    List<Job> jobsEndedBefore(Instant cutoff, int limit);

    /** Adds waiting rows for the things not targeted yet, after the job's existing ones; returns how many. */
    long addWaiting(String jobId, List<String> thingNames);

    /** Adds waiting rows for every thing in the groups whose path starts with {@code groupPath}; returns how many. */
    long addWaitingFromGroups(String jobId, String groupPath);

    long countWaiting(String jobId);

    /** Jobs with this target selection that are SCHEDULED or IN_PROGRESS. */
    long countActiveJobs(io.fleetline.jobs.job.TargetSelection selection);

    /** Drops the job's waiting rows; returns how many there were. */
    long dropWaiting(String jobId);

    /** Drops the thing's waiting rows: of one job, or of every job. */
    void dropWaitingOfThing(String thingName, Optional<String> jobId);

    /**
     * Turns up to {@code max} waiting rows, first targeted first and at target positions up to {@code upToPosition},
     * into QUEUED executions; returns their things.
     */
    List<String> release(String jobId, long max, Instant at, long upToPosition);

    /** Every target row of the job, released or not. */
    long countTargets(String jobId);

    /** The target position (seq) of the row at {@code offset} in target order. */
    long targetPosition(String jobId, long offset);

    /** Status counts (WAITING included) of the rows at target positions after {@code after} up to {@code upTo}. */
    Map<String, Long> countTargetsInRange(String jobId, long after, long upTo);

    Optional<PlanState> findPlan(String jobId);

    void savePlan(PlanState state);

    /** The latest attempt of the job on the thing. */
    Optional<JobExecution> findExecution(String jobId, String thingName);

    /** An attempt by number, the latest or an earlier one. */
    Optional<JobExecution> findExecution(String jobId, String thingName, long executionNumber);

    void updateExecution(JobExecution execution);

    /** The statuses the thing's earlier attempts of the job ended in, oldest first. */
    List<ExecutionStatus> earlierAttempts(String jobId, String thingName);

    /**
     * Keeps {@code previous} as an earlier attempt and makes {@code next} the job's execution on the thing; with
     * {@code notBefore}, devices do not see it until {@link #dueRetries} finds it due.
     */
    void retryExecution(JobExecution previous, JobExecution next, Optional<Instant> notBefore);

    /** Retries whose wait is over by {@code now}, up to {@code limit}. */
    List<JobExecution> dueRetries(Instant now, int limit);

    /** Shows a delayed retry to its device from now on. */
    void showRetry(String jobId, String thingName);

    /** Deletes one attempt. */
    void deleteExecution(String jobId, String thingName, long executionNumber);

    /** The thing's QUEUED and IN_PROGRESS executions, oldest queued first. */
    List<JobExecution> pendingExecutions(String thingName);

    /** {@link #pendingExecutions(String)} of many things at once, by thing (things with none may be absent). */
    Map<String, List<JobExecution>> pendingExecutions(Collection<String> thingNames);

    /** Whether the job has waiting rows or pending executions left. */
    boolean hasUnfinished(String jobId);

    /** The job's executions ordered by thing name, optionally of one status. */
    List<JobExecution> executionsOfJob(String jobId, Optional<ExecutionStatus> status, PageRequest page);

    /** The thing's executions ordered by job id, optionally of one status and job. */
    List<JobExecution> executionsOfThing(String thingName, Optional<ExecutionStatus> status, Optional<String> jobId,
                                         PageRequest page);

    /** How many of the job's things have their latest execution in each status. */
    Map<ExecutionStatus, Long> countExecutions(String jobId);

    /** The job's executions in the given statuses (for cancellations), up to {@code limit}. */
    List<JobExecution> executionsIn(String jobId, Set<ExecutionStatus> statuses, int limit);

    /** IN_PROGRESS executions whose step or in-progress timer ran out by {@code now}, up to {@code limit}. */
    List<JobExecution> timedOut(Instant now, int limit);

    /** The thing's pending executions of any job among {@code jobIds}. */
    List<JobExecution> pendingExecutionsOfJobs(String thingName, Collection<String> jobIds);

    Optional<JobTemplate> findTemplate(String templateId);

    void insertTemplate(JobTemplate template);

    void deleteTemplate(String templateId);

    /** Templates ordered by id. */
    List<JobTemplate> listTemplates(PageRequest page);

    Map<String, String> tags(String arn);

    /** Adds the tags to the resource's, replacing the values of keys it has. */
    void putTags(String arn, Map<String, String> tags);

    /** Removes all of the resource's tags. */
    void deleteTags(String arn);

    /** An account-wide setting, such as the event configurations. */
    Optional<String> setting(String name);

    void putSetting(String name, String value);
}
