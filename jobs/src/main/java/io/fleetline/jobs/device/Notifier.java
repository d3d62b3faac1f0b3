package io.fleetline.jobs.device;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.jobs.document.DeviceDocument;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.execution.JobExecution;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The jobs service's pushes to devices: {@code jobs/notify} when a thing's pending list changes and
 * {@code jobs/notify-next} when its next execution becomes another one (with only a timestamp when it has none left).
 */
public final class Notifier {
    private final MessageBus bus;
    private final Function<String, Optional<DeviceDocument>> documents;
    private final Clock clock;

    /** @param documents a job's document, as devices get it, by job id */
    public Notifier(MessageBus bus, Function<String, Optional<DeviceDocument>> documents, Clock clock) {
        this.bus = bus;
        this.documents = documents;
        this.clock = clock;
    }

    /** Publishes what changed between two views of a thing's pending executions. */
    public void changed(PendingJobs before, PendingJobs after) {
        if (after.listDiffersFrom(before)) {
            notifyList(after);
        }
        if (after.nextDiffersFrom(before)) {
            notifyNext(after);
        }
    }

    public void notifyList(PendingJobs pending) {
        ObjectNode payload = DeviceJson.mapper().createObjectNode();
        payload.put("timestamp", clock.instant().getEpochSecond());
        ObjectNode jobs = payload.putObject("jobs");
        if (!pending.inProgress().isEmpty()) {
            ArrayNode list = jobs.putArray(ExecutionStatus.IN_PROGRESS.name());
            pending.inProgress().forEach(e -> list.add(DeviceJson.summary(e)));
        }
        if (!pending.queued().isEmpty()) {
            ArrayNode list = jobs.putArray(ExecutionStatus.QUEUED.name());
            pending.queued().forEach(e -> list.add(DeviceJson.summary(e)));
        }
        publish(pending.thingName(), "notify", payload);
    }

    public void notifyNext(PendingJobs pending) {
        ObjectNode payload = DeviceJson.mapper().createObjectNode();
        payload.put("timestamp", clock.instant().getEpochSecond());
        Optional<JobExecution> next = pending.next();
        next.ifPresent(e -> payload.set("execution",
                DeviceJson.execution(e, documents.apply(e.jobId()), true, clock.instant())));
        publish(pending.thingName(), "notify-next", payload);
    }

    private void publish(String thingName, String topic, ObjectNode payload) {
        bus.publish("$aws/things/" + thingName + "/jobs/" + topic, payload.toString().getBytes(StandardCharsets.UTF_8),
                1, false);
    }
}
