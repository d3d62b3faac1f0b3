package io.fleetline.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.FleetlineException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Configurations laid over a base: what a patch gives replaces, what it leaves out stays. */
class JobConfigPatchTest {
    private static final JobConfig.AbortCriterion FAILED_10 = new JobConfig.AbortCriterion(FailureType.FAILED, 10, 20);
    private static final JobConfig.RetryCriterion RETRY_TWICE = new JobConfig.RetryCriterion(FailureType.FAILED, 2);
    private static final JobConfig BASE = JobConfigPatch.none()
            .withPresignedUrl(JobConfig.PresignedUrl.expiringIn(600))
            .withRollout(JobConfig.Rollout.maximumPerMinute(10))
            .withAbort(List.of(FAILED_10))
            .withTimeout(JobConfigPatch.Timeout.minutes(30))
            .withRetry(List.of(RETRY_TWICE))
            .withScheduling(JobConfig.Scheduling.of(Optional.of("2030-01-01T10:00"), Optional.empty(), Optional.empty(),
                    List.of()))
            .over(JobConfig.none());

    @Test
    void a_patch_over_nothing_is_the_configuration_it_gives() {
        assertThat(BASE.presignedUrl().orElseThrow().expiresInSec()).contains(600L);
        assertThat(BASE.rollout().orElseThrow().maximumPerMinute()).contains(10);
        assertThat(BASE.abort()).containsExactly(FAILED_10);
        assertThat(BASE.inProgressTimeoutMinutes()).contains(30L);
        assertThat(BASE.retry()).containsExactly(RETRY_TWICE);
        assertThat(BASE.scheduling().orElseThrow().startTimeText()).contains("2030-01-01T10:00");
    }

    @Test
    void an_empty_patch_keeps_every_configuration_of_the_base() {
        assertThat(JobConfigPatch.none().over(BASE)).isEqualTo(BASE);
    }

    @Test
    void a_given_configuration_replaces_the_bases_whole_and_leaves_the_others() {
        JobConfig merged = JobConfigPatch.none().withRollout(JobConfig.Rollout.maximumPerMinute(99))
                .withTimeout(JobConfigPatch.Timeout.minutes(5)).over(BASE);

        assertThat(merged.rollout()).contains(JobConfig.Rollout.maximumPerMinute(99));
        assertThat(merged.inProgressTimeoutMinutes()).contains(5L);
        assertThat(merged.abort()).isEqualTo(BASE.abort());
        assertThat(merged.presignedUrl()).isEqualTo(BASE.presignedUrl());
        assertThat(merged.scheduling()).isEqualTo(BASE.scheduling());
    }

    @Test
    void an_empty_list_or_a_timeout_without_minutes_clears_the_bases() {
        JobConfig cleared = JobConfigPatch.none().withAbort(List.of()).withRetry(List.of())
                .withTimeout(new JobConfigPatch.Timeout(Optional.empty())).over(BASE);

        assertThat(cleared.abort()).isEmpty();
        assertThat(cleared.retry()).isEmpty();
        assertThat(cleared.inProgressTimeoutMinutes()).isEmpty();
        assertThat(cleared.rollout()).isEqualTo(BASE.rollout());
    }

    @Test
    void rules_across_criteria_are_checked_when_the_patch_is_laid_over_its_base() {
        JobConfigPatch twice = JobConfigPatch.none().withRetry(List.of(RETRY_TWICE,
                new JobConfig.RetryCriterion(FailureType.FAILED, 1)));

        assertThatThrownBy(() -> twice.over(BASE)).isInstanceOf(FleetlineException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> JobConfigPatch.Timeout.minutes(10_081)).isInstanceOf(FleetlineException.class)
                .hasMessageContaining("inProgressTimeoutInMinutes");
    }

    @Test
    void an_ota_job_is_built_with_typed_configurations_and_its_id_passes() {
        NewJob job = NewJob.builder("AFR_OTA-fw-2-1-0", List.of("arn:aws:iot:us-east-1:000000000000:thinggroup/fleet"))
                .document("{\"afr_ota\":{}}").targetSelection(TargetSelection.CONTINUOUS).description("firmware 2.1.0")
                .rollout(JobConfig.Rollout.maximumPerMinute(50)).abort(List.of(FAILED_10))
                .inProgressTimeoutMinutes(60).presignedUrl(JobConfig.PresignedUrl.expiringIn(1800))
                .tags(java.util.Map.of("release", "2.1.0")).build();

        JobConfig config = job.config().over(JobConfig.none());
        assertThat(job.document()).contains("{\"afr_ota\":{}}");
        assertThat(job.targetSelection()).contains(TargetSelection.CONTINUOUS);
        assertThat(config.rollout().orElseThrow().maximumPerMinute()).contains(50);
        assertThat(config.abort()).containsExactly(FAILED_10);
        assertThat(config.inProgressTimeoutMinutes()).contains(60L);
        assertThat(config.presignedUrlExpiry()).hasSeconds(1800);
        assertThat(config.retry()).isEmpty();
    }

    @Test
    void a_job_id_outside_the_models_pattern_is_refused() {
        assertThatThrownBy(() -> NewJob.builder("a".repeat(65), List.of()).build())
                .isInstanceOf(FleetlineException.class).hasMessageContaining("jobId");
        assertThatThrownBy(() -> NewJob.builder("AFR_OTA-fw 2", List.of()).build())
                .isInstanceOf(FleetlineException.class).hasMessageContaining("jobId");
        assertThatThrownBy(() -> NewJob.builder("", List.of()).build()).isInstanceOf(FleetlineException.class);
    }
}
