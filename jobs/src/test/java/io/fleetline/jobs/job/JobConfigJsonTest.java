package io.fleetline.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.error.FleetlineException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The configuration members of CreateJob, read, checked, and written back as DescribeJob shows them. */
class JobConfigJsonTest {
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

    private static FleetlineException refused(String text) {
        try {
            JobConfigJson.read(json(text));
        } catch (FleetlineException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void seed_002s_configuration_reads_and_writes_back_the_same() throws Exception {
        JobConfig config = JobConfigJson.read(json(SEED_002));

        assertThat(config.rollout().orElseThrow().maximumPerMinute()).contains(10);
        assertThat(config.rollout().orElseThrow().exponentialRate().orElseThrow().succeededThings()).contains(50);
        assertThat(config.abort()).extracting(JobConfig.AbortCriterion::failureType)
                .containsExactly(FailureType.FAILED, FailureType.TIMED_OUT);
        assertThat(config.inProgressTimeoutMinutes()).contains(30L);
        JsonNode written = JobConfigJson.write(config);
        assertThat(JobConfigJson.read(written)).isEqualTo(config);
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
        JobConfig config = JobConfigJson.read(json("{\"schedulingConfig\": {\"startTime\": \"2030-01-01T10:00\","
                + " \"endTime\": \"2030-01-02T10:00:00Z\", \"endBehavior\": \"CANCEL\"}}"));
        JobConfig.Scheduling scheduling = config.scheduling().orElseThrow();

        assertThat(scheduling.startTime()).contains(Instant.parse("2030-01-01T10:00:00Z"));
        assertThat(scheduling.endTime()).contains(Instant.parse("2030-01-02T10:00:00Z"));
        assertThat(JobConfigJson.write(config).get("schedulingConfig").get("startTime").asText()).isEqualTo("2030-01-01T10:00");
    }

    @Test
    void update_job_overrides_only_what_it_names() throws Exception {
        JobConfig base = JobConfigJson.read(json(SEED_002));
        JobConfig merged = JobConfigJson.merge(base, json("{\"timeoutConfig\": {\"inProgressTimeoutInMinutes\": 5}}"));

        assertThat(merged.inProgressTimeoutMinutes()).contains(5L);
        assertThat(merged.abort()).isEqualTo(base.abort());
        assertThat(merged.rollout()).isEqualTo(base.rollout());
        assertThatThrownBy(() -> JobConfigJson.merge(base, json("{\"abortConfig\": {\"criteriaList\": []}}")))
                .isInstanceOf(FleetlineException.class);
    }
}
