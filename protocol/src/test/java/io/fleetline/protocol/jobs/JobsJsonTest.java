package io.fleetline.protocol.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.jobs.JobsRequest.DescribeJobExecution;
import io.fleetline.protocol.jobs.JobsRequest.GetPendingJobExecutions;
import io.fleetline.protocol.jobs.JobsRequest.StartNextPendingJobExecution;
import io.fleetline.protocol.jobs.JobsRequest.UpdateJobExecution;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jobs protocol's JSON: requests read strictly and refused with the guide's codes, answers as AWS writes them. */
class JobsJsonTest {
    private static final JobsTopic UPDATE = JobsTopic.update("dev-1", "fw-2");
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static JobsRequest read(JobsTopic topic, String payload) {
        return JobsJson.request(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static UpdateJobExecution update(String payload) {
        return (UpdateJobExecution) read(UPDATE, payload);
    }

    /** Asserts the reading is refused with {@code code} and gives its message to assert on. */
    private static AbstractStringAssert<?> assertRejected(Runnable read, RejectionCode code) {
        DeviceRejection e = catchThrowableOfType(DeviceRejection.class, read::run);
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.code()).isEqualTo(code);
        return assertThat(e.getMessage());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void reads_an_update_as_sent() {
        UpdateJobExecution update = update("{\"status\": \"IN_PROGRESS\", \"expectedVersion\": 9223372036854775807,"
                + " \"executionNumber\": \"3\", \"stepTimeoutInMinutes\": -1, \"statusDetails\": {\"step\": \"2\"},"
                + " \"includeJobDocument\": true, \"clientToken\": \"t-1\"}");

        assertThat(update).isEqualTo(new UpdateJobExecution("dev-1", "fw-2", JobExecutionStatus.IN_PROGRESS,
                Optional.of(Map.of("step", "2")), Optional.of(Long.MAX_VALUE), Optional.of(3L), Optional.of(-1L),
                false, true, Optional.of("t-1")));
    }

    @Test
    void reads_each_operation_with_the_guides_defaults() {
        assertThat(read(JobsTopic.getPending("dev-1"), "")).isEqualTo(new GetPendingJobExecutions("dev-1",
                Optional.empty()));
        assertThat(read(JobsTopic.startNext("dev-1"), "{\"statusDetails\": {\"b\": \"1\", \"a\": \"2\"}}"))
                .isEqualTo(new StartNextPendingJobExecution("dev-1", Optional.of(Map.of("b", "1", "a", "2")),
                        Optional.empty(), Optional.empty()));
        assertThat(read(JobsTopic.describe("dev-1", JobsTopic.NEXT), "{}")).as("the document unless refused")
                .isEqualTo(new DescribeJobExecution("dev-1", "$next", Optional.empty(), true, Optional.empty()));
        assertThat(update("{\"status\": \"SUCCESS\"}").status()).as("the 2018 guide's spelling")
                .isEqualTo(JobExecutionStatus.SUCCEEDED);
    }

    @Test
    void reads_only_the_members_of_the_topics_operation() {
        assertThat(read(JobsTopic.getPending("dev-1"), "{\"executionNumber\": \"many\", \"status\": 7}"))
                .isEqualTo(new GetPendingJobExecutions("dev-1", Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551618", "\"18446744073709551618\"", "-9223372036854775809"})
    void refuses_an_expected_version_past_64_bits_instead_of_wrapping_it(String version) {
        assertRejected(() -> update("{\"status\": \"IN_PROGRESS\", \"expectedVersion\": " + version + "}"),
                RejectionCode.INVALID_REQUEST).contains("expectedVersion").contains(version.replace("\"", ""));
    }

    @Test
    void refuses_a_step_timeout_of_two_to_the_64_plus_5_instead_of_reading_5() {
        assertRejected(() -> read(JobsTopic.startNext("dev-1"), "{\"stepTimeoutInMinutes\": 18446744073709551621}"),
                RejectionCode.INVALID_REQUEST).contains("stepTimeoutInMinutes").contains("18446744073709551621");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1e3", "\"\u0663\"", "\"+1\"", "\" 1\"", "true", "\"0x10\""})
    void refuses_an_execution_number_that_is_not_a_plain_whole_number(String number) {
        assertRejected(() -> read(JobsTopic.describe("dev-1", "fw-2"), "{\"executionNumber\": " + number + "}"),
                RejectionCode.INVALID_REQUEST).contains("executionNumber");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"status\": 3}", "{\"status\": \"DONE\"}", "{\"status\": \"succeeded\"}"})
    void refuses_an_update_without_a_status_it_knows(String payload) {
        assertRejected(() -> update(payload), RejectionCode.INVALID_REQUEST).contains("tatus");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\": \"FAILED\", \"statusDetails\": {\"n\": 1}}",
            "{\"status\": \"FAILED\", \"statusDetails\": [\"a\"]}",
            "{\"status\": \"FAILED\", \"includeJobExecutionState\": \"yes\"}",
            "{\"status\": \"FAILED\", \"clientToken\": 7}"})
    void refuses_members_of_the_wrong_type(String payload) {
        assertRejected(() -> update(payload), RejectionCode.INVALID_REQUEST);
    }

    @Test
    void refuses_a_client_token_longer_than_64_characters() {
        assertThat(update("{\"status\": \"FAILED\", \"clientToken\": \"" + "t".repeat(64) + "\"}").clientToken())
                .contains("t".repeat(64));
        assertRejected(() -> update("{\"status\": \"FAILED\", \"clientToken\": \"" + "t".repeat(65) + "\"}"),
                RejectionCode.INVALID_REQUEST).contains("clientToken");
    }

    @Test
    void refuses_a_number_whose_exponent_no_decimal_holds_as_malformed_json() {
        assertRejected(() -> update("{\"status\": \"SUCCEEDED\", \"expectedVersion\": 1E8446744073709551617}"),
                RejectionCode.INVALID_JSON).contains("out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} xx", "{\"status\": \"SUCCEEDED\"} {}", "{}]", "{\"status\": \"SUCCEEDED\"}\u0000"})
    void refuses_content_after_the_json_object_as_malformed_json(String payload) {
        assertRejected(() -> update(payload), RejectionCode.INVALID_JSON).startsWith("The request is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"expectedVersion\": 1, \"expectedVersion\": 2}",
            "{\"statusDetails\": {\"step\": \"1\", \"step\": \"2\"}}"})
    void refuses_a_key_twice_at_any_depth_as_malformed_json(String payload) {
        assertRejected(() -> update(payload), RejectionCode.INVALID_JSON).contains("Duplicate field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"get\"", "7", "null"})
    void refuses_json_that_is_not_an_object(String payload) {
        assertRejected(() -> update(payload), RejectionCode.INVALID_JSON).contains("must be a JSON object");
    }

    @Test
    void refuses_a_payload_that_is_not_utf_8() {
        byte[] latin1 = "{\"status\": \"FAILED\", \"statusDetails\": {\"r\": \"\u00e9\"}}"
                .getBytes(StandardCharsets.ISO_8859_1);
        DeviceRejection e = catchThrowableOfType(DeviceRejection.class, () -> JobsJson.request(UPDATE, latin1));
        assertThat(e.code()).isEqualTo(RejectionCode.INVALID_JSON);
        assertThat(e.getMessage()).contains("UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"clientToken\": \"x\\udd6a\"}", "{\"statusDetails\": {\"\\ud800\": \"1\"}}",
            "{\"status\": \"FAILED\", \"statusDetails\": {\"r\": \"\\ude00\\ud83d\"}}"})
    void refuses_a_lone_surrogate_in_any_key_or_string_as_malformed_json(String payload) {
        // no UTF-8 form: it could be neither echoed nor stored as sent
        assertRejected(() -> update(payload), RejectionCode.INVALID_JSON).contains("lone surrogate");
    }

    @Test
    void an_empty_payload_is_an_empty_request_and_whitespace_after_the_object_is_fine() {
        assertThat(read(JobsTopic.describe("dev-1", "j"), "")).isEqualTo(new DescribeJobExecution("dev-1", "j",
                Optional.empty(), true, Optional.empty()));
        assertThat(read(JobsTopic.getPending("dev-1"), "{\"clientToken\": \"t\"}\r\n ").clientToken()).contains("t");
    }

    @Test
    void the_client_token_of_a_refused_request_is_still_echoed_when_it_can_be_read() {
        assertThat(JobsJson.clientToken("{\"clientToken\": \"c1\", \"status\": 3}".getBytes(StandardCharsets.UTF_8)))
                .contains("c1");
        assertThat(JobsJson.clientToken("{\"clientToken\": \"c1\"".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    private static JobExecution execution(Optional<String> document) {
        return new JobExecution("fw-2", "dev-1", document, JobExecutionStatus.IN_PROGRESS, Map.of("step", "2"),
                Instant.ofEpochSecond(100), Optional.of(Instant.ofEpochSecond(160)), Instant.ofEpochSecond(170),
                Optional.of(540L), 2, 1);
    }

    @Test
    void writes_an_accepted_execution_with_its_document_as_json_and_the_envelope_after_it() {
        byte[] answer = JobsJson.accepted(new JobsResponse.Execution(Optional.of(execution(
                Optional.of("{ \"url\": \"https://x/y?a=1&b=2\" }")))), Optional.of("c1"), NOW);

        assertThat(text(answer)).isEqualTo("{\"execution\":{\"jobId\":\"fw-2\",\"thingName\":\"dev-1\","
                + "\"jobDocument\":{ \"url\": \"https://x/y?a=1&b=2\" },\"status\":\"IN_PROGRESS\","
                + "\"statusDetails\":{\"step\":\"2\"},\"queuedAt\":100,\"startedAt\":160,\"lastUpdatedAt\":170,"
                + "\"approximateSecondsBeforeTimedOut\":540,\"versionNumber\":2,\"executionNumber\":1},"
                + "\"timestamp\":1780315200,\"clientToken\":\"c1\"}");
    }

    @Test
    void a_document_that_is_not_json_goes_as_text_and_https_always_gets_text() {
        String notJson = "{\"a\": 1} trailing";
        assertThat(JobsJson.body(new JobsResponse.Execution(Optional.of(execution(Optional.of(notJson)))),
                JobsJson.Document.JSON).path("execution").path("jobDocument").textValue()).isEqualTo(notJson);
        assertThat(JobsJson.body(new JobsResponse.Updated(Optional.empty(), Optional.of("{\"a\":1}")),
                JobsJson.Document.TEXT).path("jobDocument").textValue()).isEqualTo("{\"a\":1}");
    }

    @Test
    void a_document_naming_a_key_twice_goes_as_text_so_that_the_answer_stays_strict_json() {
        String twice = "{\"files\": [{\"url\": \"https://a/x\", \"url\": \"https://b/x\"}]}";

        byte[] answer = JobsJson.accepted(new JobsResponse.Execution(Optional.of(execution(Optional.of(twice)))),
                Optional.of("c1"), NOW);

        assertThat(JobsDeviceJson.accepted(JobsTopic.startNext("dev-1"), answer))
                .isInstanceOfSatisfying(JobsAnswer.Accepted.class, accepted -> assertThat(accepted.response())
                        .isEqualTo(new JobsResponse.Execution(Optional.of(execution(Optional.of(twice))))));
    }

    @Test
    void writes_pending_executions_updates_and_an_empty_answer() {
        JobExecutionSummary queued = new JobExecutionSummary("j-1", Instant.ofEpochSecond(5), Optional.empty(),
                Instant.ofEpochSecond(6), 1, 1);
        assertThat(text(JobsJson.accepted(new JobsResponse.Pending(List.of(), List.of(queued)), Optional.empty(), NOW)))
                .isEqualTo("{\"inProgressJobs\":[],\"queuedJobs\":[{\"jobId\":\"j-1\",\"queuedAt\":5,"
                        + "\"lastUpdatedAt\":6,\"versionNumber\":1,\"executionNumber\":1}],\"timestamp\":1780315200}");
        assertThat(text(JobsJson.accepted(new JobsResponse.Updated(Optional.of(new JobExecutionState(
                JobExecutionStatus.SUCCEEDED, Map.of(), 3)), Optional.empty()), Optional.empty(), NOW)))
                .isEqualTo("{\"executionState\":{\"status\":\"SUCCEEDED\",\"statusDetails\":{},\"versionNumber\":3},"
                        + "\"timestamp\":1780315200}");
        assertThat(text(JobsJson.accepted(new JobsResponse.Execution(Optional.empty()), Optional.of("t"), NOW)))
                .isEqualTo("{\"timestamp\":1780315200,\"clientToken\":\"t\"}");
    }

    @Test
    void writes_a_rejection_with_the_wire_code_and_the_state_when_there_is_one() {
        assertThat(text(JobsJson.rejected(RejectionCode.VERSION_MISMATCH, "at version 2", Optional.of("c1"), NOW,
                Optional.of(new JobExecutionState(JobExecutionStatus.QUEUED, Map.of(), 2)))))
                .isEqualTo("{\"code\":\"VersionMismatch\",\"message\":\"at version 2\",\"clientToken\":\"c1\","
                        + "\"timestamp\":1780315200,\"executionState\":{\"status\":\"QUEUED\",\"statusDetails\":{},"
                        + "\"versionNumber\":2}}");
    }

    @Test
    void writes_notify_by_status_and_notify_next_with_only_a_timestamp_when_nothing_is_next() {
        JobExecutionSummary queued = new JobExecutionSummary("j-1", Instant.ofEpochSecond(5), Optional.empty(),
                Instant.ofEpochSecond(6), 1, 1);
        assertThat(text(JobsJson.notify(new JobsResponse.Pending(List.of(), List.of(queued)), NOW)))
                .isEqualTo("{\"timestamp\":1780315200,\"jobs\":{\"QUEUED\":[{\"jobId\":\"j-1\",\"queuedAt\":5,"
                        + "\"lastUpdatedAt\":6,\"versionNumber\":1,\"executionNumber\":1}]}}");
        assertThat(text(JobsJson.notify(new JobsResponse.Pending(List.of(), List.of()), NOW)))
                .isEqualTo("{\"timestamp\":1780315200,\"jobs\":{}}");
        assertThat(text(JobsJson.notifyNext(Optional.empty(), NOW))).isEqualTo("{\"timestamp\":1780315200}");
        assertThat(text(JobsJson.notifyNext(Optional.of(execution(Optional.of("[1]"))), NOW)))
                .contains("\"jobDocument\":[1]");
    }
}
