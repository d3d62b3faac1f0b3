package io.fleetline.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The config column: what rows written before the codec moved to storage hold, read back, and written the same. */
class StoredJobConfigTest {
    /** A job without configurations, as every version so far wrote it. */
    private static final String NONE = "{\"presignedUrlConfig\":{},\"jobExecutionsRolloutConfig\":{},\"timeoutConfig\":{}}";
    /** Every member, as the jobs module's former JobConfigJson.write wrote it (captured from that code). */
    private static final String EVERY_MEMBER = "{\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::000000000000:role/ota\","
            + "\"expiresInSec\":600},\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":10,\"exponentialRate\":"
            + "{\"baseRatePerMinute\":5,\"incrementFactor\":2.5,\"rateIncreaseCriteria\":{\"numberOfNotifiedThings\":7,"
            + "\"numberOfSucceededThings\":50}}},\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\","
            + "\"action\":\"CANCEL\",\"thresholdPercentage\":10.0,\"minNumberOfExecutedThings\":20},{\"failureType\":"
            + "\"TIMED_OUT\",\"action\":\"CANCEL\",\"thresholdPercentage\":12.5,\"minNumberOfExecutedThings\":3}]},"
            + "\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":30},\"jobExecutionsRetryConfig\":{\"criteriaList\":"
            + "[{\"failureType\":\"FAILED\",\"numberOfRetries\":3},{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":0}]},"
            + "\"schedulingConfig\":{\"startTime\":\"2030-01-01T10:00\",\"endTime\":\"2030-01-02T10:00:00Z\","
            + "\"endBehavior\":\"CANCEL\",\"maintenanceWindows\":[{\"startTime\":\"cron(0 1 * * ? *)\","
            + "\"durationInMinutes\":30}]}}";
    /** A rate and an empty scheduling configuration (CreateJob with {@code schedulingConfig: {}}). */
    private static final String RATE_AND_EMPTY_SCHEDULING = "{\"presignedUrlConfig\":{},\"jobExecutionsRolloutConfig\":"
            + "{\"maximumPerMinute\":1000},\"timeoutConfig\":{},\"schedulingConfig\":{}}";
    /** An expiry alone, and an end time with a zone. */
    private static final String EXPIRY_AND_ZONED_END = "{\"presignedUrlConfig\":{\"expiresInSec\":3600},"
            + "\"jobExecutionsRolloutConfig\":{},\"timeoutConfig\":{},\"schedulingConfig\":{\"endTime\":"
            + "\"2030-01-02T10:00+02:00\",\"maintenanceWindows\":[{\"startTime\":\"cron(0 1 ? * MON *)\","
            + "\"durationInMinutes\":1430}]}}";

    @Test
    void a_row_without_configurations_reads_as_none_and_is_written_the_same() {
        assertThat(StoredJobConfig.read(NONE)).isEqualTo(JobConfig.none());
        assertThat(StoredJobConfig.write(JobConfig.none())).isEqualTo(NONE);
    }

    @Test
    void a_row_with_every_member_reads_into_each_typed_configuration() {
        JobConfig config = StoredJobConfig.read(EVERY_MEMBER);

        assertThat(config.presignedUrl()).contains(new JobConfig.PresignedUrl(
                Optional.of("arn:aws:iam::000000000000:role/ota"), Optional.of(600L)));
        assertThat(config.rollout()).contains(new JobConfig.Rollout(Optional.of(10),
                Optional.of(new JobConfig.ExponentialRate(5, 2.5, Optional.of(7), Optional.of(50)))));
        assertThat(config.abort()).containsExactly(new JobConfig.AbortCriterion(FailureType.FAILED, 10, 20),
                new JobConfig.AbortCriterion(FailureType.TIMED_OUT, 12.5, 3));
        assertThat(config.inProgressTimeoutMinutes()).contains(30L);
        assertThat(config.retry()).containsExactly(new JobConfig.RetryCriterion(FailureType.FAILED, 3),
                new JobConfig.RetryCriterion(FailureType.TIMED_OUT, 0));
        JobConfig.Scheduling scheduling = config.scheduling().orElseThrow();
        assertThat(scheduling.startTimeText()).contains("2030-01-01T10:00");
        assertThat(scheduling.startTime()).contains(Instant.parse("2030-01-01T10:00:00Z"));
        assertThat(scheduling.endTime()).contains(Instant.parse("2030-01-02T10:00:00Z"));
        assertThat(scheduling.endBehavior()).contains(JobConfig.EndBehavior.CANCEL);
        assertThat(scheduling.maintenanceWindows()).containsExactly(new JobConfig.MaintenanceWindow("cron(0 1 * * ? *)", 30));
    }

    @Test
    void rows_written_before_read_back_and_write_out_unchanged() {
        for (String row : List.of(NONE, EVERY_MEMBER, RATE_AND_EMPTY_SCHEDULING, EXPIRY_AND_ZONED_END)) {
            assertThat(StoredJobConfig.write(StoredJobConfig.read(row))).as(row).isEqualTo(row);
        }
        assertThat(StoredJobConfig.read(EXPIRY_AND_ZONED_END).scheduling().orElseThrow().endTime())
                .contains(Instant.parse("2030-01-02T08:00:00Z"));
        assertThat(StoredJobConfig.read(RATE_AND_EMPTY_SCHEDULING).scheduling()).isPresent();
    }

    @Test
    void a_corrupt_row_is_an_error_not_a_narrowed_or_missing_value() {
        assertThatThrownBy(() -> StoredJobConfig.read("not json")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> StoredJobConfig.read("[]")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> StoredJobConfig.read("{\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":4294967306}}"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> StoredJobConfig.read("{\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\","
                + "\"action\":\"CANCEL\",\"minNumberOfExecutedThings\":20}]}}")).isInstanceOf(IllegalStateException.class);
    }
}
