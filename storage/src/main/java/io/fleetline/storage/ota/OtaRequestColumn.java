package io.fleetline.storage.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.jobs.job.FailureType;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.ota.update.CodeSigning;
import io.fleetline.ota.update.FileLocation;
import io.fleetline.ota.update.OtaFile;
import io.fleetline.ota.update.OtaJobConfig;
import io.fleetline.ota.update.OtaProtocol;
import io.fleetline.ota.update.OtaTargetSelection;
import io.fleetline.ota.update.OtaUpdateRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code request} column: an update's request as JSON text in storage's own form (member names as AWS's, so a
 * row reads plainly; signatures base64). Written and read only here.
 */
final class OtaRequestColumn {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OtaRequestColumn() {
    }

    static String write(OtaUpdateRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.put("otaUpdateId", request.otaUpdateId());
        request.description().ifPresent(d -> node.put("description", d));
        strings(node.putArray("targets"), request.targets());
        strings(node.putArray("protocols"), request.protocols().stream().map(Enum::name).toList());
        node.put("targetSelection", request.targetSelection().name());
        writeConfig(node.putObject("jobConfig"), request.jobConfig());
        ArrayNode files = node.putArray("files");
        request.files().forEach(f -> writeFile(files.addObject(), f));
        node.put("roleArn", request.roleArn());
        map(node.putObject("additionalParameters"), request.additionalParameters());
        map(node.putObject("tags"), request.tags());
        return node.toString();
    }

    static OtaUpdateRequest read(String text) {
        JsonNode node = Columns.tree(text);
        return new OtaUpdateRequest(node.path("otaUpdateId").asText(), Columns.text(node, "description"),
                Columns.strings(node.path("targets")),
                Columns.strings(node.path("protocols")).stream().map(OtaProtocol::valueOf).toList(),
                OtaTargetSelection.valueOf(node.path("targetSelection").asText()), readConfig(node.path("jobConfig")),
                readFiles(node.path("files")), node.path("roleArn").asText(),
                Columns.map(node.path("additionalParameters")), Columns.map(node.path("tags")));
    }

    private static void writeConfig(ObjectNode node, OtaJobConfig config) {
        config.rollout().ifPresent(r -> {
            ObjectNode rollout = node.putObject("rollout");
            r.maximumPerMinute().ifPresent(m -> rollout.put("maximumPerMinute", m));
            r.exponentialRate().ifPresent(e -> {
                ObjectNode rate = rollout.putObject("exponentialRate");
                rate.put("baseRatePerMinute", e.baseRatePerMinute());
                rate.put("incrementFactor", e.incrementFactor());
                e.notifiedThings().ifPresent(n -> rate.put("numberOfNotifiedThings", n));
                e.succeededThings().ifPresent(n -> rate.put("numberOfSucceededThings", n));
            });
        });
        config.presignedUrlExpiresInSec().ifPresent(s -> node.put("expiresInSec", s));
        ArrayNode abort = node.putArray("abort");
        // the action is always CANCEL, the only one AWS has; it stays in the column as rows have always had it
        config.abort().forEach(c -> abort.addObject().put("failureType", c.failureType().name())
                .put("action", "CANCEL").put("thresholdPercentage", c.thresholdPercentage())
                .put("minNumberOfExecutedThings", c.minExecutedThings()));
        config.inProgressTimeoutMinutes().ifPresent(m -> node.put("inProgressTimeoutInMinutes", m));
    }

    private static OtaJobConfig readConfig(JsonNode node) {
        Optional<JobConfig.Rollout> rollout = Columns.object(node, "rollout").map(r -> new JobConfig.Rollout(
                Columns.integer(r, "maximumPerMinute"), Columns.object(r, "exponentialRate").map(e ->
                new JobConfig.ExponentialRate(e.path("baseRatePerMinute").asInt(),
                        e.path("incrementFactor").asDouble(), Columns.integer(e, "numberOfNotifiedThings"),
                        Columns.integer(e, "numberOfSucceededThings")))));
        List<JobConfig.AbortCriterion> abort = new ArrayList<>();
        node.path("abort").forEach(c -> abort.add(new JobConfig.AbortCriterion(
                FailureType.valueOf(c.path("failureType").asText()), c.path("thresholdPercentage").asDouble(),
                c.path("minNumberOfExecutedThings").asInt())));
        return new OtaJobConfig(rollout, Columns.longValue(node, "expiresInSec"), abort,
                Columns.longValue(node, "inProgressTimeoutInMinutes"));
    }

    private static void writeFile(ObjectNode node, OtaFile file) {
        file.fileName().ifPresent(n -> node.put("fileName", n));
        file.fileType().ifPresent(t -> node.put("fileType", t));
        file.fileVersion().ifPresent(v -> node.put("fileVersion", v));
        file.location().ifPresent(location -> {
            switch (location) {
                case FileLocation.Stream s -> node.putObject("stream").put("streamId", s.streamId())
                        .put("fileId", s.fileId());
                case FileLocation.S3Location s3 -> {
                    ObjectNode object = node.putObject("s3Location").put("bucket", s3.bucket()).put("key", s3.key());
                    s3.version().ifPresent(v -> object.put("version", v));
                }
            }
        });
        file.codeSigning().ifPresent(signing -> writeSigning(node, signing));
        map(node.putObject("attributes"), file.attributes());
    }

    private static void writeSigning(ObjectNode node, CodeSigning signing) {
        switch (signing) {
            case CodeSigning.SignerJob job -> node.put("awsSignerJobId", job.jobId());
            case CodeSigning.StartSigning start -> {
                ObjectNode s = node.putObject("startSigningJobParameter");
                start.profileName().ifPresent(n -> s.put("signingProfileName", n));
                start.profileParameter().ifPresent(p -> {
                    ObjectNode parameter = s.putObject("signingProfileParameter");
                    p.certificateArn().ifPresent(v -> parameter.put("certificateArn", v));
                    p.platform().ifPresent(v -> parameter.put("platform", v));
                    p.certificatePathOnDevice().ifPresent(v -> parameter.put("certificatePathOnDevice", v));
                });
                start.destination().ifPresent(d -> {
                    ObjectNode destination = s.putObject("destination").put("bucket", d.bucket());
                    d.prefix().ifPresent(p -> destination.put("prefix", p));
                });
            }
            case CodeSigning.Custom custom -> {
                ObjectNode c = node.putObject("customCodeSigning");
                custom.signature().ifPresent(sig -> c.put("signature",
                        Base64.getEncoder().encodeToString(sig.bytes())));
                custom.certificateName().ifPresent(v -> c.put("certificateName", v));
                custom.certificatePem().ifPresent(v -> c.put("certificatePem", v));
                custom.hashAlgorithm().ifPresent(v -> c.put("hashAlgorithm", v));
                custom.signatureAlgorithm().ifPresent(v -> c.put("signatureAlgorithm", v));
            }
        }
    }

    private static List<OtaFile> readFiles(JsonNode files) {
        List<OtaFile> read = new ArrayList<>();
        for (JsonNode f : files) {
            Optional<FileLocation> location = Columns.object(f, "stream")
                    .<FileLocation>map(s -> new FileLocation.Stream(s.path("streamId").asText(),
                            s.path("fileId").asInt()))
                    .or(() -> Columns.object(f, "s3Location").map(s -> new FileLocation.S3Location(
                            s.path("bucket").asText(), s.path("key").asText(), Columns.text(s, "version"))));
            read.add(new OtaFile(Columns.text(f, "fileName"), Columns.integer(f, "fileType"),
                    Columns.text(f, "fileVersion"), location, readSigning(f), Columns.map(f.path("attributes"))));
        }
        return read;
    }

    private static Optional<CodeSigning> readSigning(JsonNode f) {
        if (f.has("awsSignerJobId")) {
            return Optional.of(new CodeSigning.SignerJob(f.path("awsSignerJobId").asText()));
        }
        Optional<CodeSigning> start = Columns.object(f, "startSigningJobParameter").map(s ->
                new CodeSigning.StartSigning(Columns.text(s, "signingProfileName"),
                        Columns.object(s, "signingProfileParameter").map(p -> new CodeSigning.ProfileParameter(
                                Columns.text(p, "certificateArn"), Columns.text(p, "platform"),
                                Columns.text(p, "certificatePathOnDevice"))),
                        Columns.object(s, "destination").map(d -> new CodeSigning.Destination(
                                d.path("bucket").asText(), Columns.text(d, "prefix")))));
        return start.or(() -> Columns.object(f, "customCodeSigning").map(c -> new CodeSigning.Custom(
                Columns.text(c, "signature").map(s -> new CodeSigning.Signature(Base64.getDecoder().decode(s))),
                Columns.text(c, "certificateName"), Columns.text(c, "certificatePem"),
                Columns.text(c, "hashAlgorithm"), Columns.text(c, "signatureAlgorithm"))));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void map(ObjectNode node, Map<String, String> values) {
        new LinkedHashMap<>(values).forEach(node::put);
    }
}
