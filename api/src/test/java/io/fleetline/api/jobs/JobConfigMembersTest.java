package io.fleetline.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobConfigPatch;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The configuration members of CreateJob, UpdateJob and CreateJobTemplate, read, checked (laid over no configuration,
 * as for a new job), and written back as DescribeJob shows them.
 */
class JobConfigMembersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seed 002's create-job configuration. */
    private static final String SEED_002 = """
            {"jobExecutionsRolloutConfig": {"maximumPerMinute": 10, "exponentialRate": {"baseRatePerMinute": 5,
               "incrementFactor": 2.0, "rateIncreaseCriteria": {"numberOfSucceededThings": 50}}},
             "abortConfig": {"criteriaList": [
               {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 10, "minNumberOfExecutedThings": 20},
               {"failureType": "TIMED_OUT", "action": "CANCEL", "thresholdPercentage": 15, "minNumberOfExecutedThings": 20}]},
             "timeoutConfig": {"inProgressTimeoutInMinutes": 30}}""";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** {@code text} read as CreateJob reads it: laid over no configuration. */
    private static JobConfig read(String text) throws Exception {
        return JobConfigMembers.read(json(text)).over(JobConfig.none());
    }

    private static JsonNode write(JobConfig config) {
        return JobConfigMembers.write(config, JSON.createObjectNode());
    }

    private static FleetlineException refused(String text) {
        try {
            read(text);
        } catch (FleetlineException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void seed_002s_configuration_reads_and_writes_back_the_same() throws Exception {
        JobConfig config = read(SEED_002);

        assertThat(config.rollout().orElseThrow().maximumPerMinute()).contains(10);
        assertThat(config.rollout().orElseThrow().exponentialRate().orElseThrow().succeededThings()).contains(50);
        assertThat(config.abort()).extracting(JobConfig.AbortCriterion::failureType)
                .containsExactly(FailureType.FAILED, FailureType.TIMED_OUT);
        assertThat(config.inProgressTimeoutMinutes()).contains(30L);
        JsonNode written = write(config);
        assertThat(JobConfigMembers.read(written).over(JobConfig.none())).isEqualTo(config);
        assertThat(written.get("presignedUrlConfig").isEmpty()).as("DescribeJob shows it empty").isTrue();
    }

    @Test
    void rules_the_model_states_in_prose_are_enforced() {
        assertThat(refused("{\"timeoutConfig\": {\"inProgressTimeoutInMinutes\": 10081}}").getMessage())
                .contains("inProgressTimeoutInMinutes");
        assertThat(refused("{\"jobExecutionsRolloutConfig\": {\"exponentialRate\": {\"baseRatePerMinute\": 5,"
                + " \"incrementFactor\": 2, \"rateIncreaseCriteria\": {}}}}").getMessage()).contains("rateIncreaseCriteria");
        assertThat(refused("{\"jobExecutionsRolloutConfig\": {\"exponentialRate\": {\"baseRatePerMinute\": 5,"
                + " \"incrementFactor\": 1.0, \"rateIncreaseCriteria\": {\"numberOfNotifiedThings\": 1}}}}").getMessage())
                .contains("incrementFactor");
        assertThat(refused("{\"abortConfig\": {\"criteriaList\": [{\"failureType\": \"FAILED\", \"action\": \"STOP\","
                + " \"thresholdPercentage\": 1, \"minNumberOfExecutedThings\": 1}]}}").getMessage()).contains("CANCEL");
        assertThat(refused("{\"jobExecutionsRetryConfig\": {\"criteriaList\": [{\"failureType\": \"FAILED\","
                + " \"numberOfRetries\": 1}, {\"failureType\": \"FAILED\", \"numberOfRetries\": 2}]}}").getMessage())
                .contains("twice");
        assertThat(refused("{\"jobExecutionsRetryConfig\": {\"criteriaList\": [{\"failureType\": \"REJECTED\","
                + " \"numberOfRetries\": 1}]}}").getMessage()).contains("FAILED, TIMED_OUT or ALL");
        assertThat(refused("{\"presignedUrlConfig\": {\"expiresInSec\": 30}}").getMessage()).contains("60-3600");
        assertThat(refused("{\"schedulingConfig\": {\"startTime\": \"tomorrow\"}}").getMessage()).contains("startTime");
        assertThat(refused("{\"schedulingConfig\": {\"startTime\": \"2030-01-01T10:00\", \"endTime\": \"2030-01-01T10:10\"}}")
                .getMessage()).contains("30 minutes");
        assertThat(refused("{\"schedulingConfig\": {\"maintenanceWindows\": [{\"startTime\": \"cron(99 * * * ? *)\","
                + " \"durationInMinutes\": 30}]}}").getMessage()).contains("cron");
    }

    @Test
    void refuses_a_rate_past_32_bits_instead_of_storing_its_wrapped_value() {
        // 4294967306 read as an int is 10
        assertThat(refused("{\"jobExecutionsRolloutConfig\": {\"maximumPerMinute\": 4294967306}}").getMessage())
                .contains("maximumPerMinute").contains("4294967306");
    }

    @Test
    void refuses_a_timeout_of_two_to_the_64_plus_5_instead_of_reading_5() {
        assertThat(refused("{\"timeoutConfig\": {\"inProgressTimeoutInMinutes\": 18446744073709551621}}").getMessage())
                .contains("inProgressTimeoutInMinutes").contains("18446744073709551621");
    }

    @Test
    void refuses_numbers_past_their_type_in_every_criterion() {
        assertThat(refused("{\"abortConfig\": {\"criteriaList\": [{\"failureType\": \"FAILED\", \"action\": \"CANCEL\","
                + " \"thresholdPercentage\": 1, \"minNumberOfExecutedThings\": 4294967297}]}}").getMessage())
                .contains("minNumberOfExecutedThings");
        assertThat(refused("{\"jobExecutionsRetryConfig\": {\"criteriaList\": [{\"failureType\": \"FAILED\","
                + " \"numberOfRetries\": 4294967297}]}}").getMessage()).contains("numberOfRetries");
        assertThat(refused("{\"jobExecutionsRolloutConfig\": {\"exponentialRate\": {\"baseRatePerMinute\": 4294967301,"
                + " \"incrementFactor\": 2, \"rateIncreaseCriteria\": {\"numberOfNotifiedThings\": 1}}}}").getMessage())
                .contains("baseRatePerMinute");
        assertThat(refused("{\"schedulingConfig\": {\"maintenanceWindows\": [{\"startTime\": \"cron(0 1 * * ? *)\","
                + " \"durationInMinutes\": 4294967326}]}}").getMessage()).contains("durationInMinutes");
    }

    @Test
    void refuses_a_scheduling_time_outside_the_years_0001_to_9999() {
        assertThat(refused("{\"schedulingConfig\": {\"startTime\": \"+10000-01-01T10:00\"}}").getMessage())
                .contains("startTime");
        assertThat(refused("{\"schedulingConfig\": {\"endTime\": \"0000-12-31T10:00\"}}").getMessage())
                .contains("endTime");
        assertThat(refused("{\"schedulingConfig\": {\"endTime\": \"9999-12-31T23:30-01:00\"}}").getMessage())
                .contains("endTime");
    }

    @Test
    void scheduling_times_are_read_in_utc_and_written_as_given() throws Exception {
        JobConfig config = read("{\"schedulingConfig\": {\"startTime\": \"2030-01-01T10:00\","
                + " \"endTime\": \"2030-01-02T10:00:00Z\", \"endBehavior\": \"CANCEL\"}}");
        JobConfig.Scheduling scheduling = config.scheduling().orElseThrow();

        assertThat(scheduling.startTime()).contains(Instant.parse("2030-01-01T10:00:00Z"));
        assertThat(scheduling.endTime()).contains(Instant.parse("2030-01-02T10:00:00Z"));
        assertThat(write(config).get("schedulingConfig").get("startTime").asText()).isEqualTo("2030-01-01T10:00");
    }

    @Test
    void update_job_overrides_only_what_it_names() throws Exception {
        JobConfig base = read(SEED_002);
        JobConfig merged = JobConfigMembers.read(json("{\"timeoutConfig\": {\"inProgressTimeoutInMinutes\": 5}}"))
                .over(base);

        assertThat(merged.inProgressTimeoutMinutes()).contains(5L);
        assertThat(merged.abort()).isEqualTo(base.abort());
        assertThat(merged.rollout()).isEqualTo(base.rollout());
        assertThatThrownBy(() -> JobConfigMembers.read(json("{\"abortConfig\": {\"criteriaList\": []}}")))
                .isInstanceOf(FleetlineException.class);
    }

    @Test
    void empty_presigned_url_and_rollout_configurations_are_none_given() throws Exception {
        JobConfigPatch patch = JobConfigMembers.read(json("{\"presignedUrlConfig\": {},"
                + " \"jobExecutionsRolloutConfig\": {}}"));

        assertThat(patch).isEqualTo(JobConfigPatch.none());
        JobConfig base = read(SEED_002);
        assertThat(patch.over(base)).isEqualTo(base);
    }

    @Test
    void describe_jobs_output_read_back_changes_nothing() throws Exception {
        JobConfig base = read(SEED_002);

        assertThat(JobConfigMembers.read(write(base)).over(base)).isEqualTo(base);
        assertThat(JobConfigMembers.read(write(JobConfig.none())).over(base).rollout()).isEqualTo(base.rollout());
    }

    @Test
    void an_empty_timeout_or_a_null_abort_or_retry_clears_the_bases() throws Exception {
        JobConfig base = read(SEED_002.replace("\"timeoutConfig\"", "\"jobExecutionsRetryConfig\": {\"criteriaList\":"
                + " [{\"failureType\": \"ALL\", \"numberOfRetries\": 1}]}, \"timeoutConfig\""));
        JobConfig cleared = JobConfigMembers.read(json("{\"timeoutConfig\": {}, \"abortConfig\": null,"
                + " \"jobExecutionsRetryConfig\": null}")).over(base);

        assertThat(base.retry()).isNotEmpty();
        assertThat(cleared.inProgressTimeoutMinutes()).isEmpty();
        assertThat(cleared.abort()).isEmpty();
        assertThat(cleared.retry()).isEmpty();
        assertThat(cleared.rollout()).isEqualTo(base.rollout());
    }

    @Test
    void every_member_reads_into_its_typed_configuration() throws Exception {
        JobConfig config = read("""
                {"presignedUrlConfig": {"roleArn": "arn:aws:iam::000000000000:role/ota", "expiresInSec": 600},
                 "jobExecutionsRetryConfig": {"criteriaList": [{"failureType": "TIMED_OUT", "numberOfRetries": 3}]},
                 "schedulingConfig": {"endTime": "2030-01-02T10:00+02:00", "endBehavior": "FORCE_CANCEL",
                   "maintenanceWindows": [{"startTime": "cron(0 1 ? * MON *)", "durationInMinutes": 90}]}}""");

        assertThat(config.presignedUrl()).contains(new JobConfig.PresignedUrl(
                java.util.Optional.of("arn:aws:iam::000000000000:role/ota"), java.util.Optional.of(600L)));
        assertThat(config.retry()).containsExactly(new JobConfig.RetryCriterion(FailureType.TIMED_OUT, 3));
        JobConfig.Scheduling scheduling = config.scheduling().orElseThrow();
        assertThat(scheduling.endTime()).contains(Instant.parse("2030-01-02T08:00:00Z"));
        assertThat(scheduling.endBehavior()).contains(JobConfig.EndBehavior.FORCE_CANCEL);
        assertThat(scheduling.maintenanceWindows()).containsExactly(
                new JobConfig.MaintenanceWindow("cron(0 1 ? * MON *)", 90));
        assertThat(JobConfigMembers.read(write(config)).over(JobConfig.none())).isEqualTo(config);
    }
}
