package io.fleetline.ota.update;

import io.fleetline.core.error.FleetlineException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings CreateOTAUpdate passes on to the job it creates: rollout rate, presigned URL expiry, abort criteria
 * and in-progress timeout. The ranges the AWS model states as constraints are checked by the wire layer; those it
 * states in prose are checked here.
 */
public record OtaJobConfig(Optional<Rollout> rollout, Optional<Long> presignedUrlExpiresInSec,
                           List<AbortCriterion> abort, Optional<Long> inProgressTimeoutMinutes) {
    /** OTA's presigned URLs live 30 minutes unless the update says otherwise (plain jobs default to an hour). */
    public static final Duration DEFAULT_PRESIGNED_EXPIRY = Duration.ofSeconds(1_800);
    /** A week, the longest in-progress timeout AWS takes. */
    public static final long MAX_TIMEOUT_MINUTES = 10_080;

    public OtaJobConfig {
        abort = List.copyOf(abort);
        presignedUrlExpiresInSec.ifPresent(seconds -> {
            if (seconds < 60 || seconds > 3_600) {
                throw FleetlineException.invalid("awsJobPresignedUrlConfig.expiresInSec must be 60-3600; got "
                        + seconds);
            }
        });
        inProgressTimeoutMinutes.ifPresent(minutes -> {
            if (minutes < 1 || minutes > MAX_TIMEOUT_MINUTES) {
                throw FleetlineException.invalid("awsJobTimeoutConfig.inProgressTimeoutInMinutes must be 1-"
                        + MAX_TIMEOUT_MINUTES + "; got " + minutes);
            }
        });
        if (abort.stream().map(AbortCriterion::failureType).distinct().count() < abort.size()) {
            throw FleetlineException.invalid("awsJobAbortConfig.abortCriteriaList names a failureType twice");
        }
    }

    public static OtaJobConfig none() {
        return new OtaJobConfig(Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    /** How long the document's presigned URLs live: the update's expiry, else 1,800 seconds. */
    public Duration presignedUrlExpiry() {
        return presignedUrlExpiresInSec.map(Duration::ofSeconds).orElse(DEFAULT_PRESIGNED_EXPIRY);
    }

    /** {@code awsJobExecutionsRolloutConfig}: a constant rate, or an exponential ramp (capped by the constant). */
    public record Rollout(Optional<Integer> maximumPerMinute, Optional<ExponentialRate> exponentialRate) {
    }

    /** {@code exponentialRate}: start at the base rate, multiply by the factor each time a criterion is met. */
    public record ExponentialRate(int baseRatePerMinute, double incrementFactor,
                                  Optional<Integer> numberOfNotifiedThings, Optional<Integer> numberOfSucceededThings) {
        public ExponentialRate {
            if (incrementFactor < 1.1 || incrementFactor > 5) {
                throw FleetlineException.invalid("exponentialRate.incrementFactor must be 1.1-5; got " + incrementFactor);
            }
            if (numberOfNotifiedThings.isEmpty() && numberOfSucceededThings.isEmpty()) {
                throw FleetlineException.invalid("exponentialRate.rateIncreaseCriteria needs numberOfNotifiedThings"
                        + " or numberOfSucceededThings");
            }
        }
    }

    /**
     * Cancel the job ({@code action}, always {@code CANCEL}) once {@code thresholdPercentage} of the executed things
     * ended this way ({@code FAILED}, {@code REJECTED}, {@code TIMED_OUT} or {@code ALL}), after at least
     * {@code minNumberOfExecutedThings}.
     */
    public record AbortCriterion(String failureType, String action, double thresholdPercentage,
                                 int minNumberOfExecutedThings) {
    }
}
