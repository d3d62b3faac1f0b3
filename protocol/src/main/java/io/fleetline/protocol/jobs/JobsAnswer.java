package io.fleetline.protocol.jobs;

import io.fleetline.protocol.RejectionCode;
import java.util.Optional;

/** What a device hears back from a jobs request: its {@code /accepted} or {@code /rejected} answer. */
public sealed interface JobsAnswer {
    /** The request's {@code clientToken}, echoed. */
    Optional<String> clientToken();

    /** An {@code /accepted} answer, read into the response of the request's operation. */
    record Accepted(Optional<String> clientToken, JobsResponse response) implements JobsAnswer {
    }

    /**
     * A {@code /rejected} answer.
     *
     * @param code           the code as written (an unknown one is kept; {@link #rejectionCode()} names known ones)
     * @param executionState where the execution stands, when that is why (a version mismatch, a transition refused)
     */
    record Rejected(Optional<String> clientToken, String code, String message,
                    Optional<JobExecutionState> executionState) implements JobsAnswer {
        public Optional<RejectionCode> rejectionCode() {
            return RejectionCode.ofWire(code);
        }
    }
}
