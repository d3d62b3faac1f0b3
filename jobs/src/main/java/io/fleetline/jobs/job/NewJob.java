package io.fleetline.jobs.job;

import io.fleetline.core.error.FleetlineException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What CreateJob asks for. Callers other than the wire (OTA updates) build one with {@link #builder}.
 *
 * @param jobId       1-64 characters of letters, digits, {@code _} and {@code -} ({@code AFR_OTA-fw-2-1-0})
 * @param config      the configurations given, laid over the template's when the job has one
 * @param targetSelection SNAPSHOT when absent
 */
public record NewJob(String jobId, List<String> targets, Optional<String> document, Optional<String> documentSource,
                     Optional<String> description, Optional<TargetSelection> targetSelection, JobConfigPatch config,
                     Map<String, String> tags, Optional<String> namespaceId, Optional<String> jobTemplateArn,
                     Map<String, String> documentParameters) {
    /** The model's JobId. */
    private static final Pattern JOB_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    public NewJob {
        if (!JOB_ID.matcher(jobId).matches()) {
            throw FleetlineException.invalid("jobId must be 1-64 letters, digits, _ or -; got "
                    + (jobId.length() > 80 ? jobId.substring(0, 80) + "..." : jobId));
        }
        targets = List.copyOf(targets);
        tags = Map.copyOf(tags);
        documentParameters = Map.copyOf(documentParameters);
    }

    /** A job for {@code targets} (thing and thing-group ARNs); it needs a document or a document source. */
    public static Builder builder(String jobId, List<String> targets) {
        return new Builder(jobId, targets);
    }

    /** Builds a {@link NewJob}; what is not set is absent (no configurations, tags or template). */
    public static final class Builder {
        private final String jobId;
        private final List<String> targets;
        private Optional<String> document = Optional.empty();
        private Optional<String> documentSource = Optional.empty();
        private Optional<String> description = Optional.empty();
        private Optional<TargetSelection> targetSelection = Optional.empty();
        private JobConfigPatch config = JobConfigPatch.none();
        private Map<String, String> tags = Map.of();
        private Optional<String> namespaceId = Optional.empty();
        private Optional<String> jobTemplateArn = Optional.empty();
        private Map<String, String> documentParameters = Map.of();

        private Builder(String jobId, List<String> targets) {
            this.jobId = jobId;
            this.targets = List.copyOf(targets);
        }

        /** The document's JSON text, at most 32 KB. */
        public Builder document(String text) {
            this.document = Optional.of(text);
            return this;
        }

        /** An object-store URL the document is read from when the job is created. */
        public Builder documentSource(String url) {
            this.documentSource = Optional.of(url);
            return this;
        }

        public Builder description(String text) {
            this.description = Optional.of(text);
            return this;
        }

        public Builder targetSelection(TargetSelection selection) {
            this.targetSelection = Optional.of(selection);
            return this;
        }

        /** All configurations at once, replacing any set before. */
        public Builder config(JobConfigPatch patch) {
            this.config = patch;
            return this;
        }

        public Builder presignedUrl(JobConfig.PresignedUrl presignedUrl) {
            this.config = config.withPresignedUrl(presignedUrl);
            return this;
        }

        public Builder rollout(JobConfig.Rollout rollout) {
            this.config = config.withRollout(rollout);
            return this;
        }

        public Builder abort(List<JobConfig.AbortCriterion> criteria) {
            this.config = config.withAbort(criteria);
            return this;
        }

        /** How long an execution may stay IN_PROGRESS: 1 to 10,080 minutes. */
        public Builder inProgressTimeoutMinutes(long minutes) {
            this.config = config.withTimeout(JobConfigPatch.Timeout.minutes(minutes));
            return this;
        }

        public Builder retry(List<JobConfig.RetryCriterion> criteria) {
            this.config = config.withRetry(criteria);
            return this;
        }

        public Builder scheduling(JobConfig.Scheduling scheduling) {
            this.config = config.withScheduling(scheduling);
            return this;
        }

        public Builder tags(Map<String, String> given) {
            this.tags = Map.copyOf(given);
            return this;
        }

        public Builder namespaceId(String id) {
            this.namespaceId = Optional.of(id);
            return this;
        }

        /**
         * A template the job takes its document and configurations from, under what is set here: one of the account's,
         * or one of AWS's managed templates ({@code arn:aws:iot:<region>::jobtemplate/AWS-Reboot:1.0}).
         */
        public Builder jobTemplateArn(String arn) {
            this.jobTemplateArn = Optional.of(arn);
            return this;
        }

        /** The values of a managed template's parameters ({@code jobTemplateArn} names AWS's template). */
        public Builder documentParameters(Map<String, String> values) {
            this.documentParameters = Map.copyOf(values);
            return this;
        }

        public NewJob build() {
            return new NewJob(jobId, targets, document, documentSource, description, targetSelection, config, tags,
                    namespaceId, jobTemplateArn, documentParameters);
        }
    }
}
