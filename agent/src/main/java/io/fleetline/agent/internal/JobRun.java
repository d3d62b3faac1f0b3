package io.fleetline.agent.internal;

import io.fleetline.agent.AgentListener;
import io.fleetline.agent.JobContext;
import io.fleetline.agent.Step;
import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.jobs.JobExecutionState;
import io.fleetline.protocol.jobs.JobExecutionStatus;
import io.fleetline.protocol.jobs.JobsAnswer;
import io.fleetline.protocol.jobs.JobsResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One job in the agent's hands: what its handler knows of it, and its reports to the server. Each report names the
 * execution's version the agent last saw ({@code expectedVersion}); a version mismatch whose execution is still in
 * progress (an answer that was lost, then asked again) is done when the server already holds this report, and
 * otherwise takes the server's version and reports again. An execution that ended meanwhile (canceled, removed, timed
 * out) is {@link ExecutionGone}.
 */
public final class JobRun implements JobContext {
    /** The key under which Fleetline holds a SUCCEEDED for health confirmation (docs/jobs.md, "Beyond AWS"). */
    static final String HEALTH = "fleetline:health";
    static final String AWAITING = "awaiting-confirmation";
    /** How often a report the server refused for a passing reason is sent again before the job fails. */
    static final int TRANSIENT_RETRIES = 6;

    private final JobsClient client;
    private final AgentListener listener;
    private final long stepTimeoutMinutes;
    private final Duration retryDelay;
    private final Journal.Entry entry;
    private final Path workDirectory;
    private Optional<Long> version;

    /** The server ended the execution while the agent had it (canceled, removed, timed out). */
    public static final class ExecutionGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExecutionGone(String why) {
            super(why, null, false, false);
        }
    }

    /** The server refused a report for a reason other than the execution having ended (InvalidRequest, ...). */
    public static final class ReportRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReportRefused(String why) {
            super(why, null, false, false);
        }
    }

    JobRun(JobsClient client, AgentSettings settings, Journal.Entry entry, Path workDirectory, Optional<Long> version) {
        this.client = client;
        this.listener = settings.listener();
        this.stepTimeoutMinutes = settings.timing().stepTimeoutMinutes();
        this.retryDelay = settings.timing().retryDelay();
        this.entry = entry;
        this.workDirectory = workDirectory;
        this.version = version;
    }

    @Override
    public String jobId() {
        return entry.jobId();
    }

    @Override
    public String document() {
        return entry.document();
    }

    @Override
    public long executionNumber() {
        return entry.executionNumber();
    }

    @Override
    public Path workDirectory() {
        return workDirectory;
    }

    @Override
    public void report(Map<String, String> statusDetails) throws InterruptedException {
        send(JobExecutionStatus.IN_PROGRESS, statusDetails, Optional.of(stepTimeoutMinutes));
        stepReported(statusDetails);
    }

    /**
     * Reports the job's end. A SUCCEEDED that Fleetline holds for health confirmation is reported again at once: the
     * agent reports success only from the image it confirmed.
     */
    void finish(JobExecutionStatus status, Map<String, String> statusDetails) throws InterruptedException {
        Optional<JobExecutionState> state = send(status, statusDetails, Optional.empty());
        if (status == JobExecutionStatus.SUCCEEDED && state.filter(s -> s.status() == JobExecutionStatus.IN_PROGRESS
                && AWAITING.equals(s.statusDetails().get(HEALTH))).isPresent()) {
            send(status, statusDetails, Optional.empty());
        }
        stepReported(statusDetails);
        listener.onJobEnded(jobId(), status.name(), statusDetails);
    }

    /**
     * Whether a refused report is one that went through earlier, its answer lost: the server now holds the status
     * reported (a terminal one) or the status and the very details (a step report). Sending it again would only
     * meet the version it made; under a loaded server, where answers come later than the agent asks again, that
     * loop failed updates that had gone well.
     */
    static boolean wentThrough(JobExecutionStatus status, Map<String, String> details, JobsAnswer.Rejected rejected) {
        return rejected.executionState().filter(s -> s.status() == status
                && (status != JobExecutionStatus.IN_PROGRESS || s.statusDetails().equals(details))).isPresent();
    }

    /**
     * Whether the server refused a report for a reason of its own that may pass (InternalError: a database it could
     * not reach, files it could not open under load; RequestThrottled): the report is sent again after a pause, as
     * the AWS IoT Device Client does for these codes, rather than failing an update that went well.
     */
    static boolean isTransient(JobsAnswer.Rejected rejected) {
        return rejected.rejectionCode().filter(c -> c == RejectionCode.INTERNAL_ERROR
                || c == RejectionCode.REQUEST_THROTTLED).isPresent();
    }

    /** The pause before the {@code attempt}-th resend: doubling from the retry delay, with jitter, at most a minute. */
    private long backoff(int attempt) {
        long base = Math.min(retryDelay.toMillis() << Math.min(attempt, 6), 60_000);
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    /** Whether a status is one the execution ends in. */
    static boolean ended(JobExecutionStatus status) {
        return status != JobExecutionStatus.QUEUED && status != JobExecutionStatus.IN_PROGRESS;
    }

    private void stepReported(Map<String, String> details) {
        String wire = details.get("step");
        Arrays.stream(Step.values()).filter(s -> s.wire().equals(wire)).findFirst()
                .ifPresent(step -> listener.onStep(jobId(), step, details));
    }

    private Optional<JobExecutionState> send(JobExecutionStatus status, Map<String, String> details,
                                             Optional<Long> stepTimeout) throws InterruptedException {
        Map<String, String> copy = new LinkedHashMap<>(details);
        for (int attempt = 0; ; attempt++) {
            JobsAnswer answer = client.update(jobId(), status, copy, version, stepTimeout);
            if (answer instanceof JobsAnswer.Accepted accepted
                    && accepted.response() instanceof JobsResponse.Updated updated) {
                updated.executionState().ifPresent(s -> version = Optional.of(s.versionNumber()));
                return updated.executionState();
            }
            JobsAnswer.Rejected rejected = (JobsAnswer.Rejected) answer;
            Optional<JobExecutionState> state = rejected.executionState();
            if (wentThrough(status, copy, rejected)) {
                version = Optional.of(state.get().versionNumber());
                return state;  // the same report went through before its answer was lost
            }
            if (state.filter(s -> ended(s.status())).isPresent()
                    || rejected.rejectionCode().filter(c -> c == RejectionCode.RESOURCE_NOT_FOUND
                    || c == RejectionCode.TERMINAL_STATE_REACHED).isPresent()) {
                throw new ExecutionGone(jobId() + ": " + rejected.code() + " " + rejected.message());
            }
            if (rejected.rejectionCode().filter(c -> c == RejectionCode.VERSION_MISMATCH).isPresent()
                    && state.isPresent() && attempt < 3) {
                version = Optional.of(state.get().versionNumber());
                continue;
            }
            if (isTransient(rejected) && attempt < TRANSIENT_RETRIES) {
                Thread.sleep(backoff(attempt));
                continue;
            }
            throw new ReportRefused("the server refused the report of " + jobId() + ": " + rejected.code()
                    + " " + rejected.message());
        }
    }
}
