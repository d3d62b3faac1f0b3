package io.fleetline.server.metrics;

import io.fleetline.jobs.events.JobsListener;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The jobs' counters, every account's together: {@code fleetline_job_executions_total{status}} (executions that
 * entered each status: QUEUED when a rollout released them, IN_PROGRESS when their device started them, the terminal
 * statuses when they ended), {@code fleetline_rollout_released_executions_total} (its rate is the release rate),
 * {@code fleetline_jobs_ended_total{status}} and {@code fleetline_jobs_aborted_total}. Every counter exists from the
 * start, at 0, so that a rate over it is defined before the first job.
 */
final class JobMetrics implements JobsListener {
    private final Map<ExecutionStatus, Counter> executions = new EnumMap<>(ExecutionStatus.class);
    private final Map<JobStatus, Counter> ended = new EnumMap<>(JobStatus.class);
    private final Counter released;
    private final Counter aborted;

    JobMetrics(MeterRegistry registry) {
        for (ExecutionStatus status : ExecutionStatus.values()) {
            executions.put(status, Counter.builder("fleetline.job.executions")
                    .description("Job executions that entered each status").tag("status", status.name())
                    .register(registry));
        }
        for (JobStatus status : new JobStatus[] {JobStatus.COMPLETED, JobStatus.CANCELED}) {
            ended.put(status, Counter.builder("fleetline.jobs.ended")
                    .description("Jobs that ended, by final status").tag("status", status.name()).register(registry));
        }
        this.released = Counter.builder("fleetline.rollout.released.executions")
                .description("Executions rollouts released to their devices").register(registry);
        this.aborted = Counter.builder("fleetline.jobs.aborted")
                .description("Jobs canceled because their abort criteria were met").register(registry);
    }

    @Override
    public void released(int count) {
        released.increment(count);
        executions.get(ExecutionStatus.QUEUED).increment(count);
    }

    @Override
    public void executionEntered(ExecutionStatus status) {
        executions.get(status).increment();
    }

    @Override
    public void jobEnded(JobStatus status) {
        Counter counter = ended.get(status);
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public void jobAborted() {
        aborted.increment();
    }
}
