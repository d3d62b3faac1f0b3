package io.fleetline.api.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.device.DeviceFleet.Published;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing (Jazzer) of the jobs MQTT API as a device reaches it: requests on
 * {@code $aws/things/{thing}/jobs/...} with any payload, handled by the real jobs service on SQLite, for a device
 * that has a QUEUED execution of two jobs. Every request is answered exactly once, to the device that sent it alone,
 * on its {@code /accepted} or {@code /rejected} topic, with a JSON payload; a rejection carries one of the guide's
 * codes, never {@code InternalError}, and no exception escapes the handler. A number too large for the {@code long}
 * the model gives {@code expectedVersion}, {@code executionNumber} and {@code stepTimeoutInMinutes} is refused, not
 * wrapped.
 *
 * <p>An input is up to four messages separated by a line {@code %%}; each message is its topic (after
 * {@code $aws/things/<device>/jobs/}, or a whole topic when it starts with {@code $}), a newline, and the payload.
 * Every build replays the requests below and the inputs under
 * {@code src/test/resources/io/fleetline/api/device/JobsOverMqttFuzzTestInputs}; {@code mvn verify} and
 * {@code bench/fuzz jobs} also fuzz them.
 */
class JobsOverMqttFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GUIDE_CODES = Set.of("InvalidTopic", "InvalidJson", "InvalidRequest",
            "InvalidStateTransition", "ResourceNotFound", "VersionMismatch", "TerminalStateReached");
    private static final List<String> LONG_MEMBERS = List.of("expectedVersion", "executionNumber",
            "stepTimeoutInMinutes");
    private static final int MAX_MESSAGES = 4;
    private static final String SEPARATOR = "\n%%\n";
    private static DeviceFleet fleet;

    static Stream<Arguments> deviceConversations() {
        return Stream.of(
                "get\n",
                "get\n{\"clientToken\":\"c-1\"}",
                "start-next\n{\"statusDetails\":{\"progress\":\"10%\"},\"stepTimeoutInMinutes\":5,\"clientToken\":\"t\"}",
                "job-1/get\n{\"executionNumber\":1,\"includeJobDocument\":false}",
                "$next/get\n{}",
                "job-1/update\n{\"status\":\"IN_PROGRESS\",\"expectedVersion\":1,\"statusDetails\":{\"step\":\"download\"},"
                        + "\"includeJobExecutionState\":true,\"includeJobDocument\":true}",
                "start-next\n{}" + SEPARATOR + "job-1/update\n{\"status\":\"FAILED\",\"expectedVersion\":\"2\"}"
                        + SEPARATOR + "start-next\n{}",
                "job-2/update\n{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":10}" + SEPARATOR
                        + "job-2/update\n{\"status\":\"SUCCEEDED\",\"executionNumber\":1,\"stepTimeoutInMinutes\":-1}",
                "job-1/update\n{\"status\":\"REJECTED\"}" + SEPARATOR + "job-1/get\n{}",
                "notify\n{}",
                // no UTF-8 form: neither echoed nor stored (found while fuzzing the streams protocol)
                "get\n{\"clientToken\":\"\\udd6a\"}",
                "job-1/update\n{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"\\ud800\":\"x\"}}",
                "$aws/things/someone-else/jobs/get\n")
                .map(text -> Arguments.of((Object) text.getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("deviceConversations")
    @FuzzTest(maxDuration = "10s")
    void every_request_is_accepted_or_rejected_with_a_guide_code_once(byte[] input) {
        String device = fleet().newDevice();
        for (byte[] message : messages(input)) {
            int newline = indexOf(message, (byte) '\n');
            String topicLine = publishable(new String(message, 0, newline < 0 ? message.length : newline,
                    StandardCharsets.UTF_8));
            String topic = topicLine.startsWith("$") ? topicLine : "$aws/things/" + device + "/jobs/" + topicLine;
            byte[] payload = newline < 0 ? new byte[0] : Arrays.copyOfRange(message, newline + 1, message.length);

            fleet.deliver(device, topic, payload).ifPresent(published -> {
                List<Published> replies = published.stream()
                        .filter(p -> p.topic().equals(topic + "/accepted") || p.topic().equals(topic + "/rejected"))
                        .toList();
                assertThat(replies).as("answers to %s", topic).hasSize(1);
                assertThat(replies.get(0).requester()).as("answered to the requester alone").contains(device);
                answerIsWellFormed(replies.get(0));
                aNumberBeyondLongIsRefused(payload, replies.get(0));
            });
        }
    }

    /** The jobs data plane types these members {@code long}: a larger number must not wrap into a small one. */
    private static void aNumberBeyondLongIsRefused(byte[] payload, Published reply) {
        JsonNode request;
        try {
            request = JSON.readTree(payload);
        } catch (IOException notJson) {
            return;
        }
        if (request == null || !request.isObject()) {
            return;
        }
        for (String member : LONG_MEMBERS) {
            JsonNode value = request.get(member);
            if (value != null && value.isIntegralNumber() && !value.canConvertToLong()) {
                assertThat(reply.topic()).as("%s %s", member, value).endsWith("/rejected");
            }
        }
    }

    /** A topic name the broker lets a device publish to: no wildcards, no NUL (MQTT 4.7.1, 1.5.4). */
    private static String publishable(String topic) {
        return topic.replace("+", "").replace("#", "").replace("\u0000", "");
    }

    private static void answerIsWellFormed(Published reply) {
        JsonNode answer = json(reply.payload());
        assertThat(answer.path("timestamp").isIntegralNumber()).as("%s", answer).isTrue();
        if (answer.has("clientToken")) {
            assertThat(answer.get("clientToken").asText()).hasSizeLessThanOrEqualTo(64);
        }
        if (reply.topic().endsWith("/rejected")) {
            assertThat(answer.path("code").asText()).as("%s", answer).isIn(GUIDE_CODES);
            assertThat(answer.path("message").asText()).isNotBlank();
        }
    }

    private static JsonNode json(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            assertThat(node.isObject()).as("%s", node).isTrue();
            return node;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(payload, StandardCharsets.UTF_8), e);
        }
    }

    private static DeviceFleet fleet() {
        if (fleet == null || fleet.full()) {
            closeFleet();
            fleet = DeviceFleet.open();
        }
        return fleet;
    }

    @AfterAll
    static void closeFleet() {
        if (fleet != null) {
            fleet.close();
            fleet = null;
        }
    }

    private static List<byte[]> messages(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        return Arrays.stream(text.split(SEPARATOR, MAX_MESSAGES + 1)).limit(MAX_MESSAGES)
                .map(m -> m.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
