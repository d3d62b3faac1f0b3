package io.fleetline.api.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.ota.signing.SigningJob;
import io.fleetline.ota.signing.SigningJobs;
import io.fleetline.ota.signing.SigningStatus;
import io.fleetline.ota.signing.SigningTx;
import io.fleetline.ota.signing.SourceObject;
import io.fleetline.ota.signing.StartSigning;
import java.util.Optional;

/** StartSigningJob, DescribeSigningJob and ListSigningJobs. */
final class SigningJobHandlers {
    private final SigningJobs jobs;
    private final AccountScope scope;

    private SigningJobHandlers(SigningJobs jobs, AccountScope scope) {
        this.jobs = jobs;
        this.scope = scope;
    }

    static void register(HandlerRegistry registry, SigningJobs jobs, AccountScope scope) {
        SigningJobHandlers h = new SigningJobHandlers(jobs, scope);
        registry.register("signer", "StartSigningJob", h::start)
                .register("signer", "DescribeSigningJob", h::describe)
                .register("signer", "ListSigningJobs", h::list);
    }

    private JsonNode start(OperationCall call) {
        Input in = call.input();
        JsonNode source = in.node().path("source").path("s3");
        JsonNode destination = in.node().path("destination").path("s3");
        if (!source.isObject()) {
            throw FleetlineException.invalid("source.s3 is required: AWS Signer signs objects of the object store");
        }
        if (!destination.path("bucketName").isTextual()) {
            throw FleetlineException.invalid("destination.s3.bucketName is required: the signed object is written "
                    + "there");
        }
        SigningJob job = jobs.start(new StartSigning(in.string("profileName"), in.optString("profileOwner"),
                new SourceObject(source.path("bucketName").asText(), source.path("key").asText(),
                        source.path("version").asText()), destination.path("bucketName").asText(),
                destination.path("prefix").asText(""), in.string("clientRequestToken"), principal()));
        return Output.object().put("jobId", job.jobId()).put("jobOwner", job.jobOwner());
    }

    /** Fleetline's access keys act for their account as its root user does. */
    private String principal() {
        return "arn:aws:iam::" + scope.accountId() + ":root";
    }

    private JsonNode describe(OperationCall call) {
        SigningJob job = jobs.describe(call.input().string("jobId"));
        ObjectNode out = summary(job, Output.object());
        out.remove("isRevoked");
        out.set("signingParameters", Output.stringMap(job.signingParameters()));
        job.completedAt().ifPresent(at -> out.set("completedAt", Output.timestamp(at)));
        out.put("requestedBy", job.requestedBy());
        job.statusReason().ifPresent(reason -> out.put("statusReason", reason));
        return out;
    }

    private JsonNode list(OperationCall call) {
        Input in = call.input();
        Optional<SigningStatus> status = in.optString("status").flatMap(SigningStatus::ofWire);
        SigningTx.JobFilter filter = new SigningTx.JobFilter(status, in.optString("platformId"),
                in.optString("requestedBy"), in.optString("jobInvoker"), in.optInstant("signatureExpiresBefore"),
                in.optInstant("signatureExpiresAfter"));
        Page<SigningJob> page = jobs.list(filter, in.bool("isRevoked"), PageRequest.of(
                in.optInt("maxResults").orElse(null), in.optString("nextToken").orElse(null), SignerApi.DEFAULT_PAGE));
        ObjectNode out = Output.object();
        ArrayNode items = out.putArray("jobs");
        page.items().forEach(job -> items.add(summary(job, Output.object())));
        Output.nextToken(out, page);
        return out;
    }

    /** The members a list entry (SigningJob) and DescribeSigningJob share. */
    private static ObjectNode summary(SigningJob job, ObjectNode out) {
        out.put("jobId", job.jobId());
        out.putObject("source").putObject("s3").put("bucketName", job.source().bucket())
                .put("key", job.source().key()).put("version", job.source().version());
        job.signedObject().ifPresent(signed -> out.putObject("signedObject").putObject("s3")
                .put("bucketName", signed.bucket()).put("key", signed.key()));
        out.putObject("signingMaterial").put("certificateArn", job.certificateArn().value());
        out.set("createdAt", Output.timestamp(job.createdAt()));
        out.put("status", job.status().wire());
        out.put("isRevoked", false);
        out.put("profileName", job.profileName()).put("profileVersion", job.profileVersion())
                .put("platformId", job.platformId());
        job.signatureExpiresAt().ifPresent(at -> out.set("signatureExpiresAt", Output.timestamp(at)));
        out.put("jobOwner", job.jobOwner()).put("jobInvoker", job.jobInvoker());
        return out;
    }
}
