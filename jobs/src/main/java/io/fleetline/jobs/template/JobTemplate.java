package io.fleetline.jobs.template;

import io.fleetline.jobs.job.JobConfig;
import java.time.Instant;
import java.util.Optional;

/** A reusable job: a document and the configurations a job created from it starts with. */
public record JobTemplate(String templateId, String description, String document, JobConfig config,
                          Instant createdAt, Optional<String> sourceJobArn) {
}
