package io.fleetline.ota.update;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What creation has done so far, kept with the update so that a restart carries on from the last step instead of
 * doing it again: the signing jobs it started (by file index), the files once prepared, the stream id it chose and
 * whether it created that stream, and whether it asked for the job.
 */
public record CreationProgress(Map<Integer, String> signingJobs, List<PreparedFile> prepared,
                               Optional<String> streamId, boolean streamCreated, boolean jobRequested) {
    public CreationProgress {
        signingJobs = Map.copyOf(signingJobs);
        prepared = List.copyOf(prepared);
    }

    public static CreationProgress none() {
        return new CreationProgress(Map.of(), List.of(), Optional.empty(), false, false);
    }

    CreationProgress withSigningJob(int file, String jobId) {
        Map<Integer, String> jobs = new TreeMap<>(signingJobs);
        jobs.put(file, jobId);
        return new CreationProgress(jobs, prepared, streamId, streamCreated, jobRequested);
    }

    CreationProgress withPrepared(List<PreparedFile> files) {
        return new CreationProgress(signingJobs, files, streamId, streamCreated, jobRequested);
    }

    CreationProgress withStream(String id, boolean created) {
        return new CreationProgress(signingJobs, prepared, Optional.of(id), created, jobRequested);
    }

    CreationProgress withJobRequested() {
        return new CreationProgress(signingJobs, prepared, streamId, streamCreated, true);
    }
}
