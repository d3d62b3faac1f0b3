package io.fleetline.agent.internal.firmware;

import io.fleetline.agent.JobContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code downloading} reports: one when the download starts (or resumes), then one each time another quarter of
 * the image has come, with {@code progress} ("37%") and {@code bytes} ("1234/5678"). Few enough for a fleet of
 * thousands; each also restarts the execution's step timer.
 */
final class ProgressReports {
    private static final int STEPS = 4;

    private final JobContext job;
    private final Map<String, String> details;
    private final long size;
    private int reported = -1;

    ProgressReports(JobContext job, Map<String, String> details, long size) {
        this.job = job;
        this.details = details;
        this.size = size;
    }

    void start() throws InterruptedException {
        send(0);
    }

    void bytes(long have) throws InterruptedException {
        if (have * STEPS / size > reported) {
            send(have);
        }
    }

    private void send(long have) throws InterruptedException {
        reported = (int) (have * STEPS / size);
        Map<String, String> progress = new LinkedHashMap<>(details);
        progress.put("progress", have * 100 / size + "%");
        progress.put("bytes", have + "/" + size);
        job.report(progress);
    }
}
