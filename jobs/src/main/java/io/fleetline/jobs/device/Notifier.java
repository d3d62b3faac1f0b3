package io.fleetline.jobs.device;

import io.fleetline.core.bus.MessageBus;
import io.fleetline.jobs.document.DeviceDocument;
import io.fleetline.protocol.jobs.JobsJson;
import io.fleetline.protocol.jobs.JobsTopic;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The jobs service's pushes to devices: {@code jobs/notify} when a thing's pending list changes and
 * {@code jobs/notify-next} when its next execution becomes another one (with only a timestamp when it has none left).
 * Unlike the answers to a device's requests, these go to every subscriber allowed to receive them.
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
        publish(JobsTopic.notify(pending.thingName()), JobsJson.notify(DeviceViews.pending(pending), clock.instant()));
    }

    public void notifyNext(PendingJobs pending) {
        Instant now = clock.instant();
        publish(JobsTopic.notifyNext(pending.thingName()), JobsJson.notifyNext(pending.next().map(e ->
                DeviceViews.execution(e, documents.apply(e.jobId()).map(DeviceDocument::text), now)), now));
    }

    private void publish(String topic, byte[] payload) {
        bus.publish(topic, payload, 1, false);
    }
}
