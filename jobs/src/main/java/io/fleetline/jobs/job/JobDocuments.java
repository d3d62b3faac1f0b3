package io.fleetline.jobs.job;

import io.fleetline.jobs.JobStore;
import io.fleetline.jobs.document.DeviceDocument;
import io.fleetline.jobs.document.S3Documents;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Job documents as devices get them, by job id, cached: every notify-next carries one, and a job's document never
 * changes while the job exists (its presigned URLs are made at each read, from what is cached). A job updated (its
 * presigned URL expiry may change) or deleted is forgotten: a deleted job's id may come back with another document.
 */
public final class JobDocuments {
    private static final int MAX_CACHED = 1_024;
    private final JobStore store;
    private final S3Documents documents;
    private final Map<String, DeviceDocument> cache = new ConcurrentHashMap<>();

    public JobDocuments(JobStore store, S3Documents documents) {
        this.store = store;
        this.documents = documents;
    }

    public Optional<DeviceDocument> of(String jobId) {
        DeviceDocument cached = cache.get(jobId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<DeviceDocument> document = store.read(tx -> tx.findJob(jobId))
                .map(job -> documents.forDevices(job.document(), job.config().presignedUrlExpiry()));
        document.ifPresent(d -> {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();  // crude, and rare: a thousand jobs with devices busy at once
            }
            cache.put(jobId, d);
        });
        return document;
    }

    public void forget(String jobId) {
        cache.remove(jobId);
    }

    /** Forgets every document (the store was wiped). */
    public void forgetAll() {
        cache.clear();
    }
}
