package io.fleetline.jobs.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobProcessDetails;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The jobs events of the developer guide, published when UpdateEventConfigurations enabled JOB or JOB_EXECUTION: {@code $aws/events/job/{jobId}/completed|canceled|deleted} and
 * {@code $aws/events/jobExecution/{jobId}/{succeeded|failed|rejected|canceled|timed_out|removed}}. Event times are
 * epoch milliseconds, as in the guide's event payloads (and Fleetline's presence events).
 */
public final class JobEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessageBus bus;
    private final AccountScope scope;
    private final EventConfigurations configurations;
    private final Clock clock;
    private final java.util.List<JobsListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public JobEvents(MessageBus bus, AccountScope scope, EventConfigurations configurations, Clock clock) {
        this.bus = bus;
        this.scope = scope;
        this.configurations = configurations;
        this.clock = clock;
    }

    /** Tells {@code listener} of every change from now on, published or not. */
    public void listen(JobsListener listener) {
        listeners.add(listener);
    }

    /** A rollout released {@code count} executions. */
    public void released(int count) {
        listeners.forEach(listener -> listener.released(count));
    }

    /** An execution entered {@code status} (not by a release); a terminal one is also {@link #executionEnded}. */
    public void executionEntered(ExecutionStatus status) {
        listeners.forEach(listener -> listener.executionEntered(status));
    }

    /** The job's abort criteria were met; it is canceled next. */
    public void jobAborted() {
        listeners.forEach(JobsListener::jobAborted);
    }

    /** The job completed or was canceled ({@code operation} "completed" or "canceled"). */
    public void jobEnded(Job job, String operation, JobProcessDetails details) {
        listeners.forEach(listener -> listener.jobEnded(job.status()));
        if (!configurations.enabled("JOB")) {
            return;
        }
        ObjectNode event = base("job", operation);
        event.put("jobId", job.jobId());
        event.put("status", job.status().name());
        event.put("targetSelection", job.targetSelection().name());
        job.targets().forEach(event.putArray("targets")::add);
        job.description().ifPresent(d -> event.put("description", d));
        event.put("createdAt", millis(job.createdAt()));
        event.put("lastUpdatedAt", millis(job.lastUpdatedAt()));
        job.completedAt().ifPresent(t -> event.put("completedAt", millis(t)));
        details.write(event.putObject("jobProcessDetails"));
        publish("$aws/events/job/" + job.jobId() + "/" + operation, event);
    }

    public void jobDeleted(Job job) {
        if (!configurations.enabled("JOB")) {
            return;
        }
        ObjectNode event = base("job", "deleted");
        event.put("jobId", job.jobId());
        event.put("status", job.status().name());
        publish("$aws/events/job/" + job.jobId() + "/deleted", event);
    }

    /** An execution reached a terminal status. */
    public void executionEnded(JobExecution execution) {
        if (!configurations.enabled("JOB_EXECUTION")) {
            return;
        }
        ExecutionStatus status = execution.status();
        String operation = status.name().toLowerCase(Locale.ROOT);
        ObjectNode event = base("jobExecution", operation);
        event.put("jobId", execution.jobId());
        event.put("thingArn", scope.arn(ResourceType.THING, execution.thingName()));
        event.put("thingName", execution.thingName());
        event.put("status", status.name());
        ObjectNode details = event.putObject("statusDetails");
        execution.statusDetails().forEach(details::put);
        event.put("versionNumber", execution.versionNumber());
        publish("$aws/events/jobExecution/" + execution.jobId() + "/" + operation, event);
    }

    private ObjectNode base(String type, String operation) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventType", type);
        event.put("eventId", UUID.randomUUID().toString());
        event.put("timestamp", clock.millis());
        event.put("operation", operation);
        return event;
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    private void publish(String topic, ObjectNode event) {
        bus.publish(topic, event.toString().getBytes(StandardCharsets.UTF_8), 1, false);
    }
}
