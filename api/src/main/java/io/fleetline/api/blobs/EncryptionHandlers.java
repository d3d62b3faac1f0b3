package io.fleetline.api.blobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.s3.S3Call;
import io.fleetline.api.s3.S3Exception;
import io.fleetline.api.s3.S3Result;
import io.fleetline.blobs.bucket.BucketEncryption;
import io.fleetline.blobs.bucket.BucketService;
import java.util.Map;
import java.util.Optional;

/**
 * Put/Get/DeleteBucketEncryption. Only SSE-S3 ({@code AES256}) is taken: SSE-KMS and DSSE-KMS would need a KMS,
 * which Fleetline does not have, so they are {@code NotImplemented} rather than kept and not honoured. A bucket with no
 * configuration put answers {@code ServerSideEncryptionConfigurationNotFoundError}, as S3 did before it encrypted
 * every bucket by default: Fleetline does not encrypt the bytes itself, and reporting SSE-S3 nobody asked for would
 * claim it did.
 */
final class EncryptionHandlers {
    private final BucketService buckets;

    private EncryptionHandlers(BucketService buckets) {
        this.buckets = buckets;
    }

    static void register(Handlers handlers, BucketService buckets) {
        EncryptionHandlers h = new EncryptionHandlers(buckets);
        handlers.register("PutBucketEncryption", h::put);
        handlers.register("GetBucketEncryption", h::get);
        handlers.register("DeleteBucketEncryption", h::delete);
    }

    private S3Result put(S3Call call) {
        JsonNode config = call.input().object("ServerSideEncryptionConfiguration")
                .orElseThrow(S3Exception::malformedXml);
        JsonNode rules = config.path("Rules");
        if (!rules.isArray() || rules.size() != 1) {
            throw S3Exception.malformedXml();  // S3 takes exactly one rule
        }
        JsonNode rule = rules.get(0);
        JsonNode byDefault = rule.path("ApplyServerSideEncryptionByDefault");
        if (!byDefault.isObject()) {
            throw S3Exception.malformedXml();
        }
        String algorithm = byDefault.path("SSEAlgorithm").asText("");
        switch (algorithm) {
            case BucketEncryption.SSE_S3 -> { }
            case "aws:kms", "aws:kms:dsse" -> throw new S3Exception("NotImplemented", "Default encryption " + algorithm
                    + " is not implemented: Fleetline has no KMS. Use AES256 (SSE-S3).");
            default -> throw S3Exception.malformedXml();
        }
        if (byDefault.hasNonNull("KMSMasterKeyID")) {
            throw S3Exception.invalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not "
                    + "aws:kms or aws:kms:dsse");
        }
        if (rule.path("BlockedEncryptionTypes").path("EncryptionType").size() > 0) {
            throw Members.notImplemented("blocked encryption types");
        }
        JsonNode bucketKey = rule.path("BucketKeyEnabled");
        Optional<Boolean> bucketKeyEnabled = bucketKey.isBoolean() ? Optional.of(bucketKey.booleanValue())
                : Optional.empty();
        buckets.putEncryption(Members.bucket(call), new BucketEncryption(bucketKeyEnabled));
        return S3Result.empty();
    }

    private S3Result get(S3Call call) {
        String bucket = Members.bucket(call);
        BucketEncryption encryption = buckets.encryption(bucket).orElseThrow(() -> new S3Exception(
                "ServerSideEncryptionConfigurationNotFoundError",
                "The server side encryption configuration was not found", Map.of("BucketName", bucket)));
        ObjectNode output = Members.output();
        ObjectNode rule = output.putObject("ServerSideEncryptionConfiguration").putArray("Rules").addObject();
        rule.putObject("ApplyServerSideEncryptionByDefault").put("SSEAlgorithm", encryption.algorithm());
        encryption.bucketKeyEnabled().ifPresent(enabled -> rule.put("BucketKeyEnabled", enabled));
        return S3Result.of(output);
    }

    private S3Result delete(S3Call call) {
        buckets.deleteEncryption(Members.bucket(call));
        return S3Result.empty();
    }
}
