package io.fleetline.api.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.Input;
import io.fleetline.core.error.FleetlineException;
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
import java.util.List;
import java.util.Optional;

/**
 * CreateOTAUpdate's validated input read into the domain's request. Where the model leaves a choice open, one is
 * made here: a {@code fileLocation} names a stream or an S3 object, not both; {@code codeSigning} names one way of
 * signing; protocols default to {@code [MQTT]} and the target selection to {@code SNAPSHOT}.
 */
final class OtaUpdateInput {
    private OtaUpdateInput() {
    }

    static OtaUpdateRequest request(Input in) {
        List<OtaProtocol> protocols = in.strings("protocols").stream().map(OtaProtocol::valueOf).toList();
        List<OtaFile> files = new ArrayList<>();
        JsonNode list = in.node().path("files");
        for (int i = 0; i < list.size(); i++) {
            files.add(file(nested(list.get(i)), "files[" + i + "]"));
        }
        return new OtaUpdateRequest(in.string("otaUpdateId"), in.optString("description"), in.strings("targets"),
                protocols.isEmpty() ? List.of(OtaProtocol.MQTT) : protocols,
                in.optString("targetSelection").map(OtaTargetSelection::valueOf).orElse(OtaTargetSelection.SNAPSHOT),
                config(in), files, in.string("roleArn"),
                Input.stringMap(in.object("additionalParameters").orElse(null)), in.tags("tags"));
    }

    private static OtaJobConfig config(Input in) {
        Optional<JobConfig.Rollout> rollout = in.object("awsJobExecutionsRolloutConfig").map(OtaUpdateInput::nested)
                .map(r -> new JobConfig.Rollout(r.optInt("maximumPerMinute"), r.object("exponentialRate")
                        .map(OtaUpdateInput::nested).map(OtaUpdateInput::exponential)));
        // action is CANCEL, the model's only one
        List<JobConfig.AbortCriterion> abort = new ArrayList<>();
        in.object("awsJobAbortConfig").map(a -> a.path("abortCriteriaList")).ifPresent(criteria ->
                criteria.forEach(c -> {
                    Input criterion = nested(c);
                    abort.add(new JobConfig.AbortCriterion(failureType(criterion.string("failureType")),
                            c.path("thresholdPercentage").doubleValue(),
                            criterion.optInt("minNumberOfExecutedThings").orElseThrow()));
                }));
        return new OtaJobConfig(rollout, in.object("awsJobPresignedUrlConfig").map(OtaUpdateInput::nested)
                .flatMap(p -> p.optLong("expiresInSec")), abort,
                in.object("awsJobTimeoutConfig").map(OtaUpdateInput::nested)
                        .flatMap(t -> t.optLong("inProgressTimeoutInMinutes")));
    }

    private static FailureType failureType(String text) {
        try {
            return FailureType.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw FleetlineException.invalid("awsJobAbortConfig.abortCriteriaList failureType must be FAILED,"
                    + " REJECTED, TIMED_OUT or ALL; got " + text);
        }
    }

    private static JobConfig.ExponentialRate exponential(Input rate) {
        Input criteria = nested(rate.object("rateIncreaseCriteria").orElse(rate.node().objectNode()));
        return new JobConfig.ExponentialRate(rate.optInt("baseRatePerMinute").orElseThrow(),
                rate.node().path("incrementFactor").doubleValue(), criteria.optInt("numberOfNotifiedThings"),
                criteria.optInt("numberOfSucceededThings"));
    }

    private static OtaFile file(Input file, String member) {
        return new OtaFile(file.optString("fileName"), file.optInt("fileType"), file.optString("fileVersion"),
                file.object("fileLocation").map(OtaUpdateInput::nested).flatMap(l -> location(l, member)),
                file.object("codeSigning").map(OtaUpdateInput::nested).flatMap(s -> signing(s, member)),
                Input.stringMap(file.object("attributes").orElse(null)));
    }

    private static Optional<FileLocation> location(Input location, String member) {
        Optional<Input> stream = location.object("stream").map(OtaUpdateInput::nested);
        Optional<Input> s3 = location.object("s3Location").map(OtaUpdateInput::nested);
        if (stream.isPresent() && s3.isPresent()) {
            throw FleetlineException.invalid(member + ".fileLocation names a stream and an s3Location; give one");
        }
        if (stream.isPresent()) {
            String streamId = stream.get().optString("streamId").orElseThrow(() -> FleetlineException.invalid(
                    member + ".fileLocation.stream needs a streamId"));
            return Optional.of(new FileLocation.Stream(streamId, stream.get().optInt("fileId").orElse(0)));
        }
        return s3.map(o -> new FileLocation.S3Location(
                o.optString("bucket").orElseThrow(() -> FleetlineException.invalid(member
                        + ".fileLocation.s3Location needs a bucket")),
                o.optString("key").orElseThrow(() -> FleetlineException.invalid(member
                        + ".fileLocation.s3Location needs a key")),
                o.optString("version")));
    }

    private static Optional<CodeSigning> signing(Input signing, String member) {
        List<CodeSigning> ways = new ArrayList<>();
        signing.optString("awsSignerJobId").ifPresent(id -> ways.add(new CodeSigning.SignerJob(id)));
        signing.object("startSigningJobParameter").map(OtaUpdateInput::nested).ifPresent(s -> ways.add(
                new CodeSigning.StartSigning(s.optString("signingProfileName"),
                        s.object("signingProfileParameter").map(OtaUpdateInput::nested)
                                .map(p -> new CodeSigning.ProfileParameter(p.optString("certificateArn"),
                                        p.optString("platform"), p.optString("certificatePathOnDevice"))),
                        s.object("destination").flatMap(d -> Optional.ofNullable(d.get("s3Destination")))
                                .map(OtaUpdateInput::nested).flatMap(d -> d.optString("bucket")
                                        .map(b -> new CodeSigning.Destination(b, d.optString("prefix")))))));
        signing.object("customCodeSigning").map(OtaUpdateInput::nested).ifPresent(c -> ways.add(custom(c, member)));
        if (ways.size() > 1) {
            throw FleetlineException.invalid(member + ".codeSigning names more than one of awsSignerJobId,"
                    + " startSigningJobParameter and customCodeSigning; give one");
        }
        return ways.stream().findFirst();
    }

    private static CodeSigning custom(Input custom, String member) {
        Optional<CodeSigning.Signature> signature = custom.object("signature").map(OtaUpdateInput::nested)
                .flatMap(s -> s.optString("inlineDocument")).map(text -> {
                    try {
                        return new CodeSigning.Signature(Base64.getDecoder().decode(text));
                    } catch (IllegalArgumentException e) {
                        throw FleetlineException.invalid(member + ".codeSigning.customCodeSigning.signature"
                                + ".inlineDocument is not base64 (a blob)");
                    }
                });
        Optional<Input> chain = custom.object("certificateChain").map(OtaUpdateInput::nested);
        return new CodeSigning.Custom(signature, chain.flatMap(c -> c.optString("certificateName")),
                chain.flatMap(c -> c.optString("inlineDocument")), custom.optString("hashAlgorithm"),
                custom.optString("signatureAlgorithm"));
    }

    /** A nested structure, read with the same exactness as the input (the validator checked it is an object). */
    private static Input nested(JsonNode node) {
        return new Input(node instanceof ObjectNode object ? object : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }
}
