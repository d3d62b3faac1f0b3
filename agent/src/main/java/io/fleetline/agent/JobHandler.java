package io.fleetline.agent;

import java.util.Map;

/**
 * An operation the agent can carry out: a firmware update, an AWS IoT Device Client job document, a device's own.
 * The agent offers each job's document to its handlers in the order they were added and runs it with the first that
 * {@link #handles} it; a document no handler takes is REJECTED with the reason.
 */
public interface JobHandler {
    /** Whether this handler carries out {@code document} (the job document, as JSON text). */
    boolean handles(String document);

    /**
     * Carries out the job. Report progress through {@code job}; return the outcome. Thrown exceptions fail the job
     * with their message as the reason.
     */
    Outcome run(JobContext job) throws Exception;

    /**
     * The server canceled or removed the execution while this handler had it in progress (perhaps before a restart):
     * undo what the job changed on the device and drop its work. Returns whether it rebooted the device (then the
     * agent stops, as after {@link Outcome.Rebooting}). By default nothing is undone.
     */
    default boolean abandon(JobContext job) throws Exception {
        return false;
    }

    /** How a job ended on the device. */
    sealed interface Outcome {
        /** The job succeeded; {@code statusDetails} go with the SUCCEEDED report. */
        record Succeeded(Map<String, String> statusDetails) implements Outcome {
        }

        /** The job failed for {@code reason}; the details go with the FAILED report. */
        record Failed(String reason, Map<String, String> statusDetails) implements Outcome {
        }

        /** The device could not take the job at all (a document it does not understand, a command not allowed). */
        record Rejected(String reason) implements Outcome {
        }

        /** The handler rebooted the device: the job goes on from the journal when the agent starts again. */
        record Rebooting() implements Outcome {
        }
    }
}
