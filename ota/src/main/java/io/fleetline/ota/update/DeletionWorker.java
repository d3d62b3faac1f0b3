package io.fleetline.ota.update;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.time.Clock;

/**
 * Deletes an update whose DeleteOTAUpdate was accepted: its job (forced when the delete said so), the stream it created
 * when {@code deleteStream} was asked (never a stream the user gave), then the record. A part that refuses leaves the
 * update {@code DELETE_FAILED} with the refusal in {@code errorInfo}; deleting it again tries again. Each part is
 * repeatable, so a stop in between is finished by the next process.
 */
final class DeletionWorker {
    private final OtaUpdateStore store;
    private final OtaJobs jobs;
    private final OtaStreams streams;
    private final Clock clock;

    DeletionWorker(OtaUpdateStore store, OtaUpdates.Ports ports, Clock clock) {
        this.store = store;
        this.jobs = ports.jobs();
        this.streams = ports.streams();
        this.clock = clock;
    }

    void advance(OtaUpdate update) {
        OtaUpdate.Deletion asked = update.deletion().orElse(new OtaUpdate.Deletion(false, false));
        try {
            if (update.progress().jobRequested()) {
                jobs.delete(OtaUpdates.JOB_PREFIX + update.id(), asked.forceDeleteJob());
            }
            if (asked.deleteStream()) {
                update.createdStream().ifPresent(streams::delete);
            }
        } catch (FleetlineException e) {
            store.replace(update.failed(clock.instant(), OtaUpdateStatus.DELETE_FAILED, ErrorInfo.of(e)));
            return;
        }
        store.delete(update.id(), update.version());
    }

    /** After too many unexpected failures in a row: the update shows the deletion failed, and may be deleted again. */
    void giveUp(OtaUpdate update) {
        store.replace(update.failed(clock.instant(), OtaUpdateStatus.DELETE_FAILED, new ErrorInfo(
                ErrorCode.INTERNAL_FAILURE.awsType(), "deleting the OTA update failed unexpectedly "
                        + OtaUpdates.MAX_ATTEMPTS + " times in a row; the server log says why")));
    }
}
