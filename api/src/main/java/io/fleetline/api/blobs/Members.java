package io.fleetline.api.blobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.handler.Input;
import io.fleetline.api.s3.S3Call;
import io.fleetline.api.s3.S3Exception;
import io.fleetline.blobs.object.Conditions;
import io.fleetline.blobs.object.CopySource;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.VersionId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** Reading the wire members the handlers share into domain values, and writing the values they share back. */
final class Members {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Every object is in S3's one storage class as far as a client can tell. */
    static final String STORAGE_CLASS = "STANDARD";
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private Members() {
    }

    static ObjectNode output() {
        return NODES.objectNode();
    }

    /** A timestamp member as an output holds it: epoch seconds at millisecond resolution (the codec formats it). */
    static JsonNode time(Instant instant) {
        return NODES.numberNode(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }

    /** An HTTP date, for the string members S3 writes as one ({@code Expires}) and for error headers. */
    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    static String bucket(S3Call call) {
        return call.input().string("Bucket");
    }

    static String key(S3Call call) {
        return call.input().string("Key");
    }

    static Optional<VersionId> versionId(S3Call call) {
        return call.input().optString("VersionId").map(VersionId::of);
    }

    /** {@code Content-Type} and the {@code x-amz-meta-*} map, as the object will keep them. */
    static ObjectAttributes attributes(S3Call call) {
        return ObjectAttributes.of(call.input().optString("ContentType"),
                Input.stringMap(call.input().object("Metadata").orElse(null)));
    }

    /** GetObject's and HeadObject's {@code If-*} headers. */
    static Conditions readConditions(S3Call call) {
        return new Conditions(call.input().optString("IfMatch"), call.input().optString("IfNoneMatch"),
                call.instant("IfModifiedSince"), call.instant("IfUnmodifiedSince"));
    }

    /** CopyObject's and UploadPartCopy's {@code x-amz-copy-source-if-*} headers. */
    static Conditions copySourceConditions(S3Call call) {
        return new Conditions(call.input().optString("CopySourceIfMatch"), call.input().optString("CopySourceIfNoneMatch"),
                call.instant("CopySourceIfModifiedSince"), call.instant("CopySourceIfUnmodifiedSince"));
    }

    /** {@code x-amz-copy-source}: {@code bucket/key[?versionId=...]}, percent-encoded. */
    static CopySource copySource(S3Call call) {
        io.fleetline.api.s3.CopySource source = io.fleetline.api.s3.CopySource.parse(call.input().string("CopySource"));
        return new CopySource(source.bucket(), source.key(), source.versionId().map(VersionId::of));
    }

    /**
     * Refuses what the object store would otherwise silently not do: keep an object encrypted with the caller's key
     * (SSE-C) or a KMS key, or keep its tags (GetObjectTagging answers an empty set). SSE-S3 ({@code AES256}) is
     * taken, as S3 encrypts every object so anyway.
     */
    static void refuseUnkept(S3Call call) {
        if (call.input().object("SSECustomerAlgorithm").isPresent() || call.input().object("SSECustomerKey").isPresent()) {
            throw notImplemented("server-side encryption with customer-provided keys");
        }
        call.input().optString("ServerSideEncryption").filter(sse -> !sse.equals("AES256")).ifPresent(sse -> {
            throw notImplemented("server-side encryption " + sse);
        });
        if (call.input().optString("Tagging").filter(tags -> !tags.isEmpty()).isPresent()) {
            throw notImplemented("object tags (x-amz-tagging)");
        }
        if (call.input().object("ObjectLockMode").isPresent()
                || call.input().object("ObjectLockLegalHoldStatus").isPresent()) {
            throw notImplemented("object lock");
        }
    }

    /** A member the domain has no notion of, asked for with a value that would change the answer. */
    static S3Exception notImplemented(String what) {
        return new S3Exception("NotImplemented", "A header or query you provided requested a function that is not "
                + "implemented: " + what + ".");
    }
}
