package io.fleetline.jobs.template;

import io.fleetline.jobs.job.JobConfig;
import java.time.Instant;
import java.util.Optional;

/**
 * A reusable job: a document and the configurations a job created from it starts with.
 *
 * @param document the document as given, or as read from {@code documentSource} when the template was created
 */
public record JobTemplate(String templateId, String description, String document, Optional<String> documentSource,
                          JobConfig config, Instant createdAt, Optional<String> sourceJobArn) {
}
