package io.fleetline.jobs.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetline.jobs.execution.ExecutionStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a device sends on the jobs topics, read strictly and refused with the guide's codes. */
class DeviceRequestTest {
    private static DeviceRequest parse(String payload) {
        return DeviceRequest.parse(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts the reading is refused with {@code code} and gives its message to assert on. */
    private static AbstractStringAssert<?> assertRejected(Runnable read, String code) {
        RejectedRequest e = catchThrowableOfType(RejectedRequest.class, read::run);
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.code()).isEqualTo(code);
        return assertThat(e.getMessage());
    }

    @Test
    void reads_an_update_as_sent() {
        DeviceUpdate update = parse("{\"status\": \"IN_PROGRESS\", \"expectedVersion\": 9223372036854775807,"
                + " \"executionNumber\": \"3\", \"stepTimeoutInMinutes\": -1, \"statusDetails\": {\"step\": \"2\"}}").update();

        assertThat(update.status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(update.expectedVersion()).contains(Long.MAX_VALUE);
        assertThat(update.executionNumber()).contains(3L);
        assertThat(update.stepTimeoutInMinutes()).contains(-1L);
        assertThat(update.statusDetails()).contains(Map.of("step", "2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551618", "\"18446744073709551618\"", "-9223372036854775809"})
    void refuses_an_expected_version_past_64_bits_instead_of_wrapping_it(String version) {
        DeviceRequest request = parse("{\"status\": \"IN_PROGRESS\", \"expectedVersion\": " + version + "}");

        assertRejected(request::update, "InvalidRequest")
                .contains("expectedVersion").contains(version.replace("\"", ""));
    }

    @Test
    void refuses_a_step_timeout_of_two_to_the_64_plus_5_instead_of_reading_5() {
        DeviceRequest request = parse("{\"stepTimeoutInMinutes\": 18446744073709551621}");

        assertRejected(() -> request.optLong("stepTimeoutInMinutes"), "InvalidRequest")
                .contains("stepTimeoutInMinutes").contains("18446744073709551621");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1e3", "\"\u0663\"", "\"+1\"", "\" 1\"", "true", "\"0x10\""})
    void refuses_an_execution_number_that_is_not_a_plain_whole_number(String number) {
        DeviceRequest request = parse("{\"executionNumber\": " + number + "}");

        assertRejected(() -> request.optLong("executionNumber"), "InvalidRequest").contains("executionNumber");
    }

    @Test
    void refuses_a_number_whose_exponent_no_decimal_holds_as_malformed_json() {
        assertRejected(() -> parse("{\"status\": \"SUCCEEDED\", \"expectedVersion\": 1E8446744073709551617}"),
                "InvalidJson").contains("out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} xx", "{\"status\": \"SUCCEEDED\"} {}", "{}]", "{\"status\": \"SUCCEEDED\"}\u0000"})
    void refuses_content_after_the_json_object_as_malformed_json(String payload) {
        assertRejected(() -> parse(payload), "InvalidJson").startsWith("The request is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"expectedVersion\": 1, \"expectedVersion\": 2}",
            "{\"statusDetails\": {\"step\": \"1\", \"step\": \"2\"}}"})
    void refuses_a_key_twice_at_any_depth_as_malformed_json(String payload) {
        assertRejected(() -> parse(payload), "InvalidJson").contains("Duplicate field");
    }

    @Test
    void an_empty_payload_is_an_empty_request() {
        assertThat(parse("").optLong("executionNumber")).isEmpty();
    }

    @Test
    void whitespace_after_the_object_is_fine() {
        assertThat(parse("{\"clientToken\": \"t\"}\r\n ").clientToken()).contains("t");
    }
}
