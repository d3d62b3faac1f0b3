package io.fleetline.api.device;

import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.log.LimitedLog;
import io.fleetline.jobs.device.DeviceViews;
import io.fleetline.jobs.execution.ExecutionStateException;
import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.jobs.JobExecutionState;
import io.fleetline.protocol.jobs.JobsJson;
import io.fleetline.protocol.jobs.JobsRequest;
import io.fleetline.protocol.jobs.JobsTopic;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The jobs API on {@code $aws/things/{thing}/jobs/...}: each request is answered on its topic plus {@code /accepted}
 * or {@code /rejected}, with the guide's payloads and codes. The broker has already checked that the device may
 * publish on the request topic (its policy decides whose jobs it may touch).
 */
final class JobsOverMqtt implements DeviceProtocol {
    /** Any device can send what makes a request fail, as often as it likes. */
    private static final LimitedLog FAILED = new LimitedLog(LoggerFactory.getLogger(JobsOverMqtt.class));

    private final JobsRequests requests;
    private final Clock clock;

    JobsOverMqtt(JobsRequests requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    @Override
    public List<Reply> serve(DeviceMessage message) {
        String topic = message.topic();
        try {
            JobsTopic parsed = JobsTopic.parse(topic);
            JobsRequest request = JobsJson.request(parsed, message.payload());
            return List.of(new Reply(parsed.accepted(), JobsJson.accepted(requests.serve(request),
                    request.clientToken(), clock.instant())));
        } catch (DeviceRejection e) {
            return rejected(message, e.code(), e.getMessage(), Optional.empty());
        } catch (ExecutionStateException e) {
            RejectionCode code = e.versionMismatch() ? RejectionCode.VERSION_MISMATCH
                    : RejectionCode.INVALID_STATE_TRANSITION;
            return rejected(message, code, e.getMessage(), Optional.of(DeviceViews.state(e.execution())));
        } catch (FleetlineException e) {
            return rejected(message, RejectionCode.of(e.code()), e.getMessage(), Optional.empty());
        } catch (RuntimeException e) {
            FAILED.error("jobs request on {} failed", topic, e);
            return rejected(message, RejectionCode.INTERNAL_ERROR, "Internal error", Optional.empty());
        }
    }

    /** Rejected on the request's topic, whatever it was, echoing its client token when that much could be read. */
    private List<Reply> rejected(DeviceMessage message, RejectionCode code, String why,
                                     Optional<JobExecutionState> state) {
        return List.of(new Reply(JobsTopic.rejected(message.topic()), JobsJson.rejected(code, why,
                JobsJson.clientToken(message.payload()), clock.instant(), state)));
    }
}
