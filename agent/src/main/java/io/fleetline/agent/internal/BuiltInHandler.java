package io.fleetline.agent.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.agent.JobContext;
import io.fleetline.agent.JobHandler;

/**
 * A handler built into the agent (firmware updates, Device Client documents): it takes the document as the tree the
 * agent read once, strictly ({@link JobDocuments}), rather than the text. Offered the text, it reads it the same way.
 */
public interface BuiltInHandler extends JobHandler {
    /** Whether this handler carries out the document. */
    boolean handles(ObjectNode document);

    /** Carries out the job whose document is {@code document}. */
    Outcome run(JobContext job, ObjectNode document) throws Exception;

    @Override
    default boolean handles(String document) {
        try {
            return handles(JobDocuments.read(document));
        } catch (JobDocuments.Unreadable e) {
            return false;
        }
    }

    @Override
    default Outcome run(JobContext job) throws Exception {
        try {
            return run(job, JobDocuments.read(job.document()));
        } catch (JobDocuments.Unreadable e) {
            return new Outcome.Rejected(e.getMessage());
        }
    }
}
