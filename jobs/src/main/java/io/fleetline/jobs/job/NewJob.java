package io.fleetline.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What CreateJob asks for.
 *
 * @param configMembers the request's configuration members, read over a template's when the job has one
 */
public record NewJob(String jobId, List<String> targets, Optional<String> document, Optional<String> documentSource,
                     Optional<String> description, Optional<TargetSelection> targetSelection, JsonNode configMembers,
                     Map<String, String> tags, Optional<String> namespaceId, Optional<String> jobTemplateArn,
                     Map<String, String> documentParameters) {
    public NewJob {
        targets = List.copyOf(targets);
        tags = Map.copyOf(tags);
        documentParameters = Map.copyOf(documentParameters);
    }
}
