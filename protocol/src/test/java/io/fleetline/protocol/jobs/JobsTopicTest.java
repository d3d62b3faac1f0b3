package io.fleetline.protocol.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import io.fleetline.protocol.jobs.JobsTopic.Operation;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobsTopicTest {
    @Test
    void parses_each_request_topic_of_the_jobs_api() {
        assertThat(JobsTopic.parse("$aws/things/dev-1/jobs/get"))
                .isEqualTo(new JobsTopic("dev-1", Operation.GET_PENDING, Optional.empty()));
        assertThat(JobsTopic.parse("$aws/things/dev-1/jobs/start-next"))
                .isEqualTo(new JobsTopic("dev-1", Operation.START_NEXT, Optional.empty()));
        assertThat(JobsTopic.parse("$aws/things/dev-1/jobs/$next/get"))
                .isEqualTo(new JobsTopic("dev-1", Operation.DESCRIBE, Optional.of(JobsTopic.NEXT)));
        assertThat(JobsTopic.parse("$aws/things/dev-1/jobs/fw-2/update"))
                .isEqualTo(new JobsTopic("dev-1", Operation.UPDATE, Optional.of("fw-2")));
        assertThat(JobsTopic.parse("$aws/things/get/jobs/get/get"))
                .as("names of operations are names like any other where a thing or job is named")
                .isEqualTo(JobsTopic.describe("get", "get"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$aws/things/dev-1/jobs/notify", "$aws/things/dev-1/jobs/notify-next",
            "$aws/things/dev-1/jobs/", "$aws/things/dev-1/jobs//get", "$aws/things//jobs/get",
            "$aws/things/dev-1/jobs/fw-2/delete", "$aws/things/dev-1/jobs/fw-2/update/accepted",
            "$aws/things/dev-1/jobs/get/accepted", "$aws/things/dev-1/shadow/get", "things/dev-1/jobs/get",
            "$aws/things/dev-1/jobs/GET"})
    void any_other_topic_is_an_invalid_topic(String topic) {
        assertThatThrownBy(() -> JobsTopic.parse(topic)).isInstanceOfSatisfying(DeviceRejection.class, e -> {
            assertThat(e.code()).isEqualTo(RejectionCode.INVALID_TOPIC);
            assertThat(e.getMessage()).contains(topic);
        });
    }

    @Test
    void builds_the_request_and_answer_topics_it_parses() {
        JobsTopic update = JobsTopic.update("dev-1", "fw-2");
        assertThat(update.topic()).isEqualTo("$aws/things/dev-1/jobs/fw-2/update");
        assertThat(update.accepted()).isEqualTo("$aws/things/dev-1/jobs/fw-2/update/accepted");
        assertThat(update.rejected()).isEqualTo("$aws/things/dev-1/jobs/fw-2/update/rejected");
        assertThat(JobsTopic.getPending("dev-1").accepted()).isEqualTo("$aws/things/dev-1/jobs/get/accepted");
        assertThat(JobsTopic.startNext("dev-1").rejected()).isEqualTo("$aws/things/dev-1/jobs/start-next/rejected");
        assertThat(JobsTopic.describe("dev-1", JobsTopic.NEXT).accepted())
                .isEqualTo("$aws/things/dev-1/jobs/$next/get/accepted");
        for (JobsTopic topic : new JobsTopic[] {update, JobsTopic.getPending("a"), JobsTopic.startNext("b"),
                JobsTopic.describe("c", "j")}) {
            assertThat(JobsTopic.parse(topic.topic())).isEqualTo(topic);
        }
        assertThat(JobsTopic.notify("dev-1")).isEqualTo("$aws/things/dev-1/jobs/notify");
        assertThat(JobsTopic.notifyNext("dev-1")).isEqualTo("$aws/things/dev-1/jobs/notify-next");
        assertThat(JobsTopic.rejected("$aws/things/dev-1/jobs/frobnicate"))
                .isEqualTo("$aws/things/dev-1/jobs/frobnicate/rejected");
    }

    @Test
    void refuses_to_build_a_topic_with_a_level_that_is_not_one_name() {
        assertThatThrownBy(() -> JobsTopic.getPending("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobsTopic.update("dev-1", "+")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobsTopic.describe("dev-1", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobsTopic("dev-1", Operation.GET_PENDING, Optional.of("j")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
