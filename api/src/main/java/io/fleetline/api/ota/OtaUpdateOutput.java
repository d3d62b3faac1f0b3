package io.fleetline.api.ota;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.Output;
import io.fleetline.ota.update.CodeSigning;
import io.fleetline.ota.update.FileLocation;
import io.fleetline.ota.update.OtaFile;
import io.fleetline.ota.update.OtaJobConfig;
import io.fleetline.ota.update.OtaUpdate;
import io.fleetline.ota.update.OtaUpdateRequest;
import java.util.Base64;

/** GetOTAUpdate's {@code otaUpdateInfo}, as AWS writes it: the update as it was asked for, and where it is now. */
final class OtaUpdateOutput {
    private OtaUpdateOutput() {
    }

    static ObjectNode info(OtaUpdate update) {
        OtaUpdateRequest request = update.request();
        ObjectNode info = Output.object();
        info.put("otaUpdateId", update.id());
        info.put("otaUpdateArn", update.arn());
        info.set("creationDate", Output.timestamp(update.createdAt()));
        info.set("lastModifiedDate", Output.timestamp(update.lastModifiedAt()));
        Output.put(info, "description", request.description());
        ArrayNode targets = info.putArray("targets");
        request.targets().forEach(targets::add);
        ArrayNode protocols = info.putArray("protocols");
        request.protocols().forEach(p -> protocols.add(p.name()));
        rollout(info.putObject("awsJobExecutionsRolloutConfig"), request.jobConfig());
        ObjectNode presigned = info.putObject("awsJobPresignedUrlConfig");
        request.jobConfig().presignedUrlExpiresInSec().ifPresent(s -> presigned.put("expiresInSec", s));
        info.put("targetSelection", request.targetSelection().name());
        ArrayNode files = info.putArray("otaUpdateFiles");
        request.files().forEach(f -> file(files.addObject(), f));
        info.put("otaUpdateStatus", update.status().name());
        Output.put(info, "awsIotJobId", update.jobId());
        Output.put(info, "awsIotJobArn", update.jobArn());
        update.errorInfo().ifPresent(e -> info.putObject("errorInfo").put("code", e.code()).put("message", e.message()));
        if (!request.additionalParameters().isEmpty()) {
            info.set("additionalParameters", Output.stringMap(request.additionalParameters()));
        }
        return info;
    }

    private static void rollout(ObjectNode node, OtaJobConfig config) {
        config.rollout().ifPresent(r -> {
            r.maximumPerMinute().ifPresent(m -> node.put("maximumPerMinute", m));
            r.exponentialRate().ifPresent(e -> {
                ObjectNode rate = node.putObject("exponentialRate");
                rate.put("baseRatePerMinute", e.baseRatePerMinute());
                rate.put("incrementFactor", e.incrementFactor());
                ObjectNode criteria = rate.putObject("rateIncreaseCriteria");
                e.notifiedThings().ifPresent(n -> criteria.put("numberOfNotifiedThings", n));
                e.succeededThings().ifPresent(n -> criteria.put("numberOfSucceededThings", n));
            });
        });
    }

    private static void file(ObjectNode node, OtaFile file) {
        Output.put(node, "fileName", file.fileName());
        file.fileType().ifPresent(t -> node.put("fileType", t));
        Output.put(node, "fileVersion", file.fileVersion());
        file.location().ifPresent(location -> {
            ObjectNode where = node.putObject("fileLocation");
            switch (location) {
                case FileLocation.Stream s -> where.putObject("stream").put("streamId", s.streamId())
                        .put("fileId", s.fileId());
                case FileLocation.S3Location s3 -> {
                    ObjectNode object = where.putObject("s3Location").put("bucket", s3.bucket()).put("key", s3.key());
                    Output.put(object, "version", s3.version());
                }
            }
        });
        file.codeSigning().ifPresent(signing -> signing(node.putObject("codeSigning"), signing));
        if (!file.attributes().isEmpty()) {
            node.set("attributes", Output.stringMap(file.attributes()));
        }
    }

    private static void signing(ObjectNode node, CodeSigning signing) {
        switch (signing) {
            case CodeSigning.SignerJob job -> node.put("awsSignerJobId", job.jobId());
            case CodeSigning.StartSigning start -> {
                ObjectNode s = node.putObject("startSigningJobParameter");
                start.profileParameter().ifPresent(p -> {
                    ObjectNode parameter = s.putObject("signingProfileParameter");
                    Output.put(parameter, "certificateArn", p.certificateArn());
                    Output.put(parameter, "platform", p.platform());
                    Output.put(parameter, "certificatePathOnDevice", p.certificatePathOnDevice());
                });
                Output.put(s, "signingProfileName", start.profileName());
                start.destination().ifPresent(d -> {
                    ObjectNode destination = s.putObject("destination").putObject("s3Destination")
                            .put("bucket", d.bucket());
                    Output.put(destination, "prefix", d.prefix());
                });
            }
            case CodeSigning.Custom custom -> {
                ObjectNode c = node.putObject("customCodeSigning");
                // the blob as it came: base64 of its bytes (AWS shows a base64 signature text encoded once more)
                custom.signature().ifPresent(sig -> c.putObject("signature").put("inlineDocument",
                        Base64.getEncoder().encodeToString(sig.bytes())));
                if (custom.certificateName().isPresent() || custom.certificatePem().isPresent()) {
                    ObjectNode chain = c.putObject("certificateChain");
                    Output.put(chain, "certificateName", custom.certificateName());
                    Output.put(chain, "inlineDocument", custom.certificatePem());
                }
                Output.put(c, "hashAlgorithm", custom.hashAlgorithm());
                Output.put(c, "signatureAlgorithm", custom.signatureAlgorithm());
            }
        }
    }
}
