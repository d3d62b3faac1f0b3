package io.fleetline.agent;

import java.nio.file.Path;
import java.util.Map;

/** What a {@link JobHandler} knows of the job it runs, and how it reports progress. */
public interface JobContext {
    String jobId();

    /** The job document, as JSON text. */
    String document();

    /** The execution's number (a retry is a new execution). */
    long executionNumber();

    /**
     * Reports progress: an IN_PROGRESS update with these {@code statusDetails} (at most 10 entries of short text, as
     * AWS allows). Returns once the server accepted it.
     */
    void report(Map<String, String> statusDetails) throws InterruptedException;

    /** A directory of the agent's state this job may keep files in; it survives restarts and is removed at the end. */
    Path workDirectory();
}
