package io.fleetline.jobs.job;

import io.fleetline.jobs.JobStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Job documents by job id, cached: every notify-next carries one, and a job's document never changes while the job
 * exists. A deleted job is forgotten, since its id may come back with another document.
 */
public final class JobDocuments {
    private static final int MAX_CACHED = 1_024;
    private final JobStore store;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public JobDocuments(JobStore store) {
        this.store = store;
    }

    public Optional<String> of(String jobId) {
        String cached = cache.get(jobId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> document = store.read(tx -> tx.findJob(jobId)).map(Job::document);
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
