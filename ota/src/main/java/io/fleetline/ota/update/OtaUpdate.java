package io.fleetline.ota.update;

import java.time.Instant;
import java.util.Optional;

/**
 * An OTA update as it is kept: the request, its ARN, status and {@code errorInfo}, times, the job it created (id and
 * ARN, once asked for), what creation has done so far, and the delete asked for, if any. {@code version} counts the
 * record's changes: a write that does not start from the version it read loses (see {@link OtaUpdateStore#replace}).
 */
public record OtaUpdate(OtaUpdateRequest request, String arn, OtaUpdateStatus status, Optional<ErrorInfo> errorInfo,
                        Instant createdAt, Instant lastModifiedAt, Optional<String> jobId, Optional<String> jobArn,
                        CreationProgress progress, Optional<Deletion> deletion, long version) {

    /** DeleteOTAUpdate's options, kept while the deletion runs. */
    public record Deletion(boolean deleteStream, boolean forceDeleteJob) {
    }

    public String id() {
        return request.otaUpdateId();
    }

    /** The stream this update created (an {@code AFR_OTA-<uuid>} stream), if it chose one. */
    public Optional<String> createdStream() {
        return progress.streamId();
    }

    /**
     * Whether this update holds stream {@code streamId}, which may then not be deleted: while it is being created and
     * once it is complete, the stream it made and a user's stream its files are in. An update that failed, or is being
     * deleted, holds none.
     */
    public boolean holdsStream(String streamId) {
        if (!status.creating() && status != OtaUpdateStatus.CREATE_COMPLETE) {
            return false;
        }
        return progress.streamId().filter(streamId::equals).isPresent() || request.files().stream()
                .flatMap(file -> file.location().stream())
                .anyMatch(location -> location instanceof FileLocation.Stream stream
                        && stream.streamId().equals(streamId));
    }

    /** The update as the next write leaves it: one version on, modified at {@code now}. */
    OtaUpdate next(Instant now, OtaUpdateStatus nextStatus, CreationProgress nextProgress) {
        return new OtaUpdate(request, arn, nextStatus, errorInfo, createdAt, now, jobId, jobArn, nextProgress, deletion,
                version + 1);
    }

    OtaUpdate failed(Instant now, OtaUpdateStatus failure, ErrorInfo error) {
        return new OtaUpdate(request, arn, failure, Optional.of(error), createdAt, now, jobId, jobArn, progress,
                deletion, version + 1);
    }

    OtaUpdate completed(Instant now, String job, String arnOfJob) {
        return new OtaUpdate(request, arn, OtaUpdateStatus.CREATE_COMPLETE, Optional.empty(), createdAt, now,
                Optional.of(job), Optional.of(arnOfJob), progress, deletion, version + 1);
    }

    OtaUpdate deleting(Instant now, Deletion asked) {
        return new OtaUpdate(request, arn, OtaUpdateStatus.DELETE_IN_PROGRESS, Optional.empty(), createdAt, now, jobId,
                jobArn, progress, Optional.of(asked), version + 1);
    }
}
