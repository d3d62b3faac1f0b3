package io.fleetline.ota.update;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CreateOTAUpdate's input, typed: what to send ({@code files}), to whom ({@code targets}, thing and thing group
 * ARNs, with the job's target selection), over which protocols, with which job settings. {@code roleArn} is kept
 * and shown; Fleetline has no IAM, so it grants nothing.
 */
public record OtaUpdateRequest(String otaUpdateId, Optional<String> description, List<String> targets,
                               List<OtaProtocol> protocols, OtaTargetSelection targetSelection,
                               OtaJobConfig jobConfig, List<OtaFile> files, String roleArn,
                               Map<String, String> additionalParameters, Map<String, String> tags) {
    public OtaUpdateRequest {
        targets = List.copyOf(targets);
        protocols = List.copyOf(protocols);
        files = List.copyOf(files);
        additionalParameters = Map.copyOf(additionalParameters);
        tags = Map.copyOf(tags);
    }
}
