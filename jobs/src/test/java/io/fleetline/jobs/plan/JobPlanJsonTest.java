package io.fleetline.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import org.junit.jupiter.api.Test;

/** Rollout plans read exactly: a number past its field's type is refused, not wrapped. */
class JobPlanJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COHORT = "{\"name\": \"a\", \"thingCount\": 1, \"successThresholdPercentage\": 90}";

    private static void assertRefused(String plan, String field) {
        assertThatThrownBy(() -> JobPlanJson.read(JSON.readTree(plan)))
                .isInstanceOfSatisfying(FleetlineException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining(field);
    }

    @Test
    void refuses_a_cohort_size_past_32_bits_instead_of_reading_its_wrapped_value() {
        // 4294967297 read as an int is 1
        assertRefused("{\"cohorts\": [{\"name\": \"a\", \"thingCount\": 4294967297, \"successThresholdPercentage\": 90}]}",
                "thingCount");
    }

    @Test
    void refuses_a_delay_past_64_bits_instead_of_reading_its_wrapped_value() {
        // 2^64 + 1 read as a long is 1, a valid delay
        assertRefused("{\"cohorts\": [" + COHORT + "], \"retryBackoff\": {\"initialDelaySeconds\": 18446744073709551617}}",
                "initialDelaySeconds");
    }

    @Test
    void reads_a_plan_that_fits() throws Exception {
        JobPlan plan = JobPlanJson.read(JSON.readTree("{\"cohorts\": [{\"name\": \"a\", \"thingCount\": 2147483647,"
                + " \"successThresholdPercentage\": 90}], \"healthCheck\": {\"confirmWithinMinutes\": 10}}"));

        assertThat(plan.cohorts().getFirst().thingCount()).contains(Integer.MAX_VALUE);
    }
}
