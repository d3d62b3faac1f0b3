package io.fleetline.protocol.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.jobs.JobsRequest.DescribeJobExecution;
import io.fleetline.protocol.jobs.JobsRequest.GetPendingJobExecutions;
import io.fleetline.protocol.jobs.JobsRequest.StartNextPendingJobExecution;
import io.fleetline.protocol.jobs.JobsRequest.UpdateJobExecution;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The device's side of the jobs JSON: requests byte for byte as a device SDK writes them, the server's answers read. */
class JobsDeviceJsonTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void writes_start_next_with_details_step_timeout_and_token() {
        var request = new StartNextPendingJobExecution("dev-1", Optional.of(ordered("step", "downloading")),
                Optional.of(30L), Optional.of("a-1"));

        assertThat(text(JobsDeviceJson.request(request))).isEqualTo(
                "{\"statusDetails\":{\"step\":\"downloading\"},\"stepTimeoutInMinutes\":30,\"clientToken\":\"a-1\"}");
    }

    @Test
    void writes_an_update_with_expected_version_and_state_asked_for() {
        var request = new UpdateJobExecution("dev-1", "fw-2", JobExecutionStatus.IN_PROGRESS,
                Optional.of(ordered("step", "downloading", "progress", "37%")), Optional.of(4L), Optional.empty(),
                Optional.of(15L), true, false, Optional.of("a-2"));

        assertThat(text(JobsDeviceJson.request(request))).isEqualTo("{\"status\":\"IN_PROGRESS\","
                + "\"statusDetails\":{\"step\":\"downloading\",\"progress\":\"37%\"},\"expectedVersion\":4,"
                + "\"stepTimeoutInMinutes\":15,\"includeJobExecutionState\":true,\"clientToken\":\"a-2\"}");
    }

    @Test
    void writes_describe_and_get_pending_with_only_what_differs_from_the_defaults() {
        assertThat(text(JobsDeviceJson.request(new DescribeJobExecution("dev-1", "fw-2", Optional.of(3L), false,
                Optional.of("a-3"))))).isEqualTo("{\"executionNumber\":3,\"includeJobDocument\":false,\"clientToken\":\"a-3\"}");
        assertThat(text(JobsDeviceJson.request(new DescribeJobExecution("dev-1", "fw-2", Optional.empty(), true,
                Optional.empty())))).isEqualTo("{}");
        assertThat(text(JobsDeviceJson.request(new GetPendingJobExecutions("dev-1", Optional.of("a-4")))))
                .isEqualTo("{\"clientToken\":\"a-4\"}");
    }

    @Test
    void every_request_written_reads_back_as_the_server_reads_it() {
        List<JobsRequest> requests = List.of(
                new GetPendingJobExecutions("dev-1", Optional.of("t")),
                new StartNextPendingJobExecution("dev-1", Optional.of(Map.of("a", "b")), Optional.of(5L),
                        Optional.empty()),
                new DescribeJobExecution("dev-1", "fw-2", Optional.of(2L), false, Optional.of("t")),
                new UpdateJobExecution("dev-1", "fw-2", JobExecutionStatus.SUCCEEDED, Optional.of(Map.of("k", "v")),
                        Optional.of(7L), Optional.of(1L), Optional.of(-1L), true, true, Optional.of("t")));
        List<JobsTopic> topics = List.of(JobsTopic.getPending("dev-1"), JobsTopic.startNext("dev-1"),
                JobsTopic.describe("dev-1", "fw-2"), JobsTopic.update("dev-1", "fw-2"));

        for (int i = 0; i < requests.size(); i++) {
            assertThat(JobsJson.request(topics.get(i), JobsDeviceJson.request(requests.get(i))))
                    .isEqualTo(requests.get(i));
        }
    }

    @Test
    void reads_a_start_next_answer_with_its_embedded_document_as_text() {
        JobExecution execution = new JobExecution("fw-2", "dev-1", Optional.of("{\"afr_ota\":{\"files\":[]}}"),
                JobExecutionStatus.IN_PROGRESS, ordered("step", "downloading"), NOW.minusSeconds(60),
                Optional.of(NOW), NOW, Optional.of(3600L), 2, 1);
        byte[] answer = JobsJson.accepted(new JobsResponse.Execution(Optional.of(execution)), Optional.of("a-1"), NOW);

        JobsAnswer.Accepted read = JobsDeviceJson.accepted(JobsTopic.startNext("dev-1"), answer);

        assertThat(read).isEqualTo(new JobsAnswer.Accepted(Optional.of("a-1"),
                new JobsResponse.Execution(Optional.of(execution))));
    }

    @Test
    void reads_an_empty_start_next_answer_as_no_execution() {
        JobsAnswer.Accepted read = JobsDeviceJson.accepted(JobsTopic.startNext("dev-1"),
                bytes("{\"timestamp\":1780000000,\"clientToken\":\"a-1\"}"));

        assertThat(read.response()).isEqualTo(new JobsResponse.Execution(Optional.empty()));
    }

    @Test
    void reads_an_update_answer_with_the_execution_state() {
        byte[] answer = bytes("{\"executionState\":{\"status\":\"IN_PROGRESS\",\"statusDetails\":"
                + "{\"fleetline:health\":\"awaiting-confirmation\"},\"versionNumber\":5},\"timestamp\":1,"
                + "\"clientToken\":\"a-9\"}");

        JobsAnswer.Accepted read = JobsDeviceJson.accepted(JobsTopic.update("dev-1", "fw-2"), answer);

        assertThat(read.response()).isEqualTo(new JobsResponse.Updated(Optional.of(new JobExecutionState(
                JobExecutionStatus.IN_PROGRESS, Map.of("fleetline:health", "awaiting-confirmation"), 5)),
                Optional.empty()));
    }

    @Test
    void reads_a_rejection_with_the_execution_state_it_names() {
        byte[] answer = JobsJson.rejected(RejectionCode.VERSION_MISMATCH, "expected 3, is 4", Optional.of("a-5"), NOW,
                Optional.of(new JobExecutionState(JobExecutionStatus.CANCELED, Map.of(), 4)));

        JobsAnswer.Rejected read = JobsDeviceJson.rejected(answer);

        assertThat(read).isEqualTo(new JobsAnswer.Rejected(Optional.of("a-5"), "VersionMismatch", "expected 3, is 4",
                Optional.of(new JobExecutionState(JobExecutionStatus.CANCELED, Map.of(), 4))));
        assertThat(read.rejectionCode()).contains(RejectionCode.VERSION_MISMATCH);
    }

    @Test
    void reads_notify_next_with_and_without_an_execution() {
        JobExecution next = new JobExecution("fw-3", "dev-1", Optional.of("{\"x\":1}"), JobExecutionStatus.QUEUED,
                Map.of(), NOW, Optional.empty(), NOW, Optional.empty(), 1, 1);

        assertThat(JobsDeviceJson.notifyNext(JobsJson.notifyNext(Optional.of(next), NOW))).contains(next);
        assertThat(JobsDeviceJson.notifyNext(JobsJson.notifyNext(Optional.empty(), NOW))).isEmpty();
    }

    @Test
    void reads_pending_lists() {
        var summary = new JobExecutionSummary("fw-2", NOW, Optional.empty(), NOW, 1, 1);
        byte[] answer = JobsJson.accepted(new JobsResponse.Pending(List.of(), List.of(summary)), Optional.empty(), NOW);

        assertThat(JobsDeviceJson.accepted(JobsTopic.getPending("dev-1"), answer).response())
                .isEqualTo(new JobsResponse.Pending(List.of(), List.of(summary)));
    }

    @Test
    void refuses_answers_without_the_protocols_shape() {
        assertThatThrownBy(() -> JobsDeviceJson.notifyNext(bytes("[1]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobsDeviceJson.notifyNext(bytes("{\"execution\":{\"jobId\":1}}")))
                .hasMessageContaining("jobId");
        assertThatThrownBy(() -> JobsDeviceJson.rejected(bytes("{\"message\":\"no code\"}")))
                .hasMessageContaining("code");
        assertThatThrownBy(() -> JobsDeviceJson.accepted(JobsTopic.update("dev-1", "j"),
                bytes("{\"executionState\":{\"status\":\"DONE\",\"versionNumber\":1}}")))
                .hasMessageContaining("DONE");
    }
}
