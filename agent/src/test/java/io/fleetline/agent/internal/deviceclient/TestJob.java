package io.fleetline.agent.internal.deviceclient;

import io.fleetline.agent.JobContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A job as the agent hands it to a handler: its document, a work directory, and the progress it reported. */
record TestJob(String jobId, String document, long executionNumber, Path workDirectory,
               List<Map<String, String>> reports) implements JobContext {
    static TestJob of(String document, Path workDirectory) {
        return new TestJob("job-1", document, 1, workDirectory, new CopyOnWriteArrayList<>());
    }

    @Override
    public void report(Map<String, String> statusDetails) {
        reports.add(Map.copyOf(statusDetails));
    }
}
